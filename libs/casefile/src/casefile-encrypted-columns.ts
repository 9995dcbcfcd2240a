import type { EncryptedColumn } from '@albergue/platform';

/** The name FieldEncryption binds a note's body to (never renamed: ciphertexts are bound to it). */
export const NOTE_BODY_COLUMN = 'case_notes.body';

/** Every encrypted column of the case-file tables, for the EncryptedColumnRegistry (key rotation). */
export const CASEFILE_ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { table: 'case_notes', column: 'body_ciphertext', field: NOTE_BODY_COLUMN },
];
