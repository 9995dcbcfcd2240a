import { IsCalendarDate } from '@albergue/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export const ASYLUM_STATS_GROUPS = ['nationality', 'jurisdiction'] as const;
export type AsylumStatsGroup = (typeof ASYLUM_STATS_GROUPS)[number];

export class AsylumStatsQueryDto {
  @ApiProperty({ enum: ASYLUM_STATS_GROUPS })
  @IsIn(ASYLUM_STATS_GROUPS, { message: `groupBy must be one of ${ASYLUM_STATS_GROUPS.join(', ')}` })
  groupBy: AsylumStatsGroup;

  @ApiPropertyOptional({ format: 'date', description: 'Decisions on or after this day.' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Decisions on or before this day.' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}
