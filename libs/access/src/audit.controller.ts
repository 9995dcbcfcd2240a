import { Page, PaginationQueryDto, strictDate } from '@albergue/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDate, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

import { AuditEventView, AuditService } from './audit.service';
import { Roles } from './authorization.decorators';

export class AuditQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ example: 'person' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @Transform(strictDate)
  @IsDate({ message: 'from must be a date (2026-03-14) or a timestamp with its offset (2026-03-14T22:10:00-06:00)' })
  from?: Date;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @Transform(strictDate)
  @IsDate({ message: 'to must be a date (2026-03-14) or a timestamp with its offset (2026-03-14T22:10:00-06:00)' })
  to?: Date;
}

@ApiTags('access')
@ApiBearerAuth()
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'The audit log, newest first; entityId also finds the list reads that returned it.' })
  list(@Query() query: AuditQueryDto): Promise<Page<AuditEventView>> {
    return this.audit.list(query);
  }
}
