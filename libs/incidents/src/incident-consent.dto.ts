import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

import { CONSENT_LEVELS, ConsentLevel } from './incident-consent.entity';

/**
 * A consent as the victims gave it: taken with the report, and again whenever they change it.
 * Level `none` after `anonymous` or `identified` withdraws the consent.
 */
export class ConsentDto {
  @ApiProperty({
    enum: CONSENT_LEVELS,
    example: 'anonymous',
    description:
      'none: nothing leaves the shelter (after a consent, this withdraws it); anonymous: counts and de-identified data; identified: also identified data.',
  })
  @IsIn(CONSENT_LEVELS)
  level: ConsentLevel;

  @ApiPropertyOptional({
    type: [String],
    description:
      'Ids of the partners or directory organizations the victims agreed to, never names (a name or an unknown id is 422); none or empty: any recipient whose data-sharing agreement allows it (names and narratives only ever go to a recipient named here). Not with level none.',
  })
  @IsOptional()
  @IsArray()
  @Transform(({ value }) =>
    Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item.trim() : item)) : value,
  )
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  @ArrayUnique()
  @ArrayMaxSize(20)
  recipients?: string[];
}
