import { AccessModule } from '@albergue/access';
import { contributeToPersonErasure, registerEncryptedColumns, registerVocabularies } from '@albergue/platform';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { DocumentChunkEntity } from './document-chunk.entity';
import { DocumentEntity } from './document.entity';
import { DocumentsController } from './documents.controller';
import { DOCUMENTS_ENCRYPTED_COLUMNS } from './documents-encrypted-columns';
import { DocumentsPersonErasure } from './documents-person-erasure';
import { DOCUMENT_KIND_VOCABULARY, DocumentsService } from './documents.service';

export const documentsEntities = [DocumentEntity, DocumentChunkEntity];

/**
 * Documents' part in erasing a person, and its encrypted columns: in the API and in the worker
 * (retention, keys:rotate). Depends on platform (and access, for the caller and the audit log)
 * only: who reads a document is whoever reads its owner, as RecordOwnerRegistry tells.
 */
@Module({
  imports: [AccessModule, TypeOrmModule.forFeature(documentsEntities)],
  providers: [
    DocumentsService,
    ...contributeToPersonErasure('documents', DocumentsPersonErasure),
    registerEncryptedColumns('documents', DOCUMENTS_ENCRYPTED_COLUMNS),
  ],
  exports: [DocumentsService],
})
export class DocumentsErasureModule {}

/** Documents attached to persons, stays, applications, incidents and referrals (docs/API.md, Documents). */
@Module({
  imports: [DocumentsErasureModule],
  controllers: [DocumentsController],
  providers: [registerVocabularies('documents', [DOCUMENT_KIND_VOCABULARY])],
  exports: [DocumentsErasureModule],
})
export class DocumentsModule {}
