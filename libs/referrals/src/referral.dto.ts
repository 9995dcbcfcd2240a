import { PaginationQueryDto } from '@albergue/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';

import {
  REFERRAL_STATUSES,
  REFERRAL_STATUS_VOCABULARY,
  ReferralStatus,
  SHAREABLE_PERSON_FIELDS,
  SHAREABLE_PERSON_FIELD_VOCABULARY,
  ShareablePersonField,
  Urgency,
  URGENCIES,
} from './referral.vocabularies';

export class CreateReferralDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  personId: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  serviceId: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The referring shelter. Default: the shelter of the person’s open stay in your shelters, else of the latest one.',
  })
  @IsOptional()
  @IsUUID()
  shelterId?: string;

  @ApiProperty({ description: 'Why the person is referred; stored encrypted, shown to the receiving organization.' })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  reason: string;

  @ApiProperty({ enum: URGENCIES })
  @IsIn(URGENCIES)
  urgency: Urgency;

  @ApiProperty({ description: 'The person agreed to the referral and to sharing the fields named. Must be true.' })
  @IsBoolean()
  consentObtained: boolean;

  @ApiPropertyOptional({
    enum: SHAREABLE_PERSON_FIELDS,
    isArray: true,
    description: 'Person fields the receiving organization may see. Default: givenNames, familyNames.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SHAREABLE_PERSON_FIELDS.length)
  @SHAREABLE_PERSON_FIELD_VOCABULARY.validator({ each: true })
  sharedFields?: ShareablePersonField[];
}

export class ChangeReferralStatusDto {
  @ApiProperty({ enum: REFERRAL_STATUSES })
  @REFERRAL_STATUS_VOCABULARY.validator()
  status: ReferralStatus;

  @ApiPropertyOptional({ description: 'Stored encrypted.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string;
}

export class ReferralsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional({ enum: REFERRAL_STATUSES })
  @IsOptional()
  @REFERRAL_STATUS_VOCABULARY.validator()
  status?: ReferralStatus;

  @ApiPropertyOptional({ description: 'Only referrals left pending past their urgency’s limit.' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;
}

export class InboxQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: REFERRAL_STATUSES })
  @IsOptional()
  @REFERRAL_STATUS_VOCABULARY.validator()
  status?: ReferralStatus;
}
