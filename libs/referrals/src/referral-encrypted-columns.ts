import type { EncryptedColumn } from '@albergue/platform';

/** The names FieldEncryption binds each encrypted field of referrals to (never renamed: v1 ciphertexts are bound to them). */
export const REASON_COLUMN = 'referrals.reason';
export const STATUS_NOTE_COLUMN = 'referral_status_changes.note';

/** Every encrypted column of the referrals tables, for the EncryptedColumnRegistry (key rotation). */
export const REFERRAL_ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { table: 'referrals', column: 'reason_ciphertext', field: REASON_COLUMN },
  { table: 'referral_status_changes', column: 'note_ciphertext', field: STATUS_NOTE_COLUMN },
];
