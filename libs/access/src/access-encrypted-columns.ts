import type { EncryptedColumn } from '@albergue/platform';

/** The name FieldEncryption binds a user's TOTP secret to (never renamed: stored ciphertexts are bound to it). */
export const TOTP_SECRET_COLUMN = 'users.totp_secret';

/** Every encrypted column of access's tables, for the EncryptedColumnRegistry (key rotation). */
export const ACCESS_ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { table: 'users', column: 'totp_secret_ciphertext', field: TOTP_SECRET_COLUMN },
];
