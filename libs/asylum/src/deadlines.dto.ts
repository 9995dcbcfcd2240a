import { IsCalendarDate, PaginationQueryDto } from '@albergue/platform';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

export class DeadlinesQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'Only deadlines due strictly before this day.' })
  @IsOptional()
  @IsCalendarDate()
  dueBefore?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  lawyerId?: string;
}
