import type { EncryptedColumn } from '@albergue/platform';

/** The names FieldEncryption binds each encrypted field of documents to (never renamed). */
export const DOCUMENT_TITLE_FIELD = 'documents.title';
export const DOCUMENT_KEY_FIELD = 'documents.content_key';

/**
 * Every encrypted column of the documents tables, for the EncryptedColumnRegistry: keys:rotate
 * rewraps each file's key, and never touches the (large) encrypted contents.
 */
export const DOCUMENTS_ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { table: 'documents', column: 'title_ciphertext', field: DOCUMENT_TITLE_FIELD },
  { table: 'documents', column: 'key_ciphertext', field: DOCUMENT_KEY_FIELD },
];
