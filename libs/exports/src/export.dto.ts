import { IsCalendarDate, PaginationQueryDto } from '@albergue/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

import {
  DATASETS,
  DATASET_VOCABULARY,
  Dataset,
  EXPORT_FORMATS,
  EXPORT_FORMAT_VOCABULARY,
  EXPORT_STATUS_VOCABULARY,
  EXPORT_STATUSES,
  ExportFormat,
  ExportStatus,
} from './export-vocabularies';

export class CreateExportDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  partnerId: string;

  @ApiProperty({ enum: DATASETS })
  @DATASET_VOCABULARY.validator()
  dataset: Dataset;

  @ApiProperty({ enum: EXPORT_FORMATS })
  @EXPORT_FORMAT_VOCABULARY.validator()
  format: ExportFormat;

  @ApiProperty({
    example: '2026-01-01',
    description:
      'First day of occurrence included. Aggregate and de-identified exports cover one whole calendar month, ' +
      'quarter, half-year or year: from is the first day of a month.',
  })
  @IsCalendarDate()
  from: string;

  @ApiProperty({
    example: '2026-06-30',
    description:
      'Last day of occurrence included: for aggregate and de-identified exports, the last day of the month, ' +
      'calendar quarter, half-year or year that from begins.',
  })
  @IsCalendarDate()
  to: string;
}

/** `GET /exports?partnerId=&status=`: newest first, a page at a time. */
export class ExportsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'Only this partner’s exports. A partner user naming another organization’s partner gets an empty list.',
  })
  @IsOptional()
  @IsUUID()
  partnerId?: string;

  @ApiPropertyOptional({ enum: EXPORT_STATUSES, description: 'GET /vocabularies/export-statuses' })
  @IsOptional()
  @EXPORT_STATUS_VOCABULARY.validator()
  status?: ExportStatus;
}
