import { RECORD_OWNER_TYPES, RecordOwnerType } from '@albergue/platform';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';

/** GET /documents?ownerType=&ownerId= */
export class DocumentsQueryDto {
  @ApiProperty({ enum: RECORD_OWNER_TYPES })
  @IsIn(RECORD_OWNER_TYPES)
  ownerType: RecordOwnerType;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  ownerId: string;
}
