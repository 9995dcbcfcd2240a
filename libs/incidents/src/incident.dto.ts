import { SEXES, SEX_VOCABULARY, Sex } from '@albergue/intake';
import { IsPastDate, NATIONALITY_CODES, trimmed, upperCased } from '@albergue/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

import { AGE_BANDS, AgeBand } from './age-bands';
import { ConsentDto } from './incident-consent.dto';
import { TIMES_OF_DAY, TimeOfDay } from './incident.entity';
import { MEXICAN_STATES, MEXICAN_STATE_VOCABULARY, mexicanStateOf } from './mexican-states';
import {
  ACT_TYPES,
  ACT_TYPE_VOCABULARY,
  ActType,
  PERPETRATOR_TYPES,
  PERPETRATOR_TYPE_VOCABULARY,
  PerpetratorType,
  PLACE_TYPES,
  PLACE_TYPE_VOCABULARY,
  PlaceType,
  REPORTED_TO,
  REPORTED_TO_VOCABULARY,
  ReportedTo,
} from './vocabularies';

export class IncidentLocationDto {
  @ApiProperty({
    enum: MEXICAN_STATES,
    example: 'Chiapas',
    description: 'Accents, case and official long names are read.',
  })
  @Transform(({ value }) => (typeof value === 'string' ? (mexicanStateOf(value) ?? value) : value))
  @MEXICAN_STATE_VOCABULARY.validator({ message: 'state must be one of the 32 Mexican states, e.g. Chiapas' })
  state: string;

  @ApiPropertyOptional({ example: 'Palenque' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  municipality?: string;

  @ApiProperty({ enum: PLACE_TYPES, description: 'GET /vocabularies/place-types' })
  @PLACE_TYPE_VOCABULARY.validator()
  placeType: PlaceType;

  @ApiPropertyOptional({ description: 'Stored encrypted; shown only on GET /incidents/:id.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;

  @ApiPropertyOptional({ example: 17.5098, description: 'With lon, or not at all.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat?: number;

  @ApiPropertyOptional({ example: -91.9826 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lon?: number;
}

export class AnonymousVictimDto {
  @ApiProperty({ enum: SEXES })
  @SEX_VOCABULARY.validator()
  sex: Sex;

  @ApiProperty({ enum: AGE_BANDS })
  @IsIn(AGE_BANDS)
  ageBand: AgeBand;

  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2, XX when unknown', example: 'HN' })
  @IsOptional()
  @Transform(upperCased)
  @IsIn(NATIONALITY_CODES, { message: 'nationality must be an ISO 3166-1 alpha-2 country code' })
  nationality?: string;
}

export class PerpetratorDto {
  @ApiProperty({ enum: PERPETRATOR_TYPES, description: 'GET /vocabularies/perpetrator-types' })
  @PERPETRATOR_TYPE_VOCABULARY.validator()
  type: PerpetratorType;

  @ApiPropertyOptional({ example: 4, description: 'How many, when known.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  count?: number;

  @ApiPropertyOptional({ description: 'Uniforms, vehicles, plates. Stored encrypted.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;
}

export class IncidentActDto {
  @ApiProperty({ enum: ACT_TYPES, description: 'GET /vocabularies/act-types' })
  @ACT_TYPE_VOCABULARY.validator()
  type: ActType;

  @ApiPropertyOptional({ format: 'uuid', description: 'A person on record visible to the caller; or give `victim`.' })
  @IsOptional()
  @IsUUID()
  victimPersonId?: string;

  @ApiPropertyOptional({ type: () => AnonymousVictimDto, description: 'A victim without a person record.' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AnonymousVictimDto)
  victim?: AnonymousVictimDto;

  @ApiProperty({ type: [PerpetratorDto], description: 'At least one; `unknown` when nobody knows who.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PerpetratorDto)
  perpetrators: PerpetratorDto[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  injuries?: boolean;

  @ApiPropertyOptional({ description: 'Only with injuries: true. Stored encrypted.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  injuryDetails?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  medicalCareDenied?: boolean;
}

export class CreateIncidentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  shelterId: string;

  @ApiProperty({ format: 'date', example: '2026-03-12' })
  @IsPastDate()
  occurredOn: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  occurredOnApproximate?: boolean;

  @ApiPropertyOptional({ enum: TIMES_OF_DAY, description: 'early_morning 0-6 h, morning 6-12, afternoon 12-19, night' })
  @IsOptional()
  @IsIn(TIMES_OF_DAY)
  timeOfDay?: TimeOfDay;

  @ApiProperty({ type: () => IncidentLocationDto })
  @IsObject()
  @ValidateNested()
  @Type(() => IncidentLocationDto)
  location: IncidentLocationDto;

  @ApiProperty({ type: [IncidentActDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => IncidentActDto)
  acts: IncidentActDto[];

  @ApiProperty({ description: 'What happened, in the victims’ words. Stored encrypted.' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(20000)
  narrative: string;

  @ApiPropertyOptional({ enum: REPORTED_TO, isArray: true, description: 'GET /vocabularies/reported-to' })
  @IsOptional()
  @IsArray()
  @REPORTED_TO_VOCABULARY.validator({ each: true })
  @ArrayUnique()
  @ArrayMaxSize(REPORTED_TO.length)
  reportedTo?: ReportedTo[];

  @ApiPropertyOptional({ example: 3 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  witnessesCount?: number;

  @ApiPropertyOptional({ description: 'Who saw it, or why nobody can say. Stored encrypted.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  witnessesNote?: string;

  @ApiProperty({ type: () => ConsentDto, description: 'Required: what the victims agreed may leave the shelter.' })
  @IsObject()
  @ValidateNested()
  @Type(() => ConsentDto)
  consent: ConsentDto;
}
