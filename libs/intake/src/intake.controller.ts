import { Actor, CurrentActor, Roles } from '@albergue/access';
import {
  ApiIdempotencyKey,
  checkedIdempotencyKey,
  markReplayed,
  NoBodyPipe,
  NotFoundError,
  Page,
  UuidPipe,
} from '@albergue/platform';
import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { HouseholdsService } from './households.service';
import {
  CheckoutDto,
  CreateHouseholdDto,
  CreateIntakeDto,
  CreateShelterDto,
  OccupancyHistoryQueryDto,
  StaysQueryDto,
} from './intake.dto';
import { IntakeResult, IntakeService } from './intake.service';
import { MatchingService, PersonMatch } from './matching.service';
import { OccupancyHistory, OccupancyHistoryService } from './occupancy-history.service';
import { CreatePersonDto, MatchQueryDto, PersonSearchQueryDto, UpdatePersonDto } from './person.dto';
import { PersonErasureDto } from './person-erasure.dto';
import { PersonErasureResult, PersonErasureService } from './person-erasure.service';
import { PersonSummary, PersonView } from './person.view';
import { PersonsService } from './persons.service';
import { ShelterEntity } from './shelter.entity';
import { Occupancy, SheltersService } from './shelters.service';
import { CreateStayTransferDto, TransfersQueryDto } from './stay-transfer.dto';
import { StayTransfersService, TransferView } from './stay-transfers.service';
import { PersonStay, StaySummary, StaysService, StayView } from './stays.service';

const DESK = ['admin', 'coordinator', 'shelter_worker'] as const;

@ApiTags('intake')
@ApiBearerAuth()
@Controller()
export class IntakeController {
  constructor(
    private readonly shelters: SheltersService,
    private readonly persons: PersonsService,
    private readonly matching: MatchingService,
    private readonly households: HouseholdsService,
    private readonly intakes: IntakeService,
    private readonly stays: StaysService,
    private readonly erasures: PersonErasureService,
    private readonly transfers: StayTransfersService,
    private readonly histories: OccupancyHistoryService,
  ) {}

  @Post('shelters')
  @Roles('admin')
  @ApiOperation({ summary: 'Add a shelter to the network.' })
  createShelter(@Body() body: CreateShelterDto, @CurrentActor() actor: Actor): Promise<ShelterEntity> {
    return this.shelters.create(body, actor);
  }

  @Get('shelters')
  @Roles(...DESK, 'lawyer')
  @ApiOperation({ summary: 'The shelters the caller works in (all of them for admins).' })
  async listShelters(@CurrentActor() actor: Actor): Promise<{ items: ShelterEntity[]; nextCursor: null }> {
    return { items: await this.shelters.list(actor), nextCursor: null };
  }

  @Get('shelters/:id/occupancy')
  @Roles(...DESK)
  @ApiOperation({ summary: 'Who is in the shelter now: by nationality, sex, age band; unaccompanied minors.' })
  occupancy(@Param('id', new UuidPipe()) id: string, @CurrentActor() actor: Actor): Promise<Occupancy> {
    return this.shelters.occupancy(actor, id);
  }

  @Get('shelters/:id/occupancy/history')
  @Roles('admin', 'coordinator')
  @ApiOperation({
    summary:
      'The coordinator’s dashboard: people present at the end of each of the last `days` days (default 90), and ' +
      'arrivals per week by nationality with counts under 5, and what would give them away, null (suppressed).',
  })
  occupancyHistory(
    @Param('id', new UuidPipe()) id: string,
    @Query() query: OccupancyHistoryQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<OccupancyHistory> {
    return this.histories.history(actor, id, query.days);
  }

  @Get('shelters/:id/stays')
  @Roles(...DESK)
  @ApiOperation({ summary: 'Stays of a shelter, newest first; ?present=true for the residents.' })
  shelterStays(
    @Param('id', new UuidPipe()) id: string,
    @Query() query: StaysQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<Page<StaySummary>> {
    return this.stays.listForShelter(actor, id, query);
  }

  @Post('persons')
  @Roles(...DESK)
  @ApiOperation({ summary: 'Record a person without a stay (an intake records persons itself).' })
  async createPerson(@Body() body: CreatePersonDto, @CurrentActor() actor: Actor): Promise<PersonView> {
    return this.persons.createAudited(actor, body);
  }

  @Get('persons')
  @Roles(...DESK, 'lawyer')
  @ApiOperation({ summary: 'Search the persons the caller may see, by name (accents, case and typos forgiven).' })
  searchPersons(@Query() query: PersonSearchQueryDto, @CurrentActor() actor: Actor): Promise<Page<PersonSummary>> {
    return this.persons.search(actor, query);
  }

  @Get('persons/matches')
  @Roles(...DESK)
  @ApiOperation({
    summary: 'Possible earlier records of a person, network-wide, best first (minimal view).',
    description:
      'Only persons whose given names and surnames resemble the query (accents, order, a missing name and a typo ' +
      'or two forgiven) and not of the other sex; each says why in `reasons`. Each query is audited with the ids ' +
      'it answered; more than MATCH_RATE_LIMIT_PER_HOUR queries per user and hour answer 429.',
  })
  matches(@Query() query: MatchQueryDto, @CurrentActor() actor: Actor): Promise<{ items: PersonMatch[] }> {
    const { limit, ...criteria } = query;
    return this.matching.findMatchesFor(actor, criteria, limit);
  }

  @Get('persons/:id')
  @Roles(...DESK, 'lawyer')
  @ApiOperation({ summary: 'One person, phone decrypted; the read is audited.' })
  person(@Param('id', new UuidPipe()) id: string, @CurrentActor() actor: Actor): Promise<PersonView> {
    return this.persons.findVisible(actor, id);
  }

  @Get('persons/:id/stays')
  @Roles(...DESK)
  @ApiOperation({
    summary: 'A person’s stays in the caller’s shelters, newest first, each with the group it arrived with.',
    description:
      'The group lists the members whose stay of the same arrival the caller may see (names, relationship to the ' +
      'head, present or not). A person the caller may not see is 404.',
  })
  async personStays(
    @Param('id', new UuidPipe()) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<{ items: PersonStay[]; nextCursor: null }> {
    if (!(await this.persons.isVisible(actor, id))) throw new NotFoundError({ es: 'La persona', en: 'The person' });
    return this.stays.listForPerson(actor, id);
  }

  @Patch('persons/:id')
  @Roles(...DESK)
  @ApiOperation({ summary: 'Correct a person’s record.' })
  updatePerson(
    @Param('id', new UuidPipe()) id: string,
    @Body() body: UpdatePersonDto,
    @CurrentActor() actor: Actor,
  ): Promise<PersonView> {
    return this.persons.update(actor, id, body);
  }

  @Post('persons/:id/erasure')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Erase a person on request: their records in every module anonymized in one transaction, counts kept, ' +
      'the erasure audited; a person erased already is 409.',
  })
  erasePerson(
    @Param('id', new UuidPipe()) id: string,
    @Body() body: PersonErasureDto,
    @CurrentActor() actor: Actor,
  ): Promise<PersonErasureResult> {
    return this.erasures.erase(actor, id, body.reason);
  }

  @Post('households')
  @Roles(...DESK)
  @ApiOperation({ summary: 'Group persons into a household.' })
  createHousehold(@Body() body: CreateHouseholdDto, @CurrentActor() actor: Actor) {
    return this.households.create(actor, body);
  }

  @Post('households/:id/checkout')
  @Roles(...DESK)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record the departure of everyone of a group still present, in one transaction.',
    description:
      'Closes every open stay of the household in the caller’s shelters with the same departure, destination and ' +
      'note: all or none. A household the caller cannot see is 404; one with nobody present 409; a departure ' +
      'before anyone’s check-in 422 naming departedAt.',
  })
  checkoutHousehold(
    @Param('id', new UuidPipe()) id: string,
    @Body() body: CheckoutDto,
    @CurrentActor() actor: Actor,
  ): Promise<{ items: StayView[] }> {
    return this.stays.checkoutHousehold(actor, id, body);
  }

  @Post('intake')
  @Roles(...DESK)
  @ApiOperation({
    summary: 'Register an arriving group in one transaction: persons, household, stays, case numbers.',
    description:
      'A member given by `personId` must be a person the caller may see (a stay in their shelters), or one handed ' +
      'over to this shelter by a pending transfer (POST /stays/{id}/transfer): the intake accepts that transfer and ' +
      'closes the old stay as `transferred`. Any other id is 422 naming `members[i].personId`, whether or not the ' +
      'person exists. `closeOpenStaysAsTransferred` closes open stays only in shelters the caller works in.',
  })
  @ApiIdempotencyKey('registers the group')
  async intake(
    @Body() body: CreateIntakeDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<IntakeResult> {
    const key = checkedIdempotencyKey(idempotencyKey);
    if (key === undefined) return this.intakes.intake(actor, body);
    const { result, replayed } = await this.intakes.intakeWithKey(actor, body, key);
    markReplayed(reply, replayed);
    return result;
  }

  @Post('stays/:id/transfer')
  @Roles(...DESK)
  @ApiOperation({
    summary: 'Hand a present person over to another shelter (a pending transfer).',
    description:
      'Staff of the stay’s shelter only. The receiving shelter sees the pending transfer in GET /transfers (names, ' +
      'sex, birth year, nationality, nothing else) and accepts it by registering the person at POST /intake with ' +
      '`personId`, which closes this stay as `transferred`. One pending transfer per person (409); a closed stay is ' +
      '409; an unknown or the same shelter is 422 naming `toShelterId`. Audited on both sides.',
  })
  offerTransfer(
    @Param('id', new UuidPipe()) id: string,
    @Body() body: CreateStayTransferDto,
    @CurrentActor() actor: Actor,
  ): Promise<TransferView> {
    return this.transfers.offer(actor, id, body);
  }

  @Get('transfers')
  @Roles(...DESK)
  @ApiOperation({
    summary: 'Transfers into and out of the caller’s shelters, newest first (pending unless ?status=).',
    description: 'The persons shown are audited; a shelter not the caller’s is 404.',
  })
  listTransfers(@Query() query: TransfersQueryDto, @CurrentActor() actor: Actor): Promise<Page<TransferView>> {
    return this.transfers.list(actor, query);
  }

  @Post('transfers/:id/cancel')
  @Roles(...DESK)
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw (sending side) or decline (receiving side) a pending transfer; else 409.' })
  cancelTransfer(
    @Param('id', new UuidPipe()) id: string,
    @Body(NoBodyPipe) _body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<TransferView> {
    return this.transfers.cancel(actor, id);
  }

  @Get('stays/:id')
  @Roles(...DESK)
  @ApiOperation({ summary: 'One stay, notes decrypted; the read is audited.' })
  stay(@Param('id', new UuidPipe()) id: string, @CurrentActor() actor: Actor): Promise<StayView> {
    return this.stays.findVisible(actor, id);
  }

  @Post('stays/:id/checkout')
  @Roles(...DESK)
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the departure; a second checkout is 409, one before the check-in 422.' })
  checkout(
    @Param('id', new UuidPipe()) id: string,
    @Body() body: CheckoutDto,
    @CurrentActor() actor: Actor,
  ): Promise<StayView> {
    return this.stays.checkout(actor, id, body);
  }
}
