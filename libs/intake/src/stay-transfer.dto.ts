import { PaginationQueryDto } from '@albergue/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

import { TRANSFER_STATUSES, TRANSFER_STATUS_VOCABULARY, TransferStatus } from './intake.vocabularies';

export class CreateStayTransferDto {
  @ApiProperty({
    format: 'uuid',
    description:
      'The shelter that will receive the person: any shelter of the network but the stay’s own. Its staff then ' +
      'see the pending transfer (GET /transfers) and accept it by registering the person at intake with personId.',
  })
  @IsUUID()
  toShelterId: string;
}

export class TransfersQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'Transfers into or out of this shelter (one of the caller’s); all of the caller’s shelters without it.',
  })
  @IsOptional()
  @IsUUID()
  shelterId?: string;

  @ApiPropertyOptional({ enum: TRANSFER_STATUSES, default: 'pending' })
  @IsOptional()
  @TRANSFER_STATUS_VOCABULARY.validator()
  status: TransferStatus = 'pending';
}
