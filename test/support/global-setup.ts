import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

import { runMigrations } from '../../libs/platform/src/database/database-setup';
import { migrations } from '../../migrations';
import { ADMIN_DATABASE_URL, databaseUrl, templateDatabaseName } from './test-run';

/** Migrates once into a template database; each test file clones it (see test-app.ts). */
export default async function globalSetup(): Promise<void> {
  process.env.ALBERGUE_TEST_RUN = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${templateDatabaseName()}`);
  } finally {
    await admin.end();
  }
  await runMigrations(databaseUrl(templateDatabaseName()), migrations);
}
