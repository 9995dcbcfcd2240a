import { Client } from 'pg';
import { DataSource, DataSourceOptions, MigrationInterface } from 'typeorm';

export type MigrationList = (new () => MigrationInterface)[];

/** Options shared by the application, the migration CLI and the tests. */
export function dataSourceOptions(databaseUrl: string, migrations: MigrationList = []): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is built into Postgres 13+: no uuid-ossp or pgcrypto to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: false,
    extra: { max: 20, connectionTimeoutMillis: 5000 },
  };
}

/** Creates the database named in the URL when it does not exist (never in production). */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    return true;
  } catch (error) {
    // Another process created it between the check and the CREATE.
    if ((error as { code?: string }).code === '42P04') return false;
    throw error;
  } finally {
    await client.end();
  }
}

const MIGRATION_LOCK = 7_246_531_801;

/**
 * Applies pending migrations. An advisory lock held on a separate connection keeps several
 * API or worker instances starting together from migrating at once.
 */
export async function runMigrations(databaseUrl: string, migrations: MigrationList): Promise<string[]> {
  const lock = new Client({ connectionString: databaseUrl });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const dataSource = new DataSource(dataSourceOptions(databaseUrl, migrations));
    await dataSource.initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await lock.end();
  }
}
