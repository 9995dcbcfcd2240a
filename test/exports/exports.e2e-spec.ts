import { createHash } from 'node:crypto';

import { ExportRunner } from '@albergue/exports';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';

import { WorkerModule } from '../../apps/worker/src/worker.module';
import {
  createPartner,
  decryptFile,
  notAKey,
  partnerKeys,
  partnerPayload,
  PartnerKeys,
  postPartner,
  requestExport,
  setMinCellSize,
  waitForExport,
} from '../factories/export.factory';
import {
  actBy,
  createIncident,
  INJURY_DETAILS,
  incidentPayload,
  NARRATIVE,
  recordConsent,
  reviewIncident,
} from '../factories/incident.factory';
import { createShelter, familyOfFour, person, postIntake } from '../factories/intake.factory';
import { createOrganization } from '../factories/referral.factory';
import { loggedInUser, LoggedIn } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { hxlCoreSchemaProblems } from './hxl-core-schema';

const FORMULA = '=HYPERLINK("http://evil.example","x")';
const PERIOD = { from: '2026-01-01', to: '2026-06-30' };

describe('exports to partners', () => {
  let testApp: TestApp;
  let worker: INestApplicationContext;
  let admin: LoggedIn;
  let keysA: PartnerKeys;
  let keysB: PartnerKeys;
  let partnerA: { id: string; webhookSecret: string };
  let partnerB: { id: string };
  let userOfA: LoggedIn;
  let userOfB: LoggedIn;
  const eligibleForA: string[] = [];
  const excluded: string[] = [];
  let onlyForA: string;
  let keysC: PartnerKeys;
  let partnerC: { id: string };
  let identifiedForC: string;
  let sexualViolence: string;
  let keysD: PartnerKeys;
  let partnerD: { id: string };
  let withFormula: string;

  const download = (id: string, as: LoggedIn = admin) =>
    testApp.app.inject({ method: 'GET', url: `/api/v1/exports/${id}/download`, headers: as.headers });

  async function exportOf(partnerId: string, dataset: string, format: string): Promise<string> {
    // Records at k = 1 (this small world's rows are each unique), aggregates at the agreement's 5.
    await setMinCellSize(worker.get(DataSource), partnerId, dataset === 'incidents_aggregate' ? 5 : 1);
    const response = await requestExport(testApp.app, admin, { partnerId, dataset, format, ...PERIOD });
    expect(response.statusCode).toBe(202);
    expect(response.json().status).toBe('queued');
    return response.json().id;
  }

  async function completedFile(id: string, keys: PartnerKeys) {
    const state = await waitForExport(testApp.app, admin, id);
    expect(state).toMatchObject({ status: 'completed', progress: 100 });
    const response = await download(id);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pgp-encrypted');
    expect(createHash('sha256').update(response.rawPayload).digest('hex')).toBe(state.sha256);
    return { state, text: await decryptFile(response.rawPayload, keys.privateKey) };
  }

  beforeAll(async () => {
    testApp = await startTestApp({ env: { WEBHOOKS_ALLOW_PRIVATE_URLS: 'true' } });
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    [keysA, keysB] = await Promise.all([partnerKeys(), partnerKeys()]);
    const organizationA = await createOrganization(testApp.app, admin, { name: 'Observatorio A' });
    const organizationB = await createOrganization(testApp.app, admin, { name: 'Observatorio B' });
    partnerA = await createPartner(
      testApp.app,
      admin,
      partnerPayload(keysA.publicKey, { name: 'Observatorio A', organizationId: organizationA.id }),
    );
    partnerB = await createPartner(
      testApp.app,
      admin,
      partnerPayload(keysB.publicKey, {
        name: 'Observatorio B',
        organizationId: organizationB.id,
        agreement: { datasets: ['incidents_deidentified'] },
      }),
    );
    keysC = await partnerKeys();
    partnerC = await createPartner(
      testApp.app,
      admin,
      partnerPayload(keysC.publicKey, { name: 'Observatorio C', agreement: { datasets: ['incidents_identified'] } }),
    );
    userOfA = await loggedInUser(testApp.app, { role: 'partner', organizationId: organizationA.id });
    userOfB = await loggedInUser(testApp.app, { role: 'partner', organizationId: organizationB.id });

    const shelterId = (await createShelter(testApp.app, admin)).id;
    const verified = async (payload: object): Promise<string> => {
      const id = await createIncident(testApp.app, admin, payload);
      expect((await reviewIncident(testApp.app, admin, id)).statusCode).toBe(200);
      return id;
    };
    const located = (extra: Record<string, unknown> = {}) =>
      incidentPayload(shelterId, {
        location: {
          state: 'Chiapas',
          municipality: 'Palenque',
          placeType: 'rail_line',
          description: 'Junto al puente',
          lat: 17.5098,
          lon: -91.9826,
        },
        ...extra,
      });
    withFormula = await verified(
      located({ location: { state: 'Chiapas', municipality: FORMULA, placeType: 'rail_line' } }),
    );
    eligibleForA.push(withFormula);
    for (let i = 0; i < 4; i++) eligibleForA.push(await verified(located()));
    onlyForA = await verified(located({ consent: { level: 'anonymous', recipients: [partnerA.id] } }));
    eligibleForA.push(onlyForA);
    eligibleForA.push(await verified(located({ acts: [actBy('organized_crime', 'extortion')] })));

    excluded.push(await createIncident(testApp.app, admin, located()));
    excluded.push(await verified(located({ consent: { level: 'none' } })));
    const withdrawn = await verified(located());
    expect((await recordConsent(testApp.app, admin, withdrawn, { level: 'none' })).statusCode).toBeLessThan(300);
    excluded.push(withdrawn);
    const elsewhere = await createOrganization(testApp.app, admin, { name: 'Otra organización' });
    excluded.push(await verified(located({ consent: { level: 'anonymous', recipients: [elsewhere.id] } })));
    excluded.push(await verified(located({ occurredOn: '2025-12-31' })));
    // Counted in aggregates; a record only for a partner whose agreement names sexual violence.
    sexualViolence = await verified(located({ acts: [actBy('organized_crime', 'sexual_violence')] }));
    keysD = await partnerKeys();
    partnerD = await createPartner(
      testApp.app,
      admin,
      partnerPayload(keysD.publicKey, {
        name: 'Observatorio D',
        agreement: { datasets: ['incidents_deidentified'], sexualViolenceDeidentified: true },
      }),
    );

    // Identified data: only an identified consent that names the partner lets a name and the account out.
    const intake = await postIntake(testApp.app, admin, {
      ...familyOfFour(shelterId, '2026-03-14T22:10:00-06:00'),
      members: [{ person: person({ givenNames: 'Victima', familyNames: 'Identificable' }), relationship: 'head' }],
    });
    const victimPersonId = intake.json().stays[0].personId;
    identifiedForC = await verified(
      located({
        acts: [{ type: 'extortion', victimPersonId, perpetrators: [{ type: 'inm_agent' }] }],
        consent: { level: 'identified', recipients: [partnerC.id] },
      }),
    );
    excluded.push(identifiedForC);
    excluded.push(await verified(located({ consent: { level: 'anonymous', recipients: [partnerC.id] } })));
    // Identified without naming anyone: de-identified data may go to any partner, the name to none.
    eligibleForA.push(
      await verified(
        located({
          acts: [
            {
              type: 'physical_assault',
              victimPersonId,
              perpetrators: [{ type: 'inm_agent' }, { type: 'national_guard' }],
            },
          ],
          consent: { level: 'identified' },
        }),
      ),
    );

    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(testApp.config), { logger: false });
    await worker.init();
  }, 120000);

  afterAll(async () => {
    await worker?.close();
    await testApp?.close();
  });

  describe('partners', () => {
    it('answers the webhook secret once, as whsec_ and 32 random bytes, and never lists it', async () => {
      expect(Buffer.from(partnerA.webhookSecret.replace(/^whsec_/, ''), 'base64')).toHaveLength(32);
      const list = await testApp.app.inject({ method: 'GET', url: '/api/v1/partners', headers: admin.headers });
      expect(list.statusCode).toBe(200);
      expect(list.json().items).toHaveLength(4);
      expect(list.body).not.toContain('whsec_');
      expect(list.json().items[0].agreement.minCellSize).toBe(5);
    });

    it.each([
      ['a private key', async () => (await partnerKeys()).privateKey],
      ['garbage', async () => 'not a key at all'],
      ['an OpenPGP message that is no key', notAKey],
      [
        'an expired key',
        async () =>
          (await partnerKeys({ date: new Date(Date.now() - 10 * 86400e3), keyExpirationTime: 86400 })).publicKey,
      ],
    ])('refuses %s with 422 naming pgpPublicKey', async (_, key) => {
      const response = await postPartner(testApp.app, admin, partnerPayload(await key()));
      expect(response.statusCode).toBe(422);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual(['pgpPublicKey']);
    });

    it('refuses a least cell size under 5', async () => {
      const response = await postPartner(
        testApp.app,
        admin,
        partnerPayload(keysA.publicKey, { agreement: { datasets: ['incidents_aggregate'], minCellSize: 3 } }),
      );
      expect(response.statusCode).toBe(400);
    });
  });

  it('refuses a dataset outside the agreement with 403', async () => {
    const response = await requestExport(testApp.app, admin, {
      partnerId: partnerB.id,
      dataset: 'incidents_aggregate',
      format: 'csv',
      ...PERIOD,
    });
    expect(response.statusCode).toBe(403);
  });

  // Two files over overlapping free periods differ by a few days: that difference isolated one incident.
  it.each([
    ['incidents_aggregate', { from: '2026-01-02', to: '2026-06-30' }, 'from'],
    ['incidents_aggregate', { from: '2026-01-01', to: '2026-02-27' }, 'to'],
    ['incidents_deidentified', { from: '2026-02-01', to: '2026-03-31' }, 'to'],
    ['incidents_deidentified', { from: '2026-03-15', to: '2026-04-14' }, 'from'],
  ])(
    'refuses an %s export over %j, no whole month, quarter, half-year or year, with 422 naming %s',
    async (dataset, period, field) => {
      const response = await requestExport(testApp.app, admin, {
        partnerId: partnerA.id,
        dataset,
        format: 'csv',
        ...period,
      });
      expect(response.statusCode).toBe(422);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual([field]);
    },
  );

  it('takes a calendar quarter', async () => {
    const quarter = { from: '2026-01-01', to: '2026-03-31' };
    const response = await requestExport(testApp.app, admin, {
      partnerId: partnerA.id,
      dataset: 'incidents_aggregate',
      format: 'csv',
      ...quarter,
    });
    expect(response.statusCode).toBe(202);
    expect(await waitForExport(testApp.app, admin, response.json().id)).toMatchObject({
      status: 'completed',
      ...quarter,
    });
  });

  it('sends names and narratives only of victims who consented to be identified to this partner', async () => {
    const identified = await completedFile(await exportOf(partnerC.id, 'incidents_identified', 'csv'), keysC);
    const lines = identified.text.trim().split('\r\n');
    expect(lines[0]).toMatch(/,victim_name,narrative$/);
    expect(lines).toHaveLength(2);
    expect(identified.text).toContain('Victima Identificable');
    expect(identified.text).toContain(NARRATIVE);
    const disclosures = await testApp.app.inject({
      method: 'GET',
      url: `/api/v1/exports/${identified.state.id}/disclosures`,
      headers: admin.headers,
    });
    expect(disclosures.json().items.map((d: { incidentId: string }) => d.incidentId)).toEqual([identifiedForC]);
  });

  describe('de-identified CSV', () => {
    let id: string;
    let text: string;
    let rowCount: number;

    beforeAll(async () => {
      id = await exportOf(partnerA.id, 'incidents_deidentified', 'csv');
      ({
        text,
        state: { rowCount },
      } = await completedFile(id, keysA));
    }, 60000);

    it('holds one row per act of the verified, consented incidents in the period', () => {
      expect(rowCount).toBe(eligibleForA.length);
      expect(text.trim().split('\r\n')).toHaveLength(eligibleForA.length + 1);
    });

    it('holds no name, narrative, description, exact date or coordinate', () => {
      for (const secret of [
        NARRATIVE,
        INJURY_DETAILS,
        'Junto al puente',
        'Uniforme gris',
        '2026-03-12',
        '17.5098',
        '91.98',
        'Victima',
        'Identificable',
      ]) {
        expect(text).not.toContain(secret);
      }
      expect(text).toContain('2026-03');
      expect(text.split('\r\n')[0]).toBe(
        'incident_pseudonym,victim_pseudonym,month,state,municipality,place_type,act_type,act_huridocs_code,' +
          'perpetrator_types,victim_sex,victim_age_band,victim_nationality,injuries,medical_care_denied',
      );
    });

    it('neutralizes a cell that a spreadsheet would run as a formula', () => {
      expect(text).toContain(`"'${FORMULA.replaceAll('"', '""')}"`);
      expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
    });

    it('logs each act that left once, by incident then act, even when the job runs again', async () => {
      const disclosures = async () =>
        (
          await testApp.app.inject({ method: 'GET', url: `/api/v1/exports/${id}/disclosures`, headers: admin.headers })
        ).json().items as { exportId: string; incidentId: string; actId: string; partnerId: string }[];
      const db = worker.get(DataSource);
      const batchNumbers = async () =>
        (
          (await db.query('SELECT batch_no FROM export_disclosure_batches WHERE export_id = $1 ORDER BY batch_no', [
            id,
          ])) as { batch_no: number }[]
        ).map((row) => row.batch_no);
      const acts = (await db.query('SELECT incident_id, id FROM incident_acts WHERE incident_id = ANY($1::uuid[])', [
        eligibleForA,
      ])) as { incident_id: string; id: string }[];
      const actsOut = acts.map((act) => `${act.incident_id} ${act.id}`).sort();
      const first = await disclosures();
      expect(actsOut.length).toBeGreaterThanOrEqual(eligibleForA.length);
      expect(first.map((d) => `${d.incidentId} ${d.actId}`)).toEqual(actsOut);
      expect(first.every((d) => d.partnerId === partnerA.id && d.exportId === id)).toBe(true);
      expect(Object.keys(first[0]).sort()).toEqual(['actId', 'disclosedAt', 'exportId', 'incidentId', 'partnerId']);
      expect(await batchNumbers()).toEqual([0]);
      await expect(worker.get(ExportRunner).run(id)).resolves.toBe('already_completed');
      expect(await disclosures()).toEqual(first);
      // A job that died half-way is run again from the start: the log matches the new file, once per act.
      await db.query(`UPDATE exports SET status = 'running' WHERE id = $1`, [id]);
      await expect(worker.get(ExportRunner).run(id)).resolves.toBe('completed');
      expect((await disclosures()).map((d) => `${d.incidentId} ${d.actId}`)).toEqual(actsOut);
      expect(await batchNumbers()).toEqual([0]);
    });

    it('shows the log to admins only, whichever partner the export went to', async () => {
      const other = await exportOf(partnerB.id, 'incidents_deidentified', 'csv');
      await completedFile(other, keysB);
      const get = (exportId: string, as: LoggedIn) =>
        testApp.app.inject({ method: 'GET', url: `/api/v1/exports/${exportId}/disclosures`, headers: as.headers });
      for (const exportId of [id, other]) {
        expect((await get(exportId, userOfA)).statusCode).toBe(403);
        expect((await get(exportId, userOfB)).statusCode).toBe(403);
      }
      const ofB = (await get(other, admin)).json().items as { exportId: string; partnerId: string }[];
      expect(ofB.length).toBe(eligibleForA.length - 1);
      expect(ofB.every((d) => d.exportId === other && d.partnerId === partnerB.id)).toBe(true);
      expect((await get('6f1c1f5e-8d4b-4d7e-9a51-2c0f3f0b9a11', admin)).statusCode).toBe(404);
    });

    it('answers which exports and partners received an incident, through the index on incident ids', async () => {
      const db = worker.get(DataSource);
      const receivedBy = async (incidentId: string) =>
        (
          (await db.query(
            `SELECT DISTINCT partner_id FROM export_disclosure_batches WHERE incident_ids @> ARRAY[$1::uuid]`,
            [incidentId],
          )) as { partner_id: string }[]
        ).map((row) => row.partner_id);
      // Only A's consent named it; B's export did not take it.
      expect(await receivedBy(onlyForA)).toEqual([partnerA.id]);
      expect((await receivedBy(withFormula)).sort()).toEqual([partnerA.id, partnerB.id].sort());
      expect(await receivedBy(excluded[0])).toEqual([]);
      const plan = await db.transaction(async (manager) => {
        await manager.query('SET LOCAL enable_seqscan = off');
        return (await manager.query(
          `EXPLAIN SELECT DISTINCT partner_id FROM export_disclosure_batches WHERE incident_ids @> ARRAY['${onlyForA}'::uuid]`,
        )) as { 'QUERY PLAN': string }[];
      });
      expect(plan.map((line) => line['QUERY PLAN']).join('\n')).toContain('export_disclosure_batches_incident_ids_idx');
    });

    it('pages the disclosure log with limit and cursor, every act once', async () => {
      const page = async (query: string) => {
        const response = await testApp.app.inject({
          method: 'GET',
          url: `/api/v1/exports/${id}/disclosures?${query}`,
          headers: admin.headers,
        });
        expect(response.statusCode).toBe(200);
        return response.json() as { items: { actId: string }[]; nextCursor: string | null };
      };
      const all = (await page('limit=500')).items.map((d) => d.actId);
      expect(all.length).toBeGreaterThan(1);
      const seen: string[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const next = await page(`limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        expect(next.items.length).toBeLessThanOrEqual(1);
        seen.push(...next.items.map((d) => d.actId));
        cursor = next.nextCursor;
      }
      expect(seen).toEqual(all);
      const forged = await testApp.app.inject({
        method: 'GET',
        url: `/api/v1/exports/${id}/disclosures?cursor=${Buffer.from('["x","y"]').toString('base64url')}`,
        headers: admin.headers,
      });
      expect(forged.statusCode).toBe(400);
      expect(forged.json().errors[0].field).toBe('cursor');
    });

    it('lets the partner users of that partner download it, and hides it from another partner', async () => {
      expect((await download(id, userOfA)).statusCode).toBe(200);
      expect((await download(id, userOfB)).statusCode).toBe(404);
      const state = await testApp.app.inject({ method: 'GET', url: `/api/v1/exports/${id}`, headers: userOfB.headers });
      expect(state.statusCode).toBe(404);
    });

    it('gives the same act a different pseudonym for another partner', async () => {
      const other = await completedFile(await exportOf(partnerB.id, 'incidents_deidentified', 'csv'), keysB);
      expect(other.state.rowCount).toBe(eligibleForA.length - 1);
      const rowWithFormula = (csv: string) =>
        csv
          .split('\r\n')
          .find((line) => line.includes('HYPERLINK'))!
          .split(',');
      const [incidentA, victimA] = rowWithFormula(text);
      const [incidentB, victimB] = rowWithFormula(other.text);
      expect(incidentA).toMatch(/^inc_[0-9a-f]{20}$/);
      expect(incidentB).toMatch(/^inc_[0-9a-f]{20}$/);
      expect(incidentA).not.toBe(incidentB);
      expect(victimA).not.toBe(victimB);
    });
  });

  it('writes the HXL hashtag row under the header, by the core schema: #affected never holds text', async () => {
    const { text } = await completedFile(await exportOf(partnerA.id, 'incidents_deidentified', 'hxl_csv'), keysA);
    const [header, hashtags] = text.split('\r\n');
    expect(header).toMatch(/^incident_pseudonym,/);
    expect(hashtags.split(',')).toEqual([
      '#event+id',
      '#x_victim+id',
      '#date+occurred',
      '#adm1+name',
      '#adm2+name',
      '#loc+type',
      '#event+type',
      '#event+type+code',
      '#x_perpetrator+type',
      '#x_victim+sex',
      '#x_victim+age',
      '#x_victim+nationality',
      '#x_victim+injured',
      '#x_victim+care_denied',
    ]);
    expect(hxlCoreSchemaProblems(text)).toEqual([]);
  });

  it('tags the aggregate counts as numbers of incidents (#event+num), valid by the HXL core schema', async () => {
    const { text } = await completedFile(await exportOf(partnerA.id, 'incidents_aggregate', 'hxl_csv'), keysA);
    const hashtags = text.split('\r\n')[1].split(',');
    expect(hashtags).toContain('#event+num');
    expect(hashtags.some((hashtag) => hashtag.startsWith('#affected'))).toBe(false);
    expect(hxlCoreSchemaProblems(text)).toEqual([]);
  });

  it('sends sexual-violence acts as records only under an agreement that names them, and counts them always', async () => {
    const disclosed = async (id: string) =>
      (
        await testApp.app.inject({ method: 'GET', url: `/api/v1/exports/${id}/disclosures`, headers: admin.headers })
      ).json().items as { incidentId: string }[];
    const withoutId = await exportOf(partnerA.id, 'incidents_deidentified', 'csv');
    const without = await completedFile(withoutId, keysA);
    expect(without.text).not.toContain('sexual_violence');
    expect((await disclosed(withoutId)).map((d) => d.incidentId)).not.toContain(sexualViolence);

    const withId = await exportOf(partnerD.id, 'incidents_deidentified', 'csv');
    const named = await completedFile(withId, keysD);
    expect(named.text.split('\r\n').filter((line) => line.includes(',sexual_violence,'))).toHaveLength(1);
    expect((await disclosed(withId)).map((d) => d.incidentId)).toContain(sexualViolence);
    const partner = (await testApp.app.inject({ method: 'GET', url: '/api/v1/partners', headers: admin.headers }))
      .json()
      .items.find((item: { id: string }) => item.id === partnerD.id);
    expect(partner.agreement).toMatchObject({ sexualViolenceDeidentified: true });

    const aggregate = await completedFile(await exportOf(partnerA.id, 'incidents_aggregate', 'csv'), keysA);
    expect(aggregate.text).toContain(',sexual_violence,');
  });

  it('writes events with their acts and perpetrators in JSON', async () => {
    const { text } = await completedFile(await exportOf(partnerA.id, 'incidents_deidentified', 'json'), keysA);
    const document = JSON.parse(text);
    expect(document.events).toHaveLength(eligibleForA.length);
    const acts = document.events.flatMap((event: { acts: unknown[] }) => event.acts);
    expect(acts.find((act: { type: string }) => act.type === 'physical_assault')).toMatchObject({
      type: 'physical_assault',
      perpetrators: [{ type: 'inm_agent' }, { type: 'national_guard' }],
    });
    expect(text).not.toContain(NARRATIVE);
  });

  it('suppresses small cells of the aggregate', async () => {
    const { text } = await completedFile(await exportOf(partnerA.id, 'incidents_aggregate', 'csv'), keysA);
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'month,state,act_type,act_huridocs_code,perpetrator_type,perpetrator_huridocs_code,incidents,suppressed',
    );
    const cell = (act: string, perpetrator: string) =>
      lines.find((line) => line.includes(`,${act},`) && line.includes(`,${perpetrator},`))!.split(',');
    expect(cell('extortion', 'organized_crime').slice(-2)).toEqual(['', 'true']);
    const published = lines
      .slice(1)
      .map((line) => line.split(',').at(-2)!)
      .filter(Boolean)
      .map(Number);
    expect(published.every((count) => count === 0 || count >= 5)).toBe(true);
  });
});
