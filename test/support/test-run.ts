/** Names of what one test run creates, so that it can remove exactly that afterwards. */
export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function testRunId(): string {
  const id = process.env.ALBERGUE_TEST_RUN;
  if (!id) throw new Error('ALBERGUE_TEST_RUN is not set: run the tests through jest (npm test)');
  return id;
}

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export const templateDatabaseName = (): string => `albergue_test_${testRunId()}_template`;
/** A LIKE pattern with its underscores escaped. */
export const testDatabasePattern = (): string => `albergue\\_test\\_${testRunId()}\\_%`;
export const testRedisPrefix = (): string => `albergue_test_${testRunId()}`;
