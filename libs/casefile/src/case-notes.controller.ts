import { Actor, CurrentActor, Roles } from '@albergue/access';
import { Page, UuidPipe } from '@albergue/platform';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';

import { CaseNotesQueryDto, CreateCaseNoteDto } from './case-note.dto';
import type { CaseNoteView } from './case-note.view';
import { CaseNotesService } from './case-notes.service';

/** Partners never see a person's case file. */
export const CASE_FILE_ROLES = ['admin', 'coordinator', 'shelter_worker', 'lawyer'] as const;

@ApiTags('case file')
@ApiBearerAuth()
@Controller('persons/:id/notes')
export class CaseNotesController {
  constructor(private readonly notes: CaseNotesService) {}

  @Post()
  @Roles(...CASE_FILE_ROLES)
  @ApiOperation({
    summary:
      'Add a note to a person’s case file (never edited; `corrects` names the note a correction replaces). ' +
      'Writable kinds: admins all; coordinators general, social, medical, psychosocial; shelter workers the same ' +
      '(reading their own medical and psychosocial notes only); lawyers legal.',
  })
  create(
    @Param('id', new UuidPipe()) personId: string,
    @Body() body: CreateCaseNoteDto,
    @CurrentActor() actor: Actor,
  ): Promise<CaseNoteView> {
    return this.notes.create(actor, personId, body);
  }

  @Get()
  @Roles(...CASE_FILE_ROLES)
  @ApiOperation({
    summary:
      'The person’s notes you may read, newest first, paginated, each with the notes correcting it; audited. ' +
      'Notes of kinds you may not read are neither listed nor counted.',
  })
  list(
    @Param('id', new UuidPipe()) personId: string,
    @Query() query: CaseNotesQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<Page<CaseNoteView>> {
    return this.notes.list(actor, personId, query);
  }
}
