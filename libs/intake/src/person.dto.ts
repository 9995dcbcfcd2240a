import {
  IsNotFutureYear,
  IsPastDate,
  NATIONALITY_CODES,
  PaginationQueryDto,
  trimmed,
  upperCased,
} from '@albergue/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

import { Sex, SEXES, SEX_VOCABULARY } from './intake.vocabularies';

export class CreatePersonDto {
  @ApiProperty({ example: 'José Armando' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  givenNames: string;

  @ApiProperty({ example: 'López Hernández', description: 'Paternal and maternal surnames; either may be missing.' })
  @Transform(trimmed)
  @IsString()
  @MaxLength(200)
  familyNames: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  @ArrayMaxSize(20)
  aliases?: string[];

  @ApiProperty({ enum: SEXES })
  @SEX_VOCABULARY.validator()
  sex: Sex;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  genderIdentity?: string;

  @ApiPropertyOptional({ format: 'date', example: '1991-04-12' })
  @IsOptional()
  @IsPastDate()
  birthDate?: string;

  @ApiPropertyOptional({ example: 1991 })
  @IsOptional()
  @IsInt()
  @Min(1900)
  @IsNotFutureYear()
  estimatedBirthYear?: number;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2, XX when unknown or stateless', example: 'HN' })
  @Transform(upperCased)
  @IsIn(NATIONALITY_CODES, { message: 'nationality must be an ISO 3166-1 alpha-2 country code' })
  nationality: string;

  @ApiPropertyOptional({ example: 'San Pedro Sula, Cortés' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  placeOfOrigin?: string;

  @ApiPropertyOptional({ type: [String], example: ['es', 'quc'] })
  @IsOptional()
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  @ArrayMaxSize(10)
  languages?: string[];

  @ApiPropertyOptional({ example: '+504 9876 5432' })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[\d\s().-]{6,25}$/, { message: 'phone must be digits, optionally with +, spaces, dashes' })
  phone?: string;
}

export class UpdatePersonDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  givenNames?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(200)
  familyNames?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  @ArrayMaxSize(20)
  aliases?: string[];

  @ApiPropertyOptional({ enum: SEXES })
  @IsOptional()
  @SEX_VOCABULARY.validator()
  sex?: Sex;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  genderIdentity?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsPastDate()
  birthDate?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1900)
  @IsNotFutureYear()
  estimatedBirthYear?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(upperCased)
  @IsIn(NATIONALITY_CODES, { message: 'nationality must be an ISO 3166-1 alpha-2 country code' })
  nationality?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  placeOfOrigin?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  @ArrayMaxSize(10)
  languages?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(/^\+?[\d\s().-]{6,25}$/, { message: 'phone must be digits, optionally with +, spaces, dashes' })
  phone?: string;
}

export class PersonSearchQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: 'Accent- and case-insensitive name search, typos tolerated.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  // Only letters are searched: a q of none ("%", "1=1") would search nothing and list everyone.
  @Matches(/^\s*$|\p{L}/u, { message: 'q must contain a letter (names are searched by their letters)' })
  q?: string;

  @ApiPropertyOptional({ example: 'SV' })
  @IsOptional()
  @Transform(upperCased)
  @IsIn(NATIONALITY_CODES, { message: 'nationality must be an ISO 3166-1 alpha-2 country code' })
  nationality?: string;

  @ApiPropertyOptional({ description: 'Exact phone number.' })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[\d\s().-]{6,25}$/, { message: 'phone must be digits, optionally with +, spaces, dashes' })
  phone?: string;
}

/**
 * Possible earlier records: only persons whose given names and surnames resemble these (accents,
 * order and a typo or two forgiven); a birth year and a nationality alone never reveal anyone.
 */
export class MatchQueryDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  givenNames: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  familyNames?: string;

  @ApiPropertyOptional({
    enum: SEXES,
    description: 'A woman is never suggested as the earlier record of a man, nor the reverse.',
  })
  @IsOptional()
  @SEX_VOCABULARY.validator()
  sex?: Sex;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsPastDate()
  birthDate?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1900)
  @IsNotFutureYear()
  birthYear?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(upperCased)
  @IsIn(NATIONALITY_CODES, { message: 'nationality must be an ISO 3166-1 alpha-2 country code' })
  nationality?: string;

  @ApiPropertyOptional({ default: 10, maximum: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit: number = 10;
}
