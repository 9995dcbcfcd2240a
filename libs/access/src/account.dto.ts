import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class TotpCodeDto {
  @ApiProperty({
    example: '123456',
    description: 'A current 6-digit code (turning two-factor off: or a recovery code).',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  totp: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MaxLength(512)
  currentPassword: string;

  @ApiProperty({ minLength: 12, description: 'At least 12 characters, not a common password.' })
  @IsString()
  @MaxLength(512)
  newPassword: string;
}

export class PasswordResetDto {
  @ApiProperty({ description: 'The one-time token an admin was given for this account.' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  resetToken: string;

  @ApiProperty({ minLength: 12, description: 'At least 12 characters, not a common password.' })
  @IsString()
  @MaxLength(512)
  newPassword: string;
}
