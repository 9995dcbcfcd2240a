import { RETENTION_QUEUE, RETENTION_SCHEDULE } from '@albergue/intake';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue, QueueEvents } from 'bullmq';
import { Client } from 'pg';

import { WorkerModule } from '../../apps/worker/src/worker.module';
import { createApplication } from '../factories/asylum.factory';
import { createNote } from '../factories/casefile.factory';
import { createShelter, person, postIntake } from '../factories/intake.factory';
import { createOrganization, createService, postReferral, referral } from '../factories/referral.factory';
import { LoggedIn, loggedInUser } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

/** Today is later than every date below by far more than RETENTION_DAYS. */
const LONG_AGO = '2026-01-01T00:00:00Z';

describe('retention (RETENTION_DAYS=30, two workers)', () => {
  let testApp: TestApp;
  let db: Client;
  let admin: LoggedIn;
  let shelterId: string;
  let workers: INestApplicationContext[];
  let queue: Queue;
  let events: QueueEvents;
  const ids: Record<string, string> = {};

  const admit = async (givenNames: string, arrivedAt: string, departedAt?: string): Promise<string> => {
    const response = await postIntake(testApp.app, admin, {
      shelterId,
      arrivedAt,
      members: [{ person: person({ givenNames }), relationship: 'head' }],
      reasonsForLeaving: ['economic'],
      vulnerabilities: [],
      previousDeportations: [],
    });
    expect(response.statusCode).toBe(201);
    const [stay] = response.json().stays;
    if (departedAt) {
      const checkout = await testApp.app.inject({
        method: 'POST',
        url: `/api/v1/stays/${stay.id}/checkout`,
        headers: admin.headers,
        payload: { departedAt, destination: 'continued_north' },
      });
      expect(checkout.statusCode).toBe(200);
    }
    return stay.personId;
  };
  const recordPerson = async (givenNames: string): Promise<string> => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/persons',
      headers: admin.headers,
      payload: person({ givenNames }),
    });
    expect(response.statusCode).toBe(201);
    return response.json().id;
  };
  const startWorker = async (retentionDays: number | null): Promise<INestApplicationContext> => {
    const config = { ...testApp.config, retention: { days: retentionDays } };
    const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: false });
    await worker.init();
    return worker;
  };
  const run = async (jobId: string) => {
    const job = await queue.add(RETENTION_QUEUE.jobs.anonymizeExpired.name, {}, { jobId });
    return job.waitUntilFinished(events, 20000);
  };
  const erasedIds = async (): Promise<string[]> =>
    (await db.query('SELECT id FROM persons WHERE erased_at IS NOT NULL ORDER BY id')).rows.map((row) => row.id);

  beforeAll(async () => {
    testApp = await startTestApp({ env: { RETENTION_DAYS: '30' } });
    db = new Client({ connectionString: testApp.config.databaseUrl });
    await db.connect();
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    shelterId = (await createShelter(testApp.app, admin)).id;
    const lawyer = await loggedInUser(testApp.app, { role: 'lawyer' });

    ids.left = await admit('Se fue', '2026-03-01T10:00:00-06:00', '2026-03-10T08:00:00-06:00');
    ids.present = await admit('Sigue aquí', '2026-03-01T10:00:00-06:00');
    ids.recent = await admit('Salió hace poco', '2026-03-01T10:00:00-06:00', '2026-11-20T08:00:00-06:00');
    ids.asylum = await admit('Con solicitud', '2026-03-01T10:00:00-06:00', '2026-03-10T08:00:00-06:00');
    await createApplication(testApp.app, admin, {
      personId: ids.asylum,
      jurisdiction: 'MX_COMAR',
      enteredCountryOn: '2026-02-20',
      grounds: 'gender',
      lawyerId: lawyer.user.id,
      shelterId,
    });
    ids.referred = await admit('Con canalización', '2026-03-01T10:00:00-06:00', '2026-03-10T08:00:00-06:00');
    const service = await createService(testApp.app, admin, (await createOrganization(testApp.app, admin)).id);
    expect((await postReferral(testApp.app, admin, referral(ids.referred, service.id, { shelterId }))).statusCode).toBe(
      201,
    );
    ids.neverStayed = await recordPerson('Sin estancia');
    // Case notes go with the person retention erases, and stay with the one it keeps.
    await createNote(testApp.app, admin, ids.left, { kind: 'social', body: 'Siguió hacia el norte.' });
    await createNote(testApp.app, admin, ids.present, { kind: 'social', body: 'Sigue en el albergue.' });
    ids.justRecorded = await recordPerson('Recién registrada');
    // Everyone but the last was recorded and last changed long ago.
    await db.query('UPDATE persons SET created_at = $1, updated_at = $1 WHERE id <> $2', [LONG_AGO, ids.justRecorded]);

    workers = [await startWorker(30), await startWorker(30)];
    const connection = { url: testApp.config.redisUrl };
    const prefix = `${testApp.config.redisKeyPrefix}:bull`;
    queue = new Queue(RETENTION_QUEUE.name, { connection, prefix });
    events = new QueueEvents(RETENTION_QUEUE.name, { connection, prefix });
    await events.waitUntilReady();
  });
  afterAll(async () => {
    await events.close();
    await queue.close();
    for (const worker of workers) await worker.close();
    await db.end();
    await testApp.close();
  });

  it('has one nightly schedule however many workers declared it', async () => {
    expect(await queue.getJobSchedulers()).toEqual([
      expect.objectContaining({ key: RETENTION_SCHEDULE.schedulerId, pattern: '0 3 * * *', tz: 'America/Mexico_City' }),
    ]);
  });

  it('erases the persons with no stay within the period and nothing holding them, audited as the system', async () => {
    const result = await run('retention-test-1');
    expect(result).toMatchObject({ retentionDays: 30, erased: 2 });
    expect(await erasedIds()).toEqual([ids.left, ids.neverStayed].sort());
    const notes = await db.query('SELECT person_id FROM case_notes WHERE person_id = ANY($1)', [
      [ids.left, ids.present],
    ]);
    expect(notes.rows).toEqual([{ person_id: ids.present }]);
    const { rows } = await db.query(
      "SELECT actor_id, actor_role, entity_id, request_id, details->>'reason' AS reason FROM audit_events WHERE action = 'erase' ORDER BY entity_id",
    );
    expect(rows).toEqual(
      [ids.left, ids.neverStayed].sort().map((entityId) => ({
        actor_id: null,
        actor_role: 'system',
        entity_id: entityId,
        request_id: 'retention:retention-test-1',
        reason: 'retention_period_expired',
      })),
    );
    expect(
      (await db.query("SELECT given_names FROM persons WHERE id = ANY($1) AND given_names <> ''", [[ids.left]])).rows,
    ).toEqual([]);
  });

  it('erases nothing more when it runs again', async () => {
    expect(await run('retention-test-2')).toMatchObject({ erased: 0 });
    expect((await db.query("SELECT 1 FROM audit_events WHERE action = 'erase'")).rowCount).toBe(2);
  });

  it('removes the schedule when a worker starts with retention off', async () => {
    const off = await startWorker(null);
    try {
      expect(await queue.getJobSchedulers()).toEqual([]);
    } finally {
      await off.close();
    }
  });
});
