import { COUNTRY_CODES, IsPastDate, IsPastTimestamp, upperCased } from '@albergue/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

import { CreatePersonDto } from './person.dto';
import {
  CHECKOUT_DESTINATIONS,
  CHECKOUT_DESTINATION_VOCABULARY,
  CheckoutDestination,
  REASONS_FOR_LEAVING,
  REASON_FOR_LEAVING_VOCABULARY,
  Relationship,
  RELATIONSHIPS,
  RELATIONSHIP_VOCABULARY,
  VULNERABILITIES,
  VULNERABILITY_VOCABULARY,
} from './intake.vocabularies';

export class IntakeMemberDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'An existing person (e.g. one found by /persons/matches).' })
  @IsOptional()
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional({ type: () => CreatePersonDto, description: 'A new person, when there is no personId.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CreatePersonDto)
  person?: CreatePersonDto;

  @ApiProperty({ enum: RELATIONSHIPS })
  @RELATIONSHIP_VOCABULARY.validator()
  relationship: Relationship;

  @ApiPropertyOptional({ enum: VULNERABILITIES, isArray: true, description: 'This member only, e.g. pregnant.' })
  @IsOptional()
  @VULNERABILITY_VOCABULARY.validator({ each: true })
  @ArrayMaxSize(VULNERABILITIES.length)
  vulnerabilities?: string[];
}

export class PreviousDeportationDto {
  @ApiProperty({ description: 'ISO 3166-1 alpha-2 of the deporting country', example: 'MX' })
  @Transform(upperCased)
  @IsIn(COUNTRY_CODES, { message: 'from must be an ISO 3166-1 alpha-2 country code' })
  from: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsPastDate()
  date?: string;
}

export class CreateIntakeDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  shelterId: string;

  @ApiProperty({ example: '2026-03-14T22:10:00-06:00' })
  @IsPastTimestamp()
  arrivedAt: string;

  @ApiProperty({ type: [IntakeMemberDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => IntakeMemberDto)
  members: IntakeMemberDto[];

  @ApiProperty({ enum: REASONS_FOR_LEAVING, isArray: true })
  @IsArray()
  @REASON_FOR_LEAVING_VOCABULARY.validator({ each: true })
  @ArrayMaxSize(REASONS_FOR_LEAVING.length)
  reasonsForLeaving: string[];

  @ApiProperty({ enum: VULNERABILITIES, isArray: true })
  @IsArray()
  @VULNERABILITY_VOCABULARY.validator({ each: true })
  @ArrayMaxSize(VULNERABILITIES.length)
  vulnerabilities: string[];

  @ApiProperty({ type: [PreviousDeportationDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PreviousDeportationDto)
  previousDeportations: PreviousDeportationDto[];

  @ApiPropertyOptional({ example: 'Monterrey' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  intendedDestination?: string;

  @ApiPropertyOptional({ description: 'Stored encrypted.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  notes?: string;

  @ApiPropertyOptional({
    description: 'Close a member’s open stay in another shelter as `transferred` instead of refusing with 409.',
  })
  @IsOptional()
  @IsBoolean()
  closeOpenStaysAsTransferred?: boolean;
}

export class CheckoutDto {
  @ApiProperty({ example: '2026-03-20T07:00:00-06:00' })
  @IsPastTimestamp()
  departedAt: string;

  @ApiProperty({ enum: CHECKOUT_DESTINATIONS })
  @CHECKOUT_DESTINATION_VOCABULARY.validator()
  destination: CheckoutDestination;

  @ApiPropertyOptional({ description: 'Stored encrypted.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class CreateShelterDto {
  @ApiProperty({ example: 'La 72, Hogar-Refugio para Personas Migrantes' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'PAL', description: '2 to 6 capital letters or digits; starts the case numbers.' })
  @Transform(upperCased)
  @Matches(/^[A-Z][A-Z0-9]{1,5}$/, { message: 'code must be 2 to 6 capital letters or digits, e.g. PAL' })
  code: string;

  @ApiProperty({ example: 'Chiapas' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  state: string;

  @ApiProperty({ example: 'Palenque' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  municipality: string;

  @ApiProperty({ example: 120 })
  @IsInt()
  @Min(0)
  @Max(100000)
  capacity: number;
}

export class HouseholdMemberDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  personId: string;

  @ApiProperty({ enum: RELATIONSHIPS })
  @RELATIONSHIP_VOCABULARY.validator()
  relationship: Relationship;
}

export class CreateHouseholdDto {
  @ApiProperty({ type: [HouseholdMemberDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => HouseholdMemberDto)
  members: HouseholdMemberDto[];
}

export class StaysQueryDto {
  @ApiPropertyOptional({ description: 'Only people still in the shelter.' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  present?: boolean;

  @ApiPropertyOptional({ default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 50;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export class OccupancyHistoryQueryDto {
  @ApiPropertyOptional({ default: 90, minimum: 7, maximum: 366, description: 'How many days back, today included.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(7)
  @Max(366)
  days: number = 90;
}
