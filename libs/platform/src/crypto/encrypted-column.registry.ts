import { Injectable, Provider } from '@nestjs/common';

import { ContributionRegistry, contributeTo } from '../registry/contribution-registry';

/** A column of FieldEncryption ciphertexts, as the module that owns its table declares it. */
export interface EncryptedColumn {
  table: string;
  /** The column that holds the ciphertexts, e.g. `phone_ciphertext`. */
  column: string;
  /** The name the ciphertexts are bound to (FieldEncryption's `field` argument), e.g. `persons.phone`. */
  field: string;
  /**
   * The primary-key columns whose values identify the row a ciphertext is bound to, in the order
   * FieldEncryption receives them; `['id']` (a uuid the application picks) when left out.
   */
  rowKey?: readonly string[];
}

/**
 * The modules whose tables hold encrypted columns (platform's: the answers kept for
 * Idempotency-Keys). Whatever walks every encrypted column (key rotation) refuses to run in a
 * process where one of them has not registered: it would leave that module's columns under a key
 * about to be dropped.
 */
export const ENCRYPTED_COLUMN_MODULES = [
  'access',
  'intake',
  'asylum',
  'incidents',
  'referrals',
  'exports',
  'casefile',
  'documents',
  'platform',
] as const;
export type EncryptedColumnModule = (typeof ENCRYPTED_COLUMN_MODULES)[number];

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Every encrypted column of the database, each registered by the module that owns its table. */
@Injectable()
export class EncryptedColumnRegistry extends ContributionRegistry<readonly EncryptedColumn[], EncryptedColumnModule> {
  protected readonly subject = 'encrypted columns';
  protected override readonly required = ENCRYPTED_COLUMN_MODULES;

  protected override check(module: EncryptedColumnModule, columns: readonly EncryptedColumn[]): void {
    for (const { table, column, rowKey = ['id'] } of columns) {
      for (const name of [table, column, ...rowKey]) {
        if (!IDENTIFIER.test(name)) throw new Error(`${module}: not a plain identifier: ${name}`);
      }
      if (rowKey.length === 0) throw new Error(`${module}: ${table}.${column} names no row key`);
    }
  }

  /** Every registered column, module by module, or an error naming the modules missing from this process. */
  columns(): EncryptedColumn[] {
    const columns = this.contributions().flat();
    const fields = columns.map(({ field }) => field);
    const repeated = fields.filter((field, index) => fields.indexOf(field) !== index);
    if (repeated.length > 0) throw new Error(`encrypted fields registered twice: ${repeated.join(', ')}`);
    return columns;
  }
}

/**
 * The one line by which a module registers its encrypted columns: put it among the module's
 * providers, e.g. `providers: [registerEncryptedColumns('intake', INTAKE_ENCRYPTED_COLUMNS)]`.
 */
export function registerEncryptedColumns(module: EncryptedColumnModule, columns: readonly EncryptedColumn[]): Provider {
  return contributeTo(EncryptedColumnRegistry, module, columns);
}
