import { DataSource, EntityManager } from 'typeorm';

import { EncryptedColumn } from './encrypted-column.registry';
import { FieldEncryption } from './field-encryption';

export interface ReencryptedColumn {
  table: string;
  column: string;
  field: string;
  /** Values this run rewrote. */
  reencrypted: number;
  /** Values in the column once every column was done. */
  total: number;
  /** Values still under another key or format then (written meanwhile by a process with the old keys). */
  stale: number;
}

/** SQL true for a ciphertext not in the v2 format under the active key ($1); the key id is its second part. */
const STALE = (column: string): string =>
  `(split_part(${column}, '.', 1) <> 'v2' OR split_part(${column}, '.', 2) <> $1)`;

/**
 * Re-encrypts under the active key, bound to its row (the v2 format), every ciphertext of the
 * columns that an older key or the v1 format made (`npm run keys:rotate`). Each batch is its own
 * transaction, so a rotation holds its row locks briefly and can be stopped and run again at any
 * point; rows it has done no longer match. A ciphertext that does not decrypt (its key no longer
 * configured, or moved from another row) stops it with an error: drop an old key from
 * FIELD_ENCRYPTION_KEYS only after a rotation has finished.
 */
export async function reencryptStaleColumns(
  dataSource: DataSource,
  encryption: FieldEncryption,
  columns: readonly EncryptedColumn[],
  batchSize: number,
): Promise<ReencryptedColumn[]> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`not a batch size: ${batchSize}`);
  const reencrypted: number[] = [];
  for (const target of columns) reencrypted.push(await reencryptColumn(dataSource, encryption, target, batchSize));
  // Counted after the last column, so a value written meanwhile under an old key shows.
  const results: ReencryptedColumn[] = [];
  for (const [index, { table, column, field }] of columns.entries()) {
    const [{ total, stale }] = (await dataSource.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE ${STALE(`"${column}"`)})::int AS stale
         FROM "${table}" WHERE "${column}" IS NOT NULL`,
      [encryption.activeKeyId],
    )) as { total: number; stale: number }[];
    results.push({ table, column, field, reencrypted: reencrypted[index], total, stale });
  }
  return results;
}

/**
 * The `%_ciphertext` columns of the database that no module registered: key rotation would
 * leave them under the old key, so it refuses to start while there is one.
 */
export async function unregisteredCiphertextColumns(
  dataSource: DataSource,
  columns: readonly EncryptedColumn[],
): Promise<string[]> {
  const registered = new Set(columns.map(({ table, column }) => `${table}.${column}`));
  const rows = (await dataSource.query(
    `SELECT table_name || '.' || column_name AS name FROM information_schema.columns
      WHERE table_schema = current_schema() AND column_name LIKE '%\\_ciphertext' ORDER BY 1`,
  )) as { name: string }[];
  return rows.map(({ name }) => name).filter((name) => !registered.has(name));
}

async function reencryptColumn(
  dataSource: DataSource,
  encryption: FieldEncryption,
  { table, column, field, rowKey = ['id'] }: EncryptedColumn,
  batchSize: number,
): Promise<number> {
  const keyTypes = await columnTypes(dataSource.manager, table, rowKey);
  const keys = rowKey.map((name) => `"${name}"`).join(', ');
  let total = 0;
  for (;;) {
    const done = await dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `SELECT ${rowKey.map((name, i) => `"${name}"::text AS k${i}`).join(', ')}, "${column}" AS value
           FROM "${table}"
          WHERE "${column}" IS NOT NULL AND ${STALE(`"${column}"`)}
          ORDER BY ${keys} LIMIT $2 FOR UPDATE`,
        [encryption.activeKeyId, batchSize],
      )) as Record<string, string>[];
      if (rows.length === 0) return 0;
      const rowIds = rows.map((row) => rowKey.map((_, i) => row[`k${i}`]));
      const values = rows.map((row, r) => {
        const rowId = rowKey.length === 1 ? rowIds[r][0] : rowIds[r];
        let plaintext: string;
        try {
          plaintext = encryption.decrypt(row.value, field, rowId);
        } catch (error) {
          // Which row, so it can be restored or re-entered; ids only, never a value.
          throw new Error(`${table} row ${rowIds[r].join(', ')}: ${(error as Error).message}`, {
            cause: error,
          });
        }
        return encryption.encrypt(plaintext, field, rowId);
      });
      await manager.query(
        `UPDATE "${table}" AS t SET "${column}" = v.value
           FROM unnest(${rowKey.map((_, i) => `$${i + 1}::text[]`).join(', ')}, $${rowKey.length + 1}::text[])
                AS v(${rowKey.map((_, i) => `k${i}`).join(', ')}, value)
          WHERE ${rowKey.map((name, i) => `t."${name}" = v.k${i}::${keyTypes[i]}`).join(' AND ')}`,
        [...rowKey.map((_, i) => rowIds.map((ids) => ids[i])), values],
      );
      return rows.length;
    });
    if (done === 0) return total;
    total += done;
  }
}

/** The SQL types of a table's columns (to compare key values given as text without losing the index). */
async function columnTypes(manager: EntityManager, table: string, names: readonly string[]): Promise<string[]> {
  const rows = (await manager.query(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
       FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attname = ANY($2) AND NOT a.attisdropped`,
    [`"${table}"`, names],
  )) as { name: string; type: string }[];
  return names.map((name) => {
    const found = rows.find((row) => row.name === name);
    if (!found) throw new Error(`${table} has no column ${name}`);
    return found.type;
  });
}
