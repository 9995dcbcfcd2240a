import { Actor, CurrentActor, Roles } from '@albergue/access';
import { ApiIdempotencyKey, checkedIdempotencyKey, markReplayed, NoBodyPipe, Page, UuidPipe } from '@albergue/platform';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { ConsentDto } from './incident-consent.dto';
import { IncidentConsentService } from './incident-consent.service';
import { IncidentListQueryDto } from './incident-query.dto';
import { ReviewIncidentDto } from './incident-review.dto';
import { IncidentReviewService, ReviewResult } from './incident-review.service';
import { CreateIncidentDto } from './incident.dto';
import type { ConsentView, IncidentSummary, IncidentView } from './incident.view';
import { IncidentsService } from './incidents.service';

/** Shelter staff record and read the incidents of their shelters; lawyers and partners never see them. */
const SHELTER_STAFF = ['admin', 'coordinator', 'shelter_worker'] as const;

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('incidents')
export class IncidentsController {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly reviews: IncidentReviewService,
    private readonly consents: IncidentConsentService,
  ) {}

  @Post()
  @Roles(...SHELTER_STAFF)
  @ApiOperation({ summary: 'Record an abuse incident (HURIDOCS event, acts, perpetrators) with the victims’ consent.' })
  @ApiIdempotencyKey('records the incident')
  async create(
    @Body() body: CreateIncidentDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<IncidentSummary> {
    const key = checkedIdempotencyKey(idempotencyKey);
    if (key === undefined) return this.incidents.create(actor, body);
    const { result, replayed } = await this.incidents.createWithKey(actor, body, key);
    markReplayed(reply, replayed);
    return result;
  }

  @Get()
  @Roles(...SHELTER_STAFF)
  @ApiOperation({ summary: 'Incidents of the caller’s shelters, latest first; never any free text. Audited.' })
  list(@Query() query: IncidentListQueryDto, @CurrentActor() actor: Actor): Promise<Page<IncidentSummary>> {
    return this.incidents.list(actor, query);
  }

  @Get(':id')
  @Roles(...SHELTER_STAFF)
  @ApiOperation({ summary: 'One incident with narrative and other free text decrypted; the read is audited.' })
  findOne(@Param('id', new UuidPipe()) id: string, @CurrentActor() actor: Actor): Promise<IncidentView> {
    return this.incidents.findVisible(actor, id);
  }

  @Post(':id/review')
  @Roles('admin', 'coordinator')
  @HttpCode(200)
  @ApiOperation({ summary: 'Verify or reject a submitted incident; a second review is 409.' })
  review(
    @Param('id', new UuidPipe()) id: string,
    @Body() body: ReviewIncidentDto,
    @CurrentActor() actor: Actor,
  ): Promise<ReviewResult> {
    return this.reviews.review(actor, id, body);
  }

  @Post(':id/consent')
  @Roles(...SHELTER_STAFF)
  @ApiOperation({
    summary:
      'Record the victims’ consent anew; level none withdraws it. Lowering takes effect at once; a raise by a shelter worker (to identified, or to another recipient) is pending until a coordinator confirms it.',
  })
  consent(
    @Param('id', new UuidPipe()) id: string,
    @Body() body: ConsentDto,
    @CurrentActor() actor: Actor,
  ): Promise<ConsentView> {
    return this.consents.record(actor, id, body);
  }

  @Post(':id/consent/:version/confirm')
  @Roles('admin', 'coordinator')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm a pending raise of the consent: it is in force from now. Not pending: 409.' })
  confirmConsent(
    @Param('id', new UuidPipe()) id: string,
    @Param('version') version: string,
    @Body(NoBodyPipe) _body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<ConsentView> {
    return this.consents.confirm(actor, id, version, 'effective');
  }

  @Post(':id/consent/:version/decline')
  @Roles('admin', 'coordinator')
  @HttpCode(200)
  @ApiOperation({ summary: 'Decline a pending raise of the consent: the consent in force stays. Not pending: 409.' })
  declineConsent(
    @Param('id', new UuidPipe()) id: string,
    @Param('version') version: string,
    @Body(NoBodyPipe) _body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<ConsentView> {
    return this.consents.confirm(actor, id, version, 'declined');
  }
}
