// The door of the module: what other modules may use. Entities, repositories and internal services stay inside.
export { DOCUMENT_MEDIA_TYPES } from './document-type';
export type { DocumentMediaType } from './document-type';
export { documentsEntities, DocumentsErasureModule, DocumentsModule } from './documents.module';
export { DOCUMENT_KIND_VOCABULARY, DOCUMENT_KINDS, DocumentsService } from './documents.service';
export type { DocumentKind } from './documents.service';
export * from './documents.errors';
export type * from './document.view';
