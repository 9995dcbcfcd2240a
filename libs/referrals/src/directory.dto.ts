import { COUNTRY_CODES } from '@albergue/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsLatitude,
  IsLongitude,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';

import {
  LOCATION_TYPES,
  LOCATION_TYPE_VOCABULARY,
  LocationType,
  SERVICE_CATEGORIES,
  SERVICE_CATEGORY_VOCABULARY,
  SERVICE_STATUSES,
  SERVICE_STATUS_VOCABULARY,
  ServiceCategory,
  ServiceStatus,
} from './referral.vocabularies';

export class CreateOrganizationDto {
  @ApiProperty({ example: 'Clínica Jurídica para Personas Refugiadas' })
  @IsString()
  @MinLength(2)
  @MaxLength(300)
  name: string;

  @ApiProperty({ example: 'Asesoría y representación gratuita ante COMAR.' })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  description: string;

  @ApiPropertyOptional({ example: 'contacto@clinica.example' })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ example: 'https://clinica.example' })
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true })
  @MaxLength(500)
  website?: string;
}

export class CreateLocationDto {
  @ApiProperty({ enum: LOCATION_TYPES })
  @LOCATION_TYPE_VOCABULARY.validator()
  locationType: LocationType;

  @ApiPropertyOptional({ example: 'Oficina Tapachula' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  name?: string;

  @ApiPropertyOptional({ example: 'Av. Central Norte 12' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  address1?: string;

  @ApiPropertyOptional({ example: 'Tapachula' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  city?: string;

  @ApiPropertyOptional({ example: 'Chiapas' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  stateProvince?: string;

  @ApiPropertyOptional({ example: '30700' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  postalCode?: string;

  @ApiPropertyOptional({ example: 'MX', description: 'ISO 3166-1 alpha-2' })
  @IsOptional()
  @IsIn(COUNTRY_CODES)
  country?: string;

  @ApiPropertyOptional({ example: 14.9056 })
  @IsOptional()
  @IsLatitude()
  latitude?: number;

  @ApiPropertyOptional({ example: -92.2634 })
  @IsOptional()
  @IsLongitude()
  longitude?: number;
}

export class CreateServiceDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  organizationId: string;

  @ApiProperty({ example: 'Solicitud de la condición de refugiado' })
  @IsString()
  @MinLength(2)
  @MaxLength(300)
  name: string;

  @ApiProperty({ enum: SERVICE_STATUSES })
  @SERVICE_STATUS_VOCABULARY.validator()
  status: ServiceStatus;

  @ApiProperty({ enum: SERVICE_CATEGORIES })
  @SERVICE_CATEGORY_VOCABULARY.validator()
  category: ServiceCategory;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional({ example: 'Personas solicitantes de asilo en México.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  eligibilityDescription?: string;

  @ApiPropertyOptional({ example: ['es', 'en'], description: 'ISO 639-1 codes' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @Matches(/^[a-z]{2,3}$/, { each: true, message: 'each language must be an ISO 639 code, e.g. es' })
  languages?: string[];

  @ApiPropertyOptional({ type: [CreateLocationDto], description: 'Where the service is given.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CreateLocationDto)
  locations?: CreateLocationDto[];
}

export class ServicesQueryDto {
  @ApiPropertyOptional({ enum: SERVICE_CATEGORIES })
  @IsOptional()
  @SERVICE_CATEGORY_VOCABULARY.validator()
  category?: ServiceCategory;
}
