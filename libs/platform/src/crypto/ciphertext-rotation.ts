import { DataSource } from 'typeorm';

import { FieldEncryption } from './field-encryption';

/** A column of FieldEncryption ciphertexts, as the module that owns its table names it. */
export interface EncryptedColumn {
  table: string;
  column: string;
  /** The name the ciphertexts are bound to (FieldEncryption's `column` argument), e.g. `persons.phone`. */
  field: string;
}

export interface ReencryptedColumn {
  field: string;
  reencrypted: number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * Re-encrypts under the active key every ciphertext of the columns that an older key made
 * (`npm run keys:rotate`). Each batch is its own transaction, so a rotation holds its row locks
 * briefly and can be stopped and run again at any point; rows it has done no longer match. A
 * ciphertext whose key is no longer configured stops it with an error: drop an old key from
 * FIELD_ENCRYPTION_KEYS only after a rotation has finished. Tables need a uuid `id`.
 */
export async function reencryptStaleColumns(
  dataSource: DataSource,
  encryption: FieldEncryption,
  columns: readonly EncryptedColumn[],
  batchSize: number,
): Promise<ReencryptedColumn[]> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`not a batch size: ${batchSize}`);
  const results: ReencryptedColumn[] = [];
  for (const target of columns) {
    results.push({
      field: target.field,
      reencrypted: await reencryptColumn(dataSource, encryption, target, batchSize),
    });
  }
  return results;
}

async function reencryptColumn(
  dataSource: DataSource,
  encryption: FieldEncryption,
  { table, column, field }: EncryptedColumn,
  batchSize: number,
): Promise<number> {
  if (!IDENTIFIER.test(table) || !IDENTIFIER.test(column))
    throw new Error(`not a plain identifier: ${table}.${column}`);
  let total = 0;
  for (;;) {
    const done = await dataSource.transaction(async (manager) => {
      // The key id is the second dot-separated part of a ciphertext (FieldEncryption's format).
      const rows = (await manager.query(
        `SELECT id, "${column}" AS value FROM "${table}"
          WHERE "${column}" IS NOT NULL AND split_part("${column}", '.', 2) <> $1
          ORDER BY id LIMIT $2 FOR UPDATE`,
        [encryption.activeKeyId, batchSize],
      )) as { id: string; value: string }[];
      if (rows.length === 0) return 0;
      const values = rows.map((row) => encryption.encrypt(encryption.decrypt(row.value, field), field));
      await manager.query(
        `UPDATE "${table}" AS t SET "${column}" = v.value
           FROM unnest($1::uuid[], $2::text[]) AS v(id, value) WHERE t.id = v.id`,
        [rows.map((row) => row.id), values],
      );
      return rows.length;
    });
    if (done === 0) return total;
    total += done;
  }
}
