import { Actor, CurrentActor, Roles } from '@albergue/access';
import { NoBodyPipe, Page, PaginationQueryDto, UuidPipe } from '@albergue/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';

import { AsylumApplicationsQueryDto, CreateAsylumApplicationDto } from './asylum-application.dto';
import type { AsylumApplicationView, OpenDeadlineView } from './asylum-application.view';
import { AsylumApplicationsService } from './asylum-applications.service';
import { RecordAsylumEventDto } from './asylum-event.dto';
import { AsylumEventsService } from './asylum-events.service';
import { AsylumStatsQueryDto } from './asylum-stats.dto';
import { AsylumStats, AsylumStatsService } from './asylum-stats.service';
import { DeadlinesQueryDto } from './deadlines.dto';
import { DeadlinesService } from './deadlines.service';
import { ReminderView, RemindersService } from './reminders.service';

/** Shelter workers do intake, not legal casework: asylum records stay with lawyers, coordinators and admins. */
export const ASYLUM_ROLES = ['admin', 'coordinator', 'lawyer'] as const;

@ApiTags('asylum')
@ApiBearerAuth()
@Controller()
export class AsylumController {
  constructor(
    private readonly applications: AsylumApplicationsService,
    private readonly events: AsylumEventsService,
    private readonly deadlines: DeadlinesService,
    private readonly stats: AsylumStatsService,
    private readonly reminders: RemindersService,
  ) {}

  @Post('asylum-applications')
  @Roles(...ASYLUM_ROLES)
  @ApiOperation({ summary: 'Open an application; a lawyer’s own by default. Answers its status and deadlines.' })
  create(@Body() body: CreateAsylumApplicationDto, @CurrentActor() actor: Actor): Promise<AsylumApplicationView> {
    return this.applications.create(actor, body);
  }

  @Get('asylum-applications')
  @Roles(...ASYLUM_ROLES)
  @ApiOperation({ summary: 'Applications the caller may see, newest first; the ids returned are audited.' })
  list(@Query() query: AsylumApplicationsQueryDto, @CurrentActor() actor: Actor): Promise<Page<AsylumApplicationView>> {
    return this.applications.list(actor, query);
  }

  @Get('asylum-applications/:id')
  @Roles(...ASYLUM_ROLES)
  @ApiOperation({ summary: 'One application with its timeline and deadlines; the read is audited.' })
  findOne(@Param('id', new UuidPipe()) id: string, @CurrentActor() actor: Actor): Promise<AsylumApplicationView> {
    return this.applications.findVisible(actor, id);
  }

  @Post('asylum-applications/:id/events')
  @Roles(...ASYLUM_ROLES)
  @ApiOperation({
    summary:
      'Record an event: the only way the status changes. 409 names the allowed events; a late filing needs lateJustification.',
  })
  recordEvent(
    @Param('id', new UuidPipe()) id: string,
    @Body() body: RecordAsylumEventDto,
    @CurrentActor() actor: Actor,
  ): Promise<AsylumApplicationView> {
    return this.events.record(actor, id, body);
  }

  @Get('deadlines')
  @Roles(...ASYLUM_ROLES)
  @ApiOperation({ summary: 'Open deadlines of the applications the caller may see, soonest first.' })
  openDeadlines(@Query() query: DeadlinesQueryDto, @CurrentActor() actor: Actor): Promise<Page<OpenDeadlineView>> {
    return this.deadlines.listOpen(actor, query);
  }

  @Get('stats/asylum')
  @Roles(...ASYLUM_ROLES)
  @ApiOperation({ summary: 'First-instance decisions, granted (any protection), denied and grant rate, by group.' })
  statistics(@Query() query: AsylumStatsQueryDto, @CurrentActor() actor: Actor): Promise<AsylumStats> {
    return this.stats.decisions(actor, query);
  }

  @Get('reminders')
  @Roles(...ASYLUM_ROLES)
  @ApiOperation({ summary: 'The caller’s own deadline reminders, newest first.' })
  ownReminders(@Query() query: PaginationQueryDto, @CurrentActor() actor: Actor): Promise<Page<ReminderView>> {
    return this.reminders.listOwn(actor, query);
  }

  @Get('reminders/unread-count')
  @Roles(...ASYLUM_ROLES)
  @ApiOperation({ summary: 'How many of the caller’s reminders are unread: {unread}.' })
  unreadReminders(@CurrentActor() actor: Actor): Promise<{ unread: number }> {
    return this.reminders.unreadCount(actor);
  }

  @Post('reminders/:id/read')
  @HttpCode(204)
  @Roles(...ASYLUM_ROLES)
  @ApiOperation({ summary: 'Marks one of the caller’s reminders read (204; again changes nothing; another’s is 404).' })
  async readReminder(
    @Param('id', new UuidPipe()) id: string,
    @Body(NoBodyPipe) _body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.reminders.markRead(actor, id);
  }
}
