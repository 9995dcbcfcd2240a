import { randomUUID } from 'node:crypto';

import { nationalityRegionOf } from '@albergue/platform';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';

import { WorkerModule } from '../../apps/worker/src/worker.module';
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

/**
 * k-anonymity of de-identified rows, read in the decrypted files: every combination of the
 * quasi-identifiers the file publishes (state, municipality, month, sex, age band, nationality,
 * act type) occurs at least k times; rows that stand out are generalized (municipality left out,
 * nationality to its region, wider age band) or, when that is not enough, suppressed.
 */
const QUASI_IDENTIFIERS = [
  'state',
  'municipality',
  'month',
  'victim_sex',
  'victim_age_band',
  'victim_nationality',
  'act_type',
] as const;

type Published = Record<(typeof QUASI_IDENTIFIERS)[number], string>;

/** The CSV's rows, by column (the values written here hold no comma or quote). */
function csvRows(text: string): Record<string, string>[] {
  const [header, ...lines] = text.split('\r\n').filter((line) => line !== '');
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((value, i) => [names[i], value])));
}

const keyOf = (row: Partial<Record<string, string | null>>) =>
  QUASI_IDENTIFIERS.map((name) => row[name] ?? '').join('|');

function combinationCounts(rows: Partial<Record<string, string | null>>[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(keyOf(row), (counts.get(keyOf(row)) ?? 0) + 1);
  return counts;
}

describe('k-anonymity of de-identified exports', () => {
  let testApp: TestApp;
  let worker: INestApplicationContext;
  let admin: LoggedIn;
  let shelterId: string;
  let db: DataSource;

  async function exportFile(partner: { id: string; keys: PartnerKeys }, format: string, from: string, to: string) {
    const response = await requestExport(testApp.app, admin, {
      partnerId: partner.id,
      dataset: 'incidents_deidentified',
      format,
      from,
      to,
    });
    expect(response.statusCode).toBe(202);
    const state = await waitForExport(testApp.app, admin, response.json().id, 120000);
    expect(state.status).toBe('completed');
    const download = await testApp.app.inject({
      method: 'GET',
      url: `/api/v1/exports/${state.id}/download`,
      headers: admin.headers,
    });
    return { state, text: await decryptFile(download.rawPayload, partner.keys.privateKey) };
  }

  async function partnerWith(minCellSize?: number) {
    const keys = await partnerKeys();
    const partner = await createPartner(
      testApp.app,
      admin,
      partnerPayload(keys.publicKey, {
        name: `Observatorio ${randomUUID().slice(0, 8)}`,
        agreement: { datasets: ['incidents_deidentified'], ...(minCellSize ? { minCellSize } : {}) },
      }),
    );
    return { id: partner.id, keys };
  }

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    shelterId = (await createShelter(testApp.app, admin)).id;
    db = testApp.app.get(DataSource, { strict: false });
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(testApp.config), { logger: false });
    await worker.init();
  }, 120000);

  afterAll(async () => {
    await worker?.close();
    await testApp?.close();
  });

  describe('a world of common incidents and a few that stand out (k = 5)', () => {
    /** Every incident of this world, each of one act. */
    const world: string[] = [];
    const verified = async (victim: object, location: object = {}): Promise<string> => {
      const payload = incidentPayload(shelterId);
      const id = await createIncident(testApp.app, admin, {
        ...payload,
        location: { ...payload.location, ...location },
        acts: [{ ...payload.acts[0], victim: { ...payload.acts[0].victim, ...victim } }],
      });
      expect((await reviewIncident(testApp.app, admin, id)).statusCode).toBe(200);
      world.push(id);
      return id;
    };
    let standsOut: string;
    let partner: { id: string; keys: PartnerKeys };

    beforeAll(async () => {
      partner = await partnerWith();
      // Six alike: Chiapas, Palenque, March 2026, a man of 26-59 from Honduras, physical assault.
      for (let i = 0; i < 6; i++) await verified({});
      // Five each with a nationality of their own, all of the rest of the Americas: together, once generalized.
      for (const nationality of ['VE', 'CO', 'CU', 'HT', 'EC']) await verified({ nationality });
      // Alone even generalized: a municipality nobody else has, and the only Guatemalan.
      standsOut = await verified({ nationality: 'GT' }, { municipality: 'Tenosique' });
    }, 120000);

    it('leaves the common rows as they are, generalizes the outliers that then share a class, suppresses the rest', async () => {
      const { state, text } = await exportFile(partner, 'csv', '2026-03-01', '2026-03-31');
      const rows = csvRows(text);
      const published = rows.map((row) => keyOf(row));
      expect(published.filter((key) => key === keyOf(COMMON))).toHaveLength(6);
      expect(published.filter((key) => key === keyOf(GENERALIZED))).toHaveLength(5);
      expect(rows).toHaveLength(11);
      expect(text).not.toContain('Tenosique');
      expect(text).not.toMatch(/,(VE|CO|CU|HT|EC|GT),/);
      for (const count of combinationCounts(rows).values()) expect(count).toBeGreaterThanOrEqual(5);
      // Municipality, nationality and age band of each of the five.
      expect(state.disclosureControl).toEqual({ k: 5, generalizedValues: 15, suppressedRows: 1 });
      expect(state.rowCount).toBe(11);
      // The log lists exactly the acts that went out: the suppressed one never left.
      const logged = await testApp.app.inject({
        method: 'GET',
        url: `/api/v1/exports/${state.id}/disclosures?limit=500`,
        headers: admin.headers,
      });
      expect(logged.statusCode).toBe(200);
      const actsOut = (await db.query(
        'SELECT incident_id, id AS act_id FROM incident_acts WHERE incident_id = ANY($1::uuid[]) AND incident_id <> $2',
        [world, standsOut],
      )) as { incident_id: string; act_id: string }[];
      expect(actsOut).toHaveLength(11);
      expect(
        logged.json().items.map((item: { incidentId: string; actId: string }) => `${item.incidentId} ${item.actId}`),
      ).toEqual(actsOut.map((act) => `${act.incident_id} ${act.act_id}`).sort());
    });

    it('says so in the JSON envelope too', async () => {
      const { state, text } = await exportFile(partner, 'json', '2026-03-01', '2026-03-31');
      const file = JSON.parse(text) as {
        disclosureControl: unknown;
        events: { location: { municipality: string | null }; acts: { victim: { nationality: string } }[] }[];
      };
      expect(file.disclosureControl).toEqual({ k: 5, generalizedValues: 15, suppressedRows: 1 });
      expect(state.disclosureControl).toEqual(file.disclosureControl);
      expect(file.events).toHaveLength(11);
      const nationalities = file.events.flatMap((event) => event.acts.map((act) => act.victim.nationality));
      expect(nationalities.sort()).toEqual([...Array(6).fill('HN'), ...Array(5).fill('americas_other')]);
      expect(file.events.filter((event) => event.location.municipality === null)).toHaveLength(5);
    });
  });

  describe('generated data', () => {
    /** A small deterministic generator (mulberry32): the same world on every run. */
    function seeded(seed: number) {
      let a = seed;
      const next = () => {
        a = (a + 0x6d2b79f5) | 0;
        let t = Math.imul(a ^ (a >>> 15), 1 | a);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
      return <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)];
    }
    const pick = seeded(15);
    const PLACES = [
      ['Chiapas', 'Tapachula'],
      ['Chiapas', 'Palenque'],
      ['Chiapas', null],
      ['Tabasco', 'Tenosique'],
      ['Oaxaca', 'Juchitán'],
    ] as const;
    const MONTHS = ['2025-04', '2025-05'];
    const SEXES = ['male', 'female'];
    const BANDS = ['12-17', '18-25', '26-59', '60+', 'unknown'];
    const NATIONALITIES = ['HN', 'GT', 'SV', 'VE', 'CO', 'MX', 'US', 'ES', 'XX', null];
    const ACT_TYPES = ['extortion', 'robbery'];

    type GeneratedAct = Published & { nationality: string | null };
    const acts: GeneratedAct[] = [];

    beforeAll(async () => {
      const template = await createIncident(
        testApp.app,
        admin,
        incidentPayload(shelterId, { occurredOn: '2025-04-10' }),
      );
      expect((await reviewIncident(testApp.app, admin, template)).statusCode).toBe(200);
      // The template has an act of its own: it leaves this world.
      await db.query(
        'DELETE FROM incident_involvements WHERE act_id IN (SELECT id FROM incident_acts WHERE incident_id = $1)',
        [template],
      );
      await db.query('DELETE FROM incident_acts WHERE incident_id = $1', [template]);
      const common = () => pick([true, true, false]);
      for (let i = 0; i < 200; i++) {
        const id = randomUUID();
        const [state, municipality] = common() ? PLACES[0] : pick(PLACES);
        const month = common() ? MONTHS[0] : pick(MONTHS);
        await db.query(
          `INSERT INTO incidents
           SELECT (jsonb_populate_record(NULL::incidents, to_jsonb(i) || jsonb_build_object(
                     'id', $2::uuid, 'occurred_on', $3::text, 'location_state', $4::text, 'location_municipality', $5::text))).*
             FROM incidents i WHERE i.id = $1`,
          [template, id, `${month}-15`, state, municipality],
        );
        await db.query(
          `INSERT INTO incident_consents
           SELECT (jsonb_populate_record(NULL::incident_consents, to_jsonb(c) || jsonb_build_object(
                     'id', gen_random_uuid(), 'incident_id', $2::uuid))).*
             FROM incident_consents c WHERE c.incident_id = $1`,
          [template, id],
        );
        const count = pick([1, 1, 2, 3]);
        for (let position = 0; position < count; position++) {
          const act = {
            state,
            municipality: municipality ?? '',
            month,
            victim_sex: common() ? SEXES[0] : pick(SEXES),
            victim_age_band: common() ? BANDS[2] : pick(BANDS),
            nationality: common() ? NATIONALITIES[0] : pick(NATIONALITIES),
            act_type: common() ? ACT_TYPES[0] : pick(ACT_TYPES),
          };
          acts.push({ ...act, victim_nationality: act.nationality ?? '' });
          await db.query(
            `INSERT INTO incident_acts (incident_id, position, act_type, victim_sex, victim_age_band, victim_nationality)
             VALUES ($1, $2, $3, $4, $5, $6)`,
            [id, position, act.act_type, act.victim_sex, act.victim_age_band, act.nationality],
          );
        }
      }
    }, 180000);

    /** The rule, written again from its description: what each act publishes, or null when suppressed. */
    function expectedRows(k: number) {
      const classes = combinationCounts(acts);
      const below = acts.filter((act) => classes.get(keyOf(act))! < k);
      const generalize = (act: GeneratedAct): Published => ({
        ...act,
        municipality: '',
        victim_nationality: nationalityRegionOf(act.nationality) ?? '',
        victim_age_band:
          act.victim_age_band === 'unknown' ? 'unknown' : act.victim_age_band === '12-17' ? '0-17' : '18+',
      });
      const generalizedClasses = combinationCounts(below.map(generalize));
      const rows: Published[] = [];
      let generalizedValues = 0;
      let suppressedRows = 0;
      for (const act of acts) {
        if (classes.get(keyOf(act))! >= k) rows.push(act);
        else if (generalizedClasses.get(keyOf(generalize(act)))! >= k) {
          const general = generalize(act);
          rows.push(general);
          generalizedValues += QUASI_IDENTIFIERS.filter((name) => general[name] !== act[name]).length;
        } else suppressedRows += 1;
      }
      return { rows, control: { k, generalizedValues, suppressedRows } };
    }

    it.each([5, 7])('publishes every combination at least k times, k = %i', async (k) => {
      const partner = await partnerWith(k);
      const { state, text } = await exportFile(partner, 'csv', '2025-04-01', '2025-06-30');
      const rows = csvRows(text);
      for (const count of combinationCounts(rows).values()) expect(count).toBeGreaterThanOrEqual(k);
      const expected = expectedRows(k);
      // Exactly what the rule publishes: nothing generalized or suppressed needlessly.
      expect(rows.map(keyOf).sort()).toEqual(expected.rows.map(keyOf).sort());
      expect(state.disclosureControl).toEqual(expected.control);
      // The world is such that each of the three levels happens.
      expect(expected.control.generalizedValues).toBeGreaterThan(0);
      expect(expected.control.suppressedRows).toBeGreaterThan(0);
      expect(rows.length).toBeGreaterThan(expected.control.generalizedValues / 3);
      expect(rows.length + expected.control.suppressedRows).toBe(acts.length);
    });
  });
});

const COMMON: Published = {
  state: 'Chiapas',
  municipality: 'Palenque',
  month: '2026-03',
  victim_sex: 'male',
  victim_age_band: '26-59',
  victim_nationality: 'HN',
  act_type: 'physical_assault',
};
const GENERALIZED: Published = {
  ...COMMON,
  municipality: '',
  victim_age_band: '18+',
  victim_nationality: 'americas_other',
};
