import { randomBytes } from 'node:crypto';

import { AppConfig, parseConfig } from '@albergue/platform';
import { Type } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';

import { createApiApp } from '../../apps/api/src/create-api-app';
import { ADMIN_DATABASE_URL, databaseUrl, TEST_REDIS_URL, templateDatabaseName, testRunId } from './test-run';

const key = (): string => randomBytes(32).toString('base64');

/** A fresh database cloned from the run's migrated template: each test file gets its own. */
export async function createTestDatabase(): Promise<string> {
  const name = `albergue_test_${testRunId()}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${templateDatabaseName()}`);
  } finally {
    await admin.end();
  }
  return databaseUrl(name);
}

/** A configuration for tests: its own database and Redis prefix, throwaway secrets, no .env file. */
export function testConfig(databaseUrlOfTest: string, env: Record<string, string> = {}): AppConfig {
  return parseConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrlOfTest,
    REDIS_URL: TEST_REDIS_URL,
    // One prefix per test database: a worker started by one test file never takes the jobs of
    // another file, whose records live in another database. Starts with the run's prefix, so the
    // global teardown removes it.
    REDIS_KEY_PREFIX: new URL(databaseUrlOfTest).pathname.slice(1),
    RUN_MIGRATIONS: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    TOKEN_SIGNING_KEY: key(),
    FIELD_ENCRYPTION_KEYS: `test1:${key()}`,
    BLIND_INDEX_KEY: key(),
    // Every test logs in from 127.0.0.1; the rate-limit test sets its own limit and addresses.
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    // Most tests log in admins, coordinators and lawyers without a second factor; the two-factor
    // tests (test/access/totp.e2e-spec.ts) set the roles that need it.
    TOTP_REQUIRED_ROLES: '',
    ...env,
  });
}

export type InjectOptions = Exclude<Parameters<NestFastifyApplication['inject']>[0], string | undefined>;
export type LightMyRequestResponse = Awaited<ReturnType<NestFastifyApplication['inject']>>;

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  close(): Promise<void>;
}

/**
 * Starts the API in-process (no port): requests go through Fastify's inject. On a fresh database
 * unless given one (to restart on the same data, e.g. with other keys).
 */
export async function startTestApp(
  options: { env?: Record<string, string>; extraModules?: Type[]; databaseUrl?: string } = {},
): Promise<TestApp> {
  const config = testConfig(options.databaseUrl ?? (await createTestDatabase()), options.env);
  const app = await createApiApp(config, options.extraModules);
  try {
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  } catch (error) {
    // A start-up check that refuses must not leave pools and Redis clients open behind it.
    await app.close();
    throw error;
  }
  return { app, config, close: () => app.close() };
}
