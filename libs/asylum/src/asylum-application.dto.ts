import { IsPastDate, PaginationQueryDto, trimmed } from '@albergue/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';

import {
  ASYLUM_GROUNDS,
  ASYLUM_GROUND_VOCABULARY,
  ASYLUM_STATUSES,
  ASYLUM_STATUS_VOCABULARY,
  AsylumGround,
  AsylumStatus,
  Jurisdiction,
  JURISDICTIONS,
  JURISDICTION_VOCABULARY,
} from './asylum-vocabulary';

export class CreateAsylumApplicationDto {
  @ApiProperty({ format: 'uuid', description: 'The principal applicant.' })
  @IsUUID()
  personId: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Family members the claim covers.' })
  @IsOptional()
  @IsArray()
  @IsUUID('all', { each: true })
  @ArrayUnique()
  @ArrayMaxSize(20)
  dependentIds?: string[];

  @ApiProperty({ enum: JURISDICTIONS })
  @JURISDICTION_VOCABULARY.validator({ message: `jurisdiction must be one of ${JURISDICTIONS.join(', ')}` })
  jurisdiction: Jurisdiction;

  @ApiPropertyOptional({ example: 'COMAR Tapachula' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  office?: string;

  @ApiProperty({
    format: 'date',
    description: 'Entry into Mexico (MX_COMAR) or the last arrival in the United States: the filing clock starts here.',
  })
  @IsPastDate()
  enteredCountryOn: string;

  @ApiProperty({ enum: ASYLUM_GROUNDS })
  @ASYLUM_GROUND_VOCABULARY.validator({ message: `grounds must be one of ${ASYLUM_GROUNDS.join(', ')}` })
  grounds: AsylumGround;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'An active lawyer; a lawyer may leave it out (the case is theirs) or name only themselves.',
  })
  @IsOptional()
  @IsUUID()
  lawyerId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The shelter whose staff follow the case; by default the shelter of the principal’s latest stay.',
  })
  @IsOptional()
  @IsUUID()
  shelterId?: string;
}

export class AsylumApplicationsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  lawyerId?: string;

  @ApiPropertyOptional({ enum: ASYLUM_STATUSES })
  @IsOptional()
  @ASYLUM_STATUS_VOCABULARY.validator({ message: `status must be one of ${ASYLUM_STATUSES.join(', ')}` })
  status?: AsylumStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'Applications on which the person is principal or dependent.' })
  @IsOptional()
  @IsUUID()
  personId?: string;
}
