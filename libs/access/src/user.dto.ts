import { lowerCased, trimmed } from '@albergue/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsEmail, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

import { Role, ROLES, ROLE_VOCABULARY } from './role';

export class CreateUserDto {
  @ApiProperty({ example: 'rosa@albergue.example' })
  @Transform(lowerCased)
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Rosa Méndez' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ minLength: 12, description: 'At least 12 characters, not a common password.' })
  @IsString()
  @MaxLength(512)
  password: string;

  @ApiProperty({ enum: ROLES })
  @ROLE_VOCABULARY.validator()
  role: Role;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Coordinators and shelter workers: at least one. Admins, lawyers and partners: none (422).',
  })
  @IsOptional()
  @IsUUID('all', { each: true })
  @ArrayMaxSize(100)
  shelterIds?: string[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ minLength: 12 })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  password?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @ROLE_VOCABULARY.validator()
  role?: Role;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Coordinators and shelter workers: at least one. Admins, lawyers and partners: none (422).',
  })
  @IsOptional()
  @IsUUID('all', { each: true })
  @ArrayMaxSize(100)
  shelterIds?: string[];

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  organizationId?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class LoginDto {
  @ApiProperty()
  @IsString()
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @MaxLength(512)
  password: string;

  @ApiPropertyOptional({
    description: 'The current 6-digit code of the authenticator app, or an unused recovery code.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  totp?: string;
}

export class RefreshTokenDto {
  @ApiProperty()
  @IsString()
  @MaxLength(128)
  refreshToken: string;
}
