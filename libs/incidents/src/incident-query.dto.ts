import { IsCalendarDate, PaginationQueryDto } from '@albergue/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';

import { INCIDENT_STATUSES, IncidentStatus } from './incident.entity';
import {
  ACT_TYPES,
  ACT_TYPE_VOCABULARY,
  ActType,
  PERPETRATOR_TYPES,
  PERPETRATOR_TYPE_VOCABULARY,
  PerpetratorType,
} from './vocabularies';

export class IncidentListQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  shelterId?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Occurred on or after.' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Occurred on or before.' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only incidents in which this person on record is a victim.' })
  @IsOptional()
  @IsUUID()
  victimPersonId?: string;

  @ApiPropertyOptional({ enum: ACT_TYPES })
  @IsOptional()
  @ACT_TYPE_VOCABULARY.validator()
  actType?: ActType;

  @ApiPropertyOptional({ enum: PERPETRATOR_TYPES })
  @IsOptional()
  @PERPETRATOR_TYPE_VOCABULARY.validator()
  perpetratorType?: PerpetratorType;

  @ApiPropertyOptional({ enum: INCIDENT_STATUSES })
  @IsOptional()
  @IsIn(INCIDENT_STATUSES)
  status?: IncidentStatus;
}

export const STATS_GROUPINGS = ['perpetratorType', 'actType', 'state', 'month'] as const;
export type StatsGrouping = (typeof STATS_GROUPINGS)[number];

export class IncidentStatsQueryDto {
  @ApiProperty({ enum: STATS_GROUPINGS })
  @IsIn(STATS_GROUPINGS)
  groupBy: StatsGrouping;

  @ApiProperty({
    format: 'date',
    description:
      'First day of the period: the first day of a month (the period is a whole month, quarter, half-year or year).',
  })
  @IsCalendarDate()
  from: string;

  @ApiProperty({
    format: 'date',
    description:
      'Last day of the period: the last day of the month, calendar quarter, half-year or year that from begins.',
  })
  @IsCalendarDate()
  to: string;
}
