import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';

import { searchNameOf } from '@albergue/intake';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

import { runMigrations } from '../../libs/platform/src/database/database-setup';
import { migrations } from '../../libs/migrations/src';
import { GeneratedPerson } from '../../test/factories/population.factory';

export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/albergue_bench';

async function onServer(databaseUrl: string, statements: (name: string) => string[]): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    for (const statement of statements(name)) await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/** A fresh, migrated benchmark database (dropped first: it holds nothing but generated data). */
export async function freshBenchDatabase(databaseUrl = BENCH_DATABASE_URL): Promise<void> {
  await onServer(databaseUrl, (name) => [
    `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`,
    `CREATE DATABASE "${name}"`,
  ]);
  await runMigrations(databaseUrl, migrations);
}

/** Drops the benchmark database after a run (KEEP_BENCH_DATABASE=true keeps it to look into). */
export async function dropBenchDatabase(databaseUrl = BENCH_DATABASE_URL): Promise<void> {
  if (process.env.KEEP_BENCH_DATABASE === 'true') return;
  await onServer(databaseUrl, (name) => [`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`]);
}

const copyValue = (value: string | number | null): string => (value === null ? '\\N' : String(value));

/**
 * Loads persons with COPY; the secondary indexes (trigram and matching ones above all) are dropped
 * first and built again afterwards from their definitions in the schema, as a bulk load should.
 */
export async function copyPersons(client: Client, people: GeneratedPerson[]): Promise<void> {
  const { rows: indexes } = (await client.query(
    `SELECT indexname, indexdef FROM pg_indexes
      WHERE schemaname = 'public' AND tablename = 'persons'
        AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'persons'::regclass)`,
  )) as { rows: { indexname: string; indexdef: string }[] };
  for (const { indexname } of indexes) await client.query(`DROP INDEX "${indexname}"`);
  const lines = (function* () {
    for (const p of people) {
      const birthYear = p.birthDate ? Number(p.birthDate.slice(0, 4)) : p.estimatedBirthYear;
      yield (
        [
          p.id,
          p.givenNames,
          p.familyNames,
          p.sex,
          p.birthDate,
          p.estimatedBirthYear,
          p.nationality,
          searchNameOf(p),
          birthYear,
        ]
          .map(copyValue)
          .join('\t') + '\n'
      );
    }
  })();
  await pipeline(
    Readable.from(lines),
    client.query(
      copyFrom(
        'COPY persons (id, given_names, family_names, sex, birth_date, estimated_birth_year, nationality, search_name, birth_year) FROM STDIN',
      ),
    ),
  );
  await client.query("SET maintenance_work_mem = '1GB'");
  for (const { indexdef } of indexes) await client.query(indexdef);
  await client.query('ANALYZE persons');
}
