import type { EncryptedColumn } from '@albergue/platform';

/** The names FieldEncryption binds each encrypted field of exports to (never renamed: v1 ciphertexts are bound to them). */
export const WEBHOOK_SECRET_COLUMN = 'partners.webhook_secret';
export const PSEUDONYM_KEY_COLUMN = 'partners.pseudonym_key';

/** Every encrypted column of the exports tables, for the EncryptedColumnRegistry (key rotation). */
export const EXPORTS_ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { table: 'partners', column: 'webhook_secret_ciphertext', field: WEBHOOK_SECRET_COLUMN },
  { table: 'partners', column: 'pseudonym_key_ciphertext', field: PSEUDONYM_KEY_COLUMN },
];
