import { ApiProperty } from '@nestjs/swagger';

/** A document's metadata as the API answers it (API.md, Documents); the content is at /documents/:id/content. */
export class DocumentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['person', 'stay', 'asylum_application', 'incident', 'referral'] }) ownerType: string;
  @ApiProperty({ format: 'uuid' }) ownerId: string;
  @ApiProperty({ enum: ['identity', 'comar_record', 'court_record', 'medical', 'evidence_photo', 'other'] })
  kind: string;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty({ enum: ['application/pdf', 'image/jpeg', 'image/png', 'image/webp', 'image/heic'] })
  mediaType: string;
  @ApiProperty() byteSize: number;
  @ApiProperty({ description: 'hex SHA-256 of the stored file, as downloaded' }) sha256: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ format: 'uuid' }) createdBy: string;
  @ApiProperty({ type: Date, nullable: true, description: 'set when the content was destroyed' })
  deletedAt: Date | null;
  @ApiProperty({ description: 'true once the content was destroyed (the metadata stays)' }) deleted: boolean;
}
