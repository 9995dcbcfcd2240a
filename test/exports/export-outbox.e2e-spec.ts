import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';

import { WorkerModule } from '../../apps/worker/src/worker.module';
import { createPartner, partnerKeys, partnerPayload, requestExport, waitForExport } from '../factories/export.factory';
import { loggedInUser, LoggedIn } from '../factories/user.factory';
import { freePort, PrivateRedis } from '../support/private-redis';
import { startTestApp, TestApp } from '../support/test-app';

describe('export outbox', () => {
  const apps: TestApp[] = [];
  let worker: INestApplicationContext | undefined;
  let db: Client;

  afterAll(async () => {
    await worker?.close();
    for (const app of apps) await app.close();
    await db?.end();
  });

  it('accepts a request while Redis is down and runs it once Redis is back', async () => {
    const setup = await startTestApp();
    apps.push(setup);
    const { config } = setup;
    // Same secrets on every app, so the admin's token works across the restarts.
    const secrets = {
      TOKEN_SIGNING_KEY: config.secrets.tokenSigningKey.toString('base64'),
      FIELD_ENCRYPTION_KEYS: config.secrets.fieldEncryptionKeys
        .map(({ id, key }) => `${id}:${key.toString('base64')}`)
        .join(','),
      BLIND_INDEX_KEY: config.secrets.blindIndexKey.toString('base64'),
    };
    const admin: LoggedIn = await loggedInUser(setup.app, { role: 'admin' });
    const partner = await createPartner(setup.app, admin, partnerPayload((await partnerKeys()).publicKey));
    await setup.close();
    apps.pop();

    const redisDown = await startTestApp({
      databaseUrl: config.databaseUrl,
      env: { ...secrets, REDIS_URL: `redis://127.0.0.1:${await freePort()}` },
    });
    apps.push(redisDown);
    const response = await requestExport(redisDown.app, admin, {
      partnerId: partner.id,
      dataset: 'incidents_aggregate',
      format: 'json',
      from: '2026-01-01',
      to: '2026-06-30',
    });
    expect(response.statusCode).toBe(202);
    const { id } = response.json();

    db = new Client({ connectionString: config.databaseUrl });
    await db.connect();
    const outbox = async () =>
      (await db.query('SELECT enqueued_at, attempts, last_error FROM export_outbox WHERE export_id = $1', [id])).rows;
    const deadline = Date.now() + 15000;
    while ((await outbox())[0]?.last_error == null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(await outbox()).toEqual([
      { enqueued_at: null, attempts: expect.any(Number), last_error: expect.stringContaining('Redis') },
    ]);
    await redisDown.close();
    apps.pop();

    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot({ ...config }), { logger: false });
    await worker.init();
    const api = await startTestApp({ databaseUrl: config.databaseUrl, env: secrets });
    apps.push(api);
    expect(await waitForExport(api.app, admin, id)).toMatchObject({ status: 'completed', rowCount: 0 });
    expect((await outbox())[0].enqueued_at).not.toBeNull();
  }, 90000);

  it('keeps an export requested while Redis is stopped, and runs it when the same Redis returns', async () => {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    try {
      const testApp = await startTestApp({ env: { REDIS_URL: redis.url } });
      apps.push(testApp);
      const stoppedWorker = await NestFactory.createApplicationContext(WorkerModule.forRoot(testApp.config), {
        logger: false,
      });
      await stoppedWorker.init();
      try {
        const admin = await loggedInUser(testApp.app, { role: 'admin' });
        const partner = await createPartner(testApp.app, admin, partnerPayload((await partnerKeys()).publicKey));

        await redis.stop();
        const ready = await testApp.app.inject({ method: 'GET', url: '/api/v1/health/ready' });
        expect(ready.statusCode).toBe(503);
        expect(ready.json().down).toEqual(['redis']);
        const response = await requestExport(testApp.app, admin, {
          partnerId: partner.id,
          dataset: 'incidents_aggregate',
          format: 'csv',
          from: '2026-01-01',
          to: '2026-06-30',
        });
        expect(response.statusCode).toBe(202);
        const { id } = response.json();

        // The same API and worker, not restarted: the relay puts the request on the queue once Redis is back.
        await redis.start();
        expect(await waitForExport(testApp.app, admin, id, 40000)).toMatchObject({ status: 'completed' });
        const files = new Client({ connectionString: testApp.config.databaseUrl });
        await files.connect();
        const outbox = await files.query('SELECT enqueued_at FROM export_outbox WHERE export_id = $1', [id]);
        await files.end();
        expect(outbox.rows).toHaveLength(1);
        expect(outbox.rows[0].enqueued_at).not.toBeNull();
      } finally {
        await stoppedWorker.close();
      }
    } finally {
      await redis.stop();
    }
  }, 90000);
});
