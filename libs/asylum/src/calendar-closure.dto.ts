import { IsCalendarDate } from '@albergue/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class CreateClosureDto {
  @ApiProperty({ format: 'date', example: '2027-03-25' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ example: 'DOF 2027-01-15, acuerdo de días inhábiles de la COMAR' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reference: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['Tapachula', 'Palenque'],
    description:
      'The COMAR offices closed that day (none: every office). An application counts the closure when its office names one of them.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value)
      ? value.map((office: unknown) => (typeof office === 'string' ? office.trim() : office))
      : value,
  )
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  @Matches(/\p{L}/u, { each: true, message: 'each office must be a name, e.g. Tapachula' })
  offices?: string[];
}
