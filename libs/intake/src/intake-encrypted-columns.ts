import type { EncryptedColumn } from '@albergue/platform';

/** The names FieldEncryption binds each encrypted field of intake to (never renamed: v1 ciphertexts are bound to them). */
export const PHONE_COLUMN = 'persons.phone';
export const NOTES_COLUMN = 'stays.notes';
export const CHECKOUT_NOTE_COLUMN = 'stays.checkout_note';

/** Every encrypted column of intake's tables, for the EncryptedColumnRegistry (key rotation). */
export const INTAKE_ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { table: 'persons', column: 'phone_ciphertext', field: PHONE_COLUMN },
  { table: 'stays', column: 'notes_ciphertext', field: NOTES_COLUMN },
  { table: 'stays', column: 'checkout_note_ciphertext', field: CHECKOUT_NOTE_COLUMN },
];
