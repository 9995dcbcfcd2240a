import type { EncryptedColumn } from '@albergue/platform';

/** The names FieldEncryption binds each encrypted field of asylum to (never renamed: v1 ciphertexts are bound to them). */
export const EVENT_NOTE_COLUMN = 'asylum_events.note';
export const LATE_JUSTIFICATION_COLUMN = 'asylum_events.late_justification';

/** Every encrypted column of asylum's tables, for the EncryptedColumnRegistry (key rotation). */
export const ASYLUM_ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { table: 'asylum_events', column: 'note_ciphertext', field: EVENT_NOTE_COLUMN },
  { table: 'asylum_events', column: 'late_justification_ciphertext', field: LATE_JUSTIFICATION_COLUMN },
];
