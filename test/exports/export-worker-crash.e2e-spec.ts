import { createHash } from 'node:crypto';

import { Client } from 'pg';

import {
  createPartner,
  decryptFile,
  partnerKeys,
  partnerPayload,
  PartnerKeys,
  requestExport,
  waitForExport,
} from '../factories/export.factory';
import { createIncident, incidentPayload, reviewIncident } from '../factories/incident.factory';
import { createShelter } from '../factories/intake.factory';
import { loggedInUser, LoggedIn } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { testRedisPrefix } from '../support/test-run';
import { buildDist, startWorkerProcess, WorkerProcess } from '../support/worker-process';

/** Enough acts that the export is still running when the worker is killed. */
const COPIES = Number(process.env.CRASH_TEST_INCIDENTS ?? 40000);

/** Copies one incident, its consent and its act `copies` times, straight in SQL. */
async function copyIncident(db: Client, incidentId: string, copies: number): Promise<void> {
  await db.query(
    `WITH copies AS (
       INSERT INTO incidents (shelter_id, occurred_on, location_state, location_municipality, place_type,
                              narrative_ciphertext, status, child_victim, sexual_violence, state_perpetrator, recorded_by)
       SELECT shelter_id, occurred_on, location_state, location_municipality, place_type,
              narrative_ciphertext, status, child_victim, sexual_violence, state_perpetrator, recorded_by
         FROM incidents, generate_series(1, $2) WHERE id = $1
       RETURNING id
     ), consents AS (
       INSERT INTO incident_consents (incident_id, version, level, recipients, taken_by)
       SELECT copies.id, 1, c.level, c.recipients, c.taken_by
         FROM copies, incident_consents c WHERE c.incident_id = $1 AND c.version = 1
     ), acts AS (
       INSERT INTO incident_acts (incident_id, position, act_type, victim_sex, victim_age_band, victim_nationality,
                                  injuries, medical_care_denied)
       SELECT copies.id, a.position, a.act_type, a.victim_sex, a.victim_age_band, a.victim_nationality,
              a.injuries, a.medical_care_denied
         FROM copies, incident_acts a WHERE a.incident_id = $1
       RETURNING id
     )
     INSERT INTO incident_involvements (act_id, position, perpetrator_type) SELECT acts.id, 0, 'inm_agent' FROM acts`,
    [incidentId, copies],
  );
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a worker killed in the middle of a job -> the job completes once: an export under SIGKILL', () => {
  let testApp: TestApp;
  let db: Client;
  let admin: LoggedIn;
  let keys: PartnerKeys;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    buildDist();
    // A prefix of its own: no worker of another test file may take this file's jobs.
    testApp = await startTestApp({ env: { REDIS_KEY_PREFIX: `${testRedisPrefix()}_crash` } });
    db = new Client({ connectionString: testApp.config.databaseUrl });
    await db.connect();
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    keys = await partnerKeys();
  }, 120000);

  afterAll(async () => {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await db?.end();
    await testApp?.close();
  });

  it('completes once after a SIGKILL mid-run: one file, each act disclosed once, in batches numbered once each', async () => {
    const partner = await createPartner(testApp.app, admin, partnerPayload(keys.publicKey));
    const shelterId = (await createShelter(testApp.app, admin)).id;
    const incidentId = await createIncident(testApp.app, admin, incidentPayload(shelterId));
    expect((await reviewIncident(testApp.app, admin, incidentId)).statusCode).toBe(200);
    await copyIncident(db, incidentId, COPIES - 1);
    const acts = Number(
      (
        await db.query(
          "SELECT count(*) FROM incident_acts a JOIN incidents i ON i.id = a.incident_id WHERE i.status = 'verified'",
        )
      ).rows[0].count,
    );
    expect(acts).toBe(COPIES);

    const response = await requestExport(testApp.app, admin, {
      partnerId: partner.id,
      dataset: 'incidents_deidentified',
      format: 'csv',
      from: '2026-01-01',
      to: '2026-06-30',
    });
    expect(response.statusCode).toBe(202);
    const exportId: string = response.json().id;

    const first = await startWorkerProcess(testApp.config);
    workers.push(first);
    const atKill = await until(
      'the export to be under way',
      async () => {
        const { rows } = await db.query<{ status: string; progress: number; disclosed: string }>(
          `SELECT status, progress,
                  (SELECT coalesce(sum(cardinality(act_ids)), 0) FROM export_disclosure_batches WHERE export_id = $1)
                    AS disclosed
             FROM exports WHERE id = $1`,
          [exportId],
        );
        return rows[0].status === 'running' && rows[0].progress >= 5 ? rows[0] : undefined;
      },
      60000,
    );
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    expect(atKill.progress).toBeLessThan(100);
    expect(Number(atKill.disclosed)).toBeGreaterThan(0);
    expect(Number(atKill.disclosed)).toBeLessThan(COPIES);

    // BullMQ gives the killed worker's job to another once its lock expires (30 s) and a stalled check runs.
    workers.push(await startWorkerProcess(testApp.config));
    const state = await waitForExport(testApp.app, admin, exportId, 150000);
    expect(state).toMatchObject({ status: 'completed', progress: 100, rowCount: COPIES });

    const { rows: chunks } = await db.query<{ seq: number; bytes: number }>(
      'SELECT seq, length(data) AS bytes FROM export_file_chunks WHERE export_id = $1 ORDER BY seq',
      [exportId],
    );
    expect(chunks.map((chunk) => chunk.seq)).toEqual(chunks.map((_, index) => index));
    const download = await testApp.app.inject({
      method: 'GET',
      url: `/api/v1/exports/${exportId}/download`,
      headers: admin.headers,
    });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.length).toBe(chunks.reduce((sum, chunk) => sum + chunk.bytes, 0));
    expect(createHash('sha256').update(download.rawPayload).digest('hex')).toBe(state.sha256);
    const lines = (await decryptFile(download.rawPayload, keys.privateKey)).split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(COPIES + 1);

    // The second attempt logged its batches anew, numbered from 0: none of the first attempt's is left beside them.
    const { rows: disclosures } = await db.query<{ rows: string; acts: string; attempts: number }>(
      `SELECT count(*) AS rows, count(DISTINCT d.act_id) AS acts,
              (SELECT attempts FROM exports WHERE id = $1) AS attempts
         FROM export_disclosure_batches b CROSS JOIN LATERAL unnest(b.act_ids) AS d (act_id)
        WHERE b.export_id = $1`,
      [exportId],
    );
    expect(disclosures[0]).toEqual({ rows: String(COPIES), acts: String(COPIES), attempts: 2 });
    const { rows: batches } = await db.query<{ batch_no: number }>(
      'SELECT batch_no FROM export_disclosure_batches WHERE export_id = $1 ORDER BY batch_no',
      [exportId],
    );
    expect(batches.map((batch) => batch.batch_no)).toEqual(batches.map((_, index) => index));
    expect(batches).toHaveLength(Math.ceil(COPIES / 2000));
  }, 300000);
});
