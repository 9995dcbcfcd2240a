import { IsCalendarDate } from '@albergue/platform';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';

import { DATASETS, Dataset, EXPORT_FORMATS, ExportFormat } from './export-vocabularies';

export class CreateExportDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  partnerId: string;

  @ApiProperty({ enum: DATASETS })
  @IsIn(DATASETS)
  dataset: Dataset;

  @ApiProperty({ enum: EXPORT_FORMATS })
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat;

  @ApiProperty({ example: '2026-01-01', description: 'First day of occurrence included.' })
  @IsCalendarDate()
  from: string;

  @ApiProperty({ example: '2026-06-30', description: 'Last day of occurrence included.' })
  @IsCalendarDate()
  to: string;
}
