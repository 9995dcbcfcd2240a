import { IsCalendarDate } from '@albergue/platform';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';

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
}
