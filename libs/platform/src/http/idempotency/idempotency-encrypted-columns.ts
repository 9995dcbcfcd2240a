import type { EncryptedColumn } from '../../crypto/encrypted-column.registry';

/** The name FieldEncryption binds a stored answer to (never renamed: its ciphertexts are bound to it). */
export const RESPONSE_FIELD = 'idempotency_keys.response';

/** The encrypted column of the platform's own table, for the EncryptedColumnRegistry (key rotation). */
export const IDEMPOTENCY_ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  // Its primary key: the route, the user and the hash of the Idempotency-Key they sent.
  {
    table: 'idempotency_keys',
    column: 'response_ciphertext',
    field: RESPONSE_FIELD,
    rowKey: ['scope', 'user_id', 'key_hash'],
  },
];
