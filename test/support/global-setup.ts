import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

import { runMigrations } from '../../libs/platform/src/database/database-setup';
import { migrations } from '../../libs/migrations/src';
import { ADMIN_DATABASE_URL, databaseUrl, templateDatabaseName } from './test-run';

const STALE_AFTER_MS = 6 * 3600 * 1000;

/** Drops the databases of runs that died hours ago without their teardown (a killed jest, say). */
async function dropStaleTestDatabases(admin: Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'albergue\\_test\\_%'",
  );
  for (const { datname } of rows) {
    const run = datname.split('_')[2] ?? '';
    const startedAt = parseInt(run.slice(0, -6), 36);
    if (Number.isFinite(startedAt) && Date.now() - startedAt > STALE_AFTER_MS) {
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  }
}

/** Migrates once into a template database; each test file clones it (see test-app.ts). */
export default async function globalSetup(): Promise<void> {
  process.env.ALBERGUE_TEST_RUN = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    await dropStaleTestDatabases(admin);
    await admin.query(`CREATE DATABASE ${templateDatabaseName()}`);
  } finally {
    await admin.end();
  }
  await runMigrations(databaseUrl(templateDatabaseName()), migrations);
}
