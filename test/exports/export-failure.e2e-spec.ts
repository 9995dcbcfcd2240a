import { EXPORT_FAILURES } from '@albergue/exports';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';

import { WorkerModule } from '../../apps/worker/src/worker.module';
import { createPartner, exportPayload, partnerKeys, partnerPayload, requestExport } from '../factories/export.factory';
import { loggedInUser, LoggedIn } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

/** Would appear in the raw error of the failed attempt, were it ever shown. */
const RAW_MARKER = 'Marcador-ZQK-error-interno';

describe('failed exports', () => {
  let testApp: TestApp;
  let worker: INestApplicationContext;
  let admin: LoggedIn;
  let db: Client;

  beforeAll(async () => {
    testApp = await startTestApp();
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(testApp.config), { logger: false });
    await worker.init();
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    db = new Client({ connectionString: testApp.config.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await worker?.close();
    await testApp?.close();
  });

  /** GET /exports/:id once the first attempt has failed (the export then waits for its retry). */
  async function failedState(id: string, language: string): Promise<{ body: string; json: Record<string, unknown> }> {
    const deadline = Date.now() + 20000;
    for (;;) {
      const response = await testApp.app.inject({
        method: 'GET',
        url: `/api/v1/exports/${id}`,
        headers: { ...admin.headers, 'accept-language': language },
      });
      const json = response.json<Record<string, unknown>>();
      if (json.errorCode || Date.now() > deadline) return { body: response.body, json };
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('tells that the partner key no longer encrypts, by code and in the reader language', async () => {
    const partner = await createPartner(testApp.app, admin, partnerPayload((await partnerKeys()).publicKey));
    // The key expired after it was registered.
    const expired = await partnerKeys({ date: new Date('2020-01-01T00:00:00Z'), keyExpirationTime: 3600 });
    await db.query('UPDATE partners SET pgp_public_key = $2 WHERE id = $1', [partner.id, expired.publicKey]);
    const response = await requestExport(testApp.app, admin, exportPayload(partner.id));
    expect(response.statusCode).toBe(202);
    const id = response.json().id as string;

    for (const language of ['es', 'en'] as const) {
      const { json } = await failedState(id, language);
      expect(json).toMatchObject({
        errorCode: 'partner_key_unusable',
        error: EXPORT_FAILURES.partner_key_unusable[language],
      });
    }
  });

  it('shows an internal failure as a code and a sentence, never the raw message', async () => {
    const partner = await createPartner(testApp.app, admin, partnerPayload((await partnerKeys()).publicKey));
    // A pseudonym key that cannot be decrypted: reading the dataset throws a raw error.
    await db.query('UPDATE partners SET pseudonym_key_ciphertext = $2 WHERE id = $1', [
      partner.id,
      `v1:${RAW_MARKER}:${RAW_MARKER}`,
    ]);
    const response = await requestExport(
      testApp.app,
      admin,
      exportPayload(partner.id, { dataset: 'incidents_deidentified' }),
    );
    expect(response.statusCode).toBe(202);
    const id = response.json().id as string;

    for (const language of ['es', 'en'] as const) {
      const { json, body } = await failedState(id, language);
      expect(json).toMatchObject({ errorCode: 'internal', error: EXPORT_FAILURES.internal[language] });
      expect(body).not.toContain(RAW_MARKER);
      expect(body).not.toMatch(/ciphertext|decrypt|key id|stack/i);
    }
    const { rows } = await db.query('SELECT error_code FROM exports WHERE id = $1', [id]);
    expect(rows).toEqual([{ error_code: 'internal' }]);
  });
});
