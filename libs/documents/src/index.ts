export { DOCUMENT_MEDIA_TYPES, DocumentMediaType } from './document-type';
export { DocumentView } from './document.view';
export { DocumentsErasureModule, DocumentsModule } from './documents.module';
export { DOCUMENT_KIND_VOCABULARY, DOCUMENT_KINDS, DocumentKind, DocumentsService } from './documents.service';
export { DOCUMENTS_ENCRYPTED_COLUMNS } from './documents-encrypted-columns';
