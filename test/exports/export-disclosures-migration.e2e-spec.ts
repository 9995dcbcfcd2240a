import { randomUUID } from 'node:crypto';

import { DataSource } from 'typeorm';

import { ExportDisclosuresByBatch1796760000000 } from '../../migrations/1796760000000-export-disclosures-by-batch';
import { createPartner, exportPayload, partnerKeys, partnerPayload, requestExport } from '../factories/export.factory';
import { loggedInUser, LoggedIn } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

interface LoggedAct {
  exportId: string;
  partnerId: string;
  incidentId: string;
  actId: string;
  disclosedAt: string;
}

/**
 * A log of a row per act, as the worker wrote it before: the migration moves each export's rows
 * into the batches they were written in (one INSERT each, so one disclosed_at), and back down.
 */
describe('migrating the disclosure log to a row per batch', () => {
  let testApp: TestApp;
  let dataSource: DataSource;
  let admin: LoggedIn;
  const migration = new ExportDisclosuresByBatch1796760000000();
  let partnerId: string;
  const exportIds: string[] = [];
  const logged: LoggedAct[] = [];

  const run = async (step: 'up' | 'down') => {
    const runner = dataSource.createQueryRunner();
    try {
      await migration[step](runner);
    } finally {
      await runner.release();
    }
  };
  /** As Postgres orders uuids: byte by byte, which is their lower-case text's order. */
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const byIncidentThenAct = (a: LoggedAct, b: LoggedAct) =>
    compare(`${a.incidentId} ${a.actId}`, `${b.incidentId} ${b.actId}`);
  const oldLog = async () =>
    (
      (await dataSource.query(
        `SELECT export_id AS "exportId", partner_id AS "partnerId", incident_id AS "incidentId", act_id AS "actId",
                disclosed_at AS "disclosedAt"
           FROM export_disclosures ORDER BY export_id, incident_id, act_id`,
      )) as (Omit<LoggedAct, 'disclosedAt'> & { disclosedAt: Date })[]
    ).map((row) => ({ ...row, disclosedAt: row.disclosedAt.toISOString() }));

  beforeAll(async () => {
    testApp = await startTestApp();
    dataSource = testApp.app.get(DataSource);
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    partnerId = (await createPartner(testApp.app, admin, partnerPayload((await partnerKeys()).publicKey))).id;
    for (let i = 0; i < 2; i++)
      exportIds.push((await requestExport(testApp.app, admin, exportPayload(partnerId))).json().id);

    // The first export logged two batches of three and two acts, the second one batch of one.
    await run('down');
    const batches: [string, string, number][] = [
      [exportIds[0], '2026-05-01T10:00:00.000Z', 3],
      [exportIds[0], '2026-05-01T10:00:01.250Z', 2],
      [exportIds[1], '2026-05-02T08:30:00.000Z', 1],
    ];
    for (const [exportId, disclosedAt, acts] of batches) {
      const rows = Array.from({ length: acts }, () => ({
        exportId,
        partnerId,
        incidentId: randomUUID(),
        actId: randomUUID(),
        disclosedAt,
      }));
      logged.push(...rows);
      await dataSource.query(
        `INSERT INTO export_disclosures (export_id, partner_id, incident_id, act_id, disclosed_at)
         SELECT $1, $2, unnest($3::uuid[]), unnest($4::uuid[]), $5`,
        [exportId, partnerId, rows.map((row) => row.incidentId), rows.map((row) => row.actId), disclosedAt],
      );
    }
    await run('up');
  });

  afterAll(async () => {
    await testApp?.close();
  });

  it('moves each batch the worker wrote into one row, its acts by incident then act, numbered from 0 by time', async () => {
    const rows = (await dataSource.query(
      `SELECT export_id, batch_no, partner_id, incident_ids, act_ids, disclosed_at
         FROM export_disclosure_batches ORDER BY export_id = $1 DESC, batch_no`,
      [exportIds[0]],
    )) as {
      export_id: string;
      batch_no: number;
      partner_id: string;
      incident_ids: string[];
      act_ids: string[];
      disclosed_at: Date;
    }[];
    const batchOf = (exportId: string, disclosedAt: string) =>
      logged.filter((row) => row.exportId === exportId && row.disclosedAt === disclosedAt).sort(byIncidentThenAct);
    expect(rows.map((row) => ({ ...row, disclosed_at: row.disclosed_at.toISOString() }))).toEqual(
      [
        [exportIds[0], 0, '2026-05-01T10:00:00.000Z'],
        [exportIds[0], 1, '2026-05-01T10:00:01.250Z'],
        [exportIds[1], 0, '2026-05-02T08:30:00.000Z'],
      ].map(([exportId, batchNo, disclosedAt]) => ({
        export_id: exportId,
        batch_no: batchNo,
        partner_id: partnerId,
        incident_ids: batchOf(exportId as string, disclosedAt as string).map((row) => row.incidentId),
        act_ids: batchOf(exportId as string, disclosedAt as string).map((row) => row.actId),
        disclosed_at: disclosedAt,
      })),
    );
    const tables = (await dataSource.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'export_disclosure%'`,
    )) as { tablename: string }[];
    expect(tables.map((table) => table.tablename)).toEqual(['export_disclosure_batches']);
  });

  it('answers the disclosures endpoint with every act moved, one item each, as the log of a row per act did', async () => {
    for (const exportId of exportIds) {
      const response = await testApp.app.inject({
        method: 'GET',
        url: `/api/v1/exports/${exportId}/disclosures`,
        headers: admin.headers,
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        items: logged.filter((row) => row.exportId === exportId).sort(byIncidentThenAct),
        nextCursor: null,
      });
    }
  });

  it('goes back down to a row per act, with every act and its time, and up again', async () => {
    await run('down');
    try {
      expect(await oldLog()).toEqual(
        [...logged].sort((a, b) => compare(a.exportId, b.exportId) || byIncidentThenAct(a, b)),
      );
    } finally {
      await run('up');
    }
    const [{ count }] = (await dataSource.query('SELECT count(*)::int AS count FROM export_disclosure_batches')) as {
      count: number;
    }[];
    expect(count).toBe(3);
  });

  it('refuses a batch without acts, or with an incident id too few', async () => {
    for (const [incidentIds, actIds] of [
      [[], []],
      [[randomUUID()], [randomUUID(), randomUUID()]],
    ]) {
      await expect(
        dataSource.query(
          `INSERT INTO export_disclosure_batches (export_id, batch_no, partner_id, incident_ids, act_ids)
           VALUES ($1, 9, $2, $3::uuid[], $4::uuid[])`,
          [exportIds[1], partnerId, incidentIds, actIds],
        ),
      ).rejects.toThrow(/export_disclosure_batches_acts_check/);
    }
  });
});
