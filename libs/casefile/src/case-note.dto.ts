import { PaginationQueryDto } from '@albergue/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

import { CASE_NOTE_KIND_VOCABULARY, CASE_NOTE_KINDS, CaseNoteKind } from './case-note-kinds';

export const NOTE_BODY_MAX_LENGTH = 20000;

export class CreateCaseNoteDto {
  @ApiProperty({
    enum: CASE_NOTE_KINDS,
    description:
      'general, social: read by the staff of the person’s shelters and admins; legal: by the lawyers on the ' +
      'person’s applications and admins; medical, psychosocial: by coordinators of the person’s shelters, admins ' +
      'and the note’s author.',
  })
  @CASE_NOTE_KIND_VOCABULARY.validator()
  kind: CaseNoteKind;

  @ApiProperty({ maxLength: NOTE_BODY_MAX_LENGTH, description: 'The note; stored encrypted, never edited.' })
  @IsString()
  @Matches(/\S/, { message: 'body must not be blank' })
  @MaxLength(NOTE_BODY_MAX_LENGTH)
  body: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The note this one corrects: a note of the same person, of the same kind, that you may read.',
  })
  @IsOptional()
  @IsUUID()
  corrects?: string;
}

export class CaseNotesQueryDto extends PaginationQueryDto {}
