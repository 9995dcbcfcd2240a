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
  setMinCellSize,
  waitForExport,
} from '../factories/export.factory';
import {
  decideConsent,
  incidentPayload,
  postIncident,
  recordConsent,
  reviewIncident,
} from '../factories/incident.factory';
import { createShelter, familyOfFour, person, postIntake } from '../factories/intake.factory';
import { createOrganization } from '../factories/referral.factory';
import { loggedInUser, LoggedIn } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * What each partner receives is exactly what the consent in force allows, read in the decrypted
 * files. Two partners carry the same name under two organizations: only ids tell them apart. Each
 * consent state has one incident of its own, in its own state of Mexico, with its own victim on
 * record and its own narrative, so every file shows which incidents reached it.
 */
type PartnerKey = 'first' | 'twin';
type Dataset = 'incidents_aggregate' | 'incidents_deidentified' | 'incidents_identified';

interface Scenario {
  /** The victim's family name and the word of the narrative: unique to the scenario. */
  word: string;
  state: string;
  /** Who may read it de-identified (and count it), and who identified: written out, not derived. */
  deidentified: PartnerKey[];
  identified: PartnerKey[];
}

const BOTH: PartnerKey[] = ['first', 'twin'];
const FIRST: PartnerKey[] = ['first'];
const NOBODY: PartnerKey[] = [];

const SCENARIOS = {
  none: { word: 'Ninguno', state: 'Chiapas', deidentified: NOBODY, identified: NOBODY },
  anonymous: { word: 'Anonimo', state: 'Tabasco', deidentified: BOTH, identified: NOBODY },
  // An identified consent naming no one lets de-identified data go to any partner, names to none.
  identifiedToAnyone: { word: 'Abierto', state: 'Oaxaca', deidentified: BOTH, identified: NOBODY },
  identifiedToFirst: { word: 'Primero', state: 'Campeche', deidentified: FIRST, identified: FIRST },
  identifiedToFirstOrganization: { word: 'Organizacion', state: 'Yucatán', deidentified: FIRST, identified: FIRST },
  anonymousToFirst: { word: 'Reservado', state: 'Puebla', deidentified: FIRST, identified: NOBODY },
  pendingAtReport: { word: 'Espera', state: 'Guerrero', deidentified: NOBODY, identified: NOBODY },
  pendingRaise: { word: 'Pendiente', state: 'Sonora', deidentified: BOTH, identified: NOBODY },
  withdrawn: { word: 'Retirado', state: 'Sinaloa', deidentified: NOBODY, identified: NOBODY },
  regranted: { word: 'Renovado', state: 'Durango', deidentified: FIRST, identified: FIRST },
  declinedRaise: { word: 'Rechazado', state: 'Zacatecas', deidentified: FIRST, identified: NOBODY },
  // What the migration leaves of recipient names that matched no partner: limited to no one.
  namesMatchedNoOne: { word: 'Huerfano', state: 'Jalisco', deidentified: NOBODY, identified: NOBODY },
} satisfies Record<string, Scenario>;
type ScenarioName = keyof typeof SCENARIOS;
const NAMES = Object.keys(SCENARIOS) as ScenarioName[];

const narrativeOf = (scenario: Scenario) => `Relato del caso ${scenario.word} en la vía del tren.`;
const victimNameOf = (scenario: Scenario) => `Victima ${scenario.word}`;
const DATASETS: Dataset[] = ['incidents_aggregate', 'incidents_deidentified', 'incidents_identified'];
/**
 * `npm test` reads JSON files (and the identified CSV); `npm run fuzz` runs this suite in its long
 * form (CONSENT_SUITE=long): every dataset in every format.
 */
const FORMATS = process.env.CONSENT_SUITE === 'long' ? ['json', 'csv', 'hxl_csv'] : ['json'];

interface AggregateFile {
  cells: { state: string }[];
}
interface RecordsFile {
  events: { location: { state: string }; narrative?: string; acts: { victim: { name?: string | null } }[] }[];
}

describe('consent in the exports: what each partner receives', () => {
  let testApp: TestApp;
  let worker: INestApplicationContext;
  let admin: LoggedIn;
  let deskWorker: LoggedIn;
  let coordinator: LoggedIn;
  const partners = {} as Record<PartnerKey, { id: string; keys: PartnerKeys }>;
  let organizationOfFirst: string;
  /** The decrypted files, by partner, dataset and format. */
  const files = new Map<string, string>();
  const fileOf = (partner: PartnerKey, dataset: Dataset, format = 'json') =>
    files.get(`${partner}/${dataset}/${format}`)!;

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    const shelterId = (await createShelter(testApp.app, admin)).id;
    deskWorker = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [shelterId] });
    coordinator = await loggedInUser(testApp.app, { role: 'coordinator', shelterIds: [shelterId] });

    organizationOfFirst = (await createOrganization(testApp.app, admin, { name: 'Red de Observación' })).id;
    const organizationOfTwin = (await createOrganization(testApp.app, admin, { name: 'Otra Red' })).id;
    for (const [key, organizationId] of [
      ['first', organizationOfFirst],
      ['twin', organizationOfTwin],
    ] as const) {
      const keys = await partnerKeys();
      const partner = await createPartner(
        testApp.app,
        admin,
        partnerPayload(keys.publicKey, {
          name: 'Observatorio Gemelo',
          organizationId,
          agreement: { datasets: DATASETS },
        }),
      );
      partners[key] = { id: partner.id, keys };
    }

    const victims = await postIntake(testApp.app, admin, {
      ...familyOfFour(shelterId, '2026-02-01T10:00:00-06:00'),
      members: NAMES.map((name, index) => ({
        person: person({ givenNames: 'Victima', familyNames: SCENARIOS[name].word }),
        relationship: index === 0 ? 'head' : 'other',
      })),
    });
    expect(victims.statusCode).toBe(201);
    const victimIds = victims.json().stays.map((stay: { personId: string }) => stay.personId) as string[];

    const report = (name: ScenarioName, as: LoggedIn, consent: object) =>
      postIncident(
        testApp.app,
        as,
        incidentPayload(shelterId, {
          location: { state: SCENARIOS[name].state, placeType: 'rail_line' },
          acts: [
            {
              type: 'extortion',
              victimPersonId: victimIds[NAMES.indexOf(name)],
              perpetrators: [{ type: 'inm_agent' }],
            },
          ],
          narrative: narrativeOf(SCENARIOS[name]),
          consent,
        }),
      );
    const ids = {} as Record<ScenarioName, string>;
    const reported = async (name: ScenarioName, as: LoggedIn, consent: object) => {
      const response = await report(name, as, consent);
      expect(response.statusCode).toBe(201);
      ids[name] = response.json().id;
      expect((await reviewIncident(testApp.app, coordinator, ids[name])).statusCode).toBe(200);
      return ids[name];
    };
    const consentOf = async (name: ScenarioName, as: LoggedIn, consent: object, status: string) => {
      const response = await recordConsent(testApp.app, as, ids[name], consent);
      expect(response.statusCode).toBe(201);
      expect(response.json().status).toBe(status);
      return response.json().version as number;
    };
    const toFirst = [partners.first.id];

    await reported('none', deskWorker, { level: 'none' });
    await reported('anonymous', deskWorker, { level: 'anonymous' });
    await reported('identifiedToAnyone', coordinator, { level: 'identified' });
    await reported('identifiedToFirst', coordinator, { level: 'identified', recipients: toFirst });
    await reported('identifiedToFirstOrganization', coordinator, {
      level: 'identified',
      recipients: [organizationOfFirst],
    });
    await reported('anonymousToFirst', deskWorker, { level: 'anonymous', recipients: toFirst });
    await reported('pendingAtReport', deskWorker, { level: 'identified', recipients: toFirst });
    await reported('pendingRaise', deskWorker, { level: 'anonymous' });
    await consentOf('pendingRaise', deskWorker, { level: 'identified', recipients: toFirst }, 'pending');
    await reported('withdrawn', coordinator, { level: 'identified', recipients: toFirst });
    await consentOf('withdrawn', deskWorker, { level: 'none' }, 'effective');
    await reported('regranted', coordinator, { level: 'identified', recipients: toFirst });
    await consentOf('regranted', deskWorker, { level: 'none' }, 'effective');
    const regrant = await consentOf('regranted', deskWorker, { level: 'identified', recipients: toFirst }, 'pending');
    expect((await decideConsent(testApp.app, coordinator, ids.regranted, regrant)).statusCode).toBe(200);
    await reported('declinedRaise', deskWorker, { level: 'anonymous', recipients: toFirst });
    const raise = await consentOf('declinedRaise', deskWorker, { level: 'identified', recipients: toFirst }, 'pending');
    expect((await decideConsent(testApp.app, coordinator, ids.declinedRaise, raise, 'decline')).statusCode).toBe(200);
    await reported('namesMatchedNoOne', coordinator, { level: 'identified', recipients: toFirst });

    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(testApp.config), { logger: false });
    await worker.init();
    // As the migration writes it: the one name the victims gave matched no partner, so it was dropped.
    await worker.get(DataSource).query(
      `INSERT INTO incident_consents (incident_id, version, level, recipients, unmatched_recipients, taken_by)
       VALUES ($1, 2, 'identified', '{}', 1, $2)`,
      [ids.namesMatchedNoOne, admin.user.id],
    );

    // One world, every export: each partner, each dataset, JSON, and identified CSV too. The
    // aggregates first, at the agreement's minimum cell size; then the records, at k = 1 (one
    // incident per state would otherwise be suppressed), so that consent alone decides what leaves.
    const requests = (['first', 'twin'] as const).flatMap((partner) => [
      ...DATASETS.flatMap((dataset) => FORMATS.map((format) => ({ partner, dataset, format }))),
      ...(FORMATS.includes('csv') ? [] : [{ partner, dataset: 'incidents_identified' as Dataset, format: 'csv' }]),
    ]);
    for (const aggregate of [true, false]) {
      if (!aggregate) {
        for (const partner of Object.values(partners)) await setMinCellSize(worker.get(DataSource), partner.id, 1);
      }
      const phase = requests.filter(({ dataset }) => (dataset === 'incidents_aggregate') === aggregate);
      const exportIds = await Promise.all(
        phase.map(async ({ partner, dataset, format }) => {
          const response = await requestExport(testApp.app, admin, {
            partnerId: partners[partner].id,
            dataset,
            format,
            from: '2026-01-01',
            to: '2026-06-30',
          });
          expect(response.statusCode).toBe(202);
          return response.json().id as string;
        }),
      );
      await Promise.all(
        phase.map(async ({ partner, dataset, format }, index) => {
          const state = await waitForExport(testApp.app, admin, exportIds[index], 60000);
          expect(state.status).toBe('completed');
          const file = await testApp.app.inject({
            method: 'GET',
            url: `/api/v1/exports/${exportIds[index]}/download`,
            headers: admin.headers,
          });
          files.set(
            `${partner}/${dataset}/${format}`,
            await decryptFile(file.rawPayload, partners[partner].keys.privateKey),
          );
        }),
      );
    }
  }, 180000);

  afterAll(async () => {
    await worker?.close();
    await testApp?.close();
  });

  const expectedStates = (partner: PartnerKey, level: 'deidentified' | 'identified') =>
    NAMES.filter((name) => (SCENARIOS[name][level] as PartnerKey[]).includes(partner))
      .map((name) => SCENARIOS[name].state)
      .sort();

  describe.each(['first', 'twin'] as const)('to the %s partner', (partner) => {
    it('counts in incidents_aggregate exactly the incidents whose consent in force lets them out to it', () => {
      const aggregate = JSON.parse(fileOf(partner, 'incidents_aggregate')) as AggregateFile;
      expect([...new Set(aggregate.cells.map((cell) => cell.state))].sort()).toEqual(
        expectedStates(partner, 'deidentified'),
      );
    });

    it('sends in incidents_deidentified exactly those incidents, without a name or a narrative', () => {
      const text = fileOf(partner, 'incidents_deidentified');
      const records = JSON.parse(text) as RecordsFile;
      expect(records.events.map((event) => event.location.state).sort()).toEqual(
        expectedStates(partner, 'deidentified'),
      );
      for (const name of NAMES) {
        expect(text).not.toContain(narrativeOf(SCENARIOS[name]));
        expect(text).not.toContain(victimNameOf(SCENARIOS[name]));
      }
    });

    it('sends names and narratives only of the incidents whose identified consent in force names it', () => {
      const records = JSON.parse(fileOf(partner, 'incidents_identified')) as RecordsFile;
      const expected = NAMES.filter((name) => (SCENARIOS[name].identified as PartnerKey[]).includes(partner));
      expect(records.events.map((event) => event.location.state).sort()).toEqual(expectedStates(partner, 'identified'));
      for (const event of records.events) {
        const scenario = Object.values(SCENARIOS).find((candidate) => candidate.state === event.location.state)!;
        expect(event.narrative).toBe(narrativeOf(scenario));
        expect(event.acts.map((act) => act.victim.name)).toEqual([victimNameOf(scenario)]);
      }
      const csv = fileOf(partner, 'incidents_identified', 'csv');
      for (const name of NAMES) {
        const shown = expected.includes(name);
        for (const text of [fileOf(partner, 'incidents_identified'), csv]) {
          expect(text.includes(narrativeOf(SCENARIOS[name]))).toBe(shown);
          expect(text.includes(victimNameOf(SCENARIOS[name]))).toBe(shown);
        }
      }
      expect(csv.trim().split('\r\n')).toHaveLength(expected.length + 1);
    });

    it('lets a name or a narrative out in no file, of any dataset or format, but where identified consent names it', () => {
      const ofPartner = [...files].filter(([key]) => key.startsWith(`${partner}/`));
      expect(ofPartner.length).toBeGreaterThanOrEqual(DATASETS.length * FORMATS.length);
      for (const [file, text] of ofPartner) {
        for (const name of NAMES) {
          const shown =
            file.includes('/incidents_identified/') && (SCENARIOS[name].identified as PartnerKey[]).includes(partner);
          const found = {
            narrative: text.includes(narrativeOf(SCENARIOS[name])),
            victimName: text.includes(victimNameOf(SCENARIOS[name])),
          };
          expect({ file, name, ...found }).toEqual({ file, name, narrative: shown, victimName: shown });
        }
      }
    });
  });
});
