import { Actor, CurrentActor, Roles } from '@albergue/access';
import { Page, UuidPipe } from '@albergue/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ChangeReferralStatusDto, CreateReferralDto, InboxQueryDto, ReferralsQueryDto } from './referral.dto';
import type { InboxReferralView, OverdueCount, ReferralSummary, ReferralView } from './referral.view';
import { ReferralAnswer, ReferralsService } from './referrals.service';

/** Lawyers are left out: a referral is the shelter's work, and its reason may hold what a lawyer's client did not share. */
const DESK = ['admin', 'coordinator', 'shelter_worker'] as const;

@ApiTags('referrals')
@ApiBearerAuth()
@Controller('referrals')
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @Post()
  @Roles(...DESK)
  @ApiOperation({ summary: 'Refer a person of your shelters to a service; needs the person’s consent.' })
  create(@Body() body: CreateReferralDto, @CurrentActor() actor: Actor): Promise<ReferralView> {
    return this.referrals.create(actor, body);
  }

  @Get()
  @Roles(...DESK)
  @ApiOperation({ summary: 'Referrals made by your shelters, newest first; ?personId=&status=&overdue=true.' })
  list(@Query() query: ReferralsQueryDto, @CurrentActor() actor: Actor): Promise<Page<ReferralSummary>> {
    return this.referrals.list(actor, query);
  }

  @Get('inbox')
  @Roles('partner')
  @ApiOperation({ summary: 'Referrals to your organization’s services, with only the person fields shared.' })
  inbox(@Query() query: InboxQueryDto, @CurrentActor() actor: Actor): Promise<Page<InboxReferralView>> {
    return this.referrals.inbox(actor, query);
  }

  @Get('overdue-counts')
  @Roles(...DESK)
  @ApiOperation({ summary: 'Referrals left pending past their urgency’s limit, per shelter of yours.' })
  overdueCounts(@CurrentActor() actor: Actor): Promise<{ items: OverdueCount[] }> {
    return this.referrals.overdueCounts(actor);
  }

  @Get(':id')
  @Roles(...DESK)
  @ApiOperation({ summary: 'One referral, reason and history decrypted; the read is audited.' })
  findOne(@Param('id', new UuidPipe()) id: string, @CurrentActor() actor: Actor): Promise<ReferralView> {
    return this.referrals.findVisible(actor, id);
  }

  @Post(':id/status')
  @Roles(...DESK, 'partner')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move a referral: the organization accepts, declines, completes or marks no_show; the shelter cancels.',
  })
  changeStatus(
    @Param('id', new UuidPipe()) id: string,
    @Body() body: ChangeReferralStatusDto,
    @CurrentActor() actor: Actor,
  ): Promise<ReferralAnswer> {
    return this.referrals.changeStatus(actor, id, body);
  }
}
