import Redis from 'ioredis';
import { Client } from 'pg';

import { ADMIN_DATABASE_URL, TEST_REDIS_URL, testDatabasePattern, testRedisPrefix } from './test-run';

/** Drops every database and Redis key this run created, so a developer's data is never touched. */
export default async function globalTeardown(): Promise<void> {
  const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      testDatabasePattern(),
    ]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${testRedisPrefix()}*`, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // Redis may be down at the end of a run that tested its absence; nothing of ours is left then.
  } finally {
    redis.disconnect();
  }
}
