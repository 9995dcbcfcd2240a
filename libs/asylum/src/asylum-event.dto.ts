import { IsPastDate, trimmed } from '@albergue/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

import {
  ASYLUM_EVENT_TYPES,
  ASYLUM_EVENT_TYPE_VOCABULARY,
  AsylumEventType,
  DECISION_OUTCOMES,
  DECISION_OUTCOME_VOCABULARY,
  DecisionOutcome,
} from './asylum-vocabulary';

export class RecordAsylumEventDto {
  @ApiProperty({ enum: ASYLUM_EVENT_TYPES })
  @ASYLUM_EVENT_TYPE_VOCABULARY.validator({ message: `type must be one of ${ASYLUM_EVENT_TYPES.join(', ')}` })
  type: AsylumEventType;

  @ApiProperty({ format: 'date', example: '2026-03-20' })
  @IsPastDate()
  occurredOn: string;

  @ApiPropertyOptional({
    format: 'date',
    description:
      'On a decision, an appeal decision or an abandonment: the day the applicant was notified (defaults to occurredOn); starts the clock of the remedy against it.',
  })
  @IsOptional()
  @IsPastDate()
  notifiedOn?: string;

  @ApiPropertyOptional({ enum: DECISION_OUTCOMES, description: 'Required on decision and appeal_decision.' })
  @IsOptional()
  @DECISION_OUTCOME_VOCABULARY.validator({ message: `outcome must be one of ${DECISION_OUTCOMES.join(', ')}` })
  outcome?: DecisionOutcome;

  @ApiPropertyOptional({ description: 'On filed: lodged by a representative, so the applicant must ratify.' })
  @IsOptional()
  @IsBoolean()
  viaRepresentative?: boolean;

  @ApiPropertyOptional({
    description: 'On a filed event after the filing deadline: why it came late. Stored encrypted.',
  })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  lateJustification?: string;

  @ApiPropertyOptional({ description: 'Stored encrypted.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string;
}
