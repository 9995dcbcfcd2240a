import { MIN_CELL_SIZE } from '@albergue/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

import { DATASETS, DATASET_VOCABULARY, Dataset } from './export-vocabularies';

export class AgreementDto {
  @ApiProperty({ enum: DATASETS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @DATASET_VOCABULARY.validator({ each: true })
  datasets: Dataset[];

  @ApiPropertyOptional({ minimum: MIN_CELL_SIZE, default: MIN_CELL_SIZE })
  @IsOptional()
  @IsInt()
  @Min(MIN_CELL_SIZE)
  @Max(1000)
  minCellSize?: number;

  @ApiPropertyOptional({
    default: false,
    description:
      'Sexual-violence acts leave in de-identified and identified exports only when this is true; ' +
      'otherwise they are counted in aggregate exports alone.',
  })
  @IsOptional()
  @IsBoolean()
  sexualViolenceDeidentified?: boolean;
}

export class CreatePartnerDto {
  @ApiProperty({ example: 'Comisión de derechos humanos' })
  @IsString()
  @MinLength(2)
  @MaxLength(300)
  name: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Directory organization whose partner users may download the files.',
  })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiProperty({ description: 'Armored OpenPGP public key that can encrypt.' })
  @IsString()
  @MaxLength(100_000)
  pgpPublicKey: string;

  @ApiPropertyOptional({ example: 'https://partner.example/hooks/albergue' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  webhookUrl?: string;

  @ApiProperty({ type: AgreementDto })
  @ValidateNested()
  @Type(() => AgreementDto)
  agreement: AgreementDto;
}
