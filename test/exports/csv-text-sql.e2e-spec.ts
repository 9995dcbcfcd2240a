import { randomBytes, randomUUID } from 'node:crypto';

import { ACT_TYPES, DisclosableAct } from '@albergue/incidents';
import { Client } from 'pg';

import { csvBooleanSql, csvCell, csvCellSql } from '../../libs/exports/src/csv-cell';
import { IncidentRecordsWriter } from '../../libs/exports/src/incident-records-writer';
import { ADMIN_DATABASE_URL } from '../support/test-run';

const AWKWARD_TEXTS = [
  '',
  'Tapachula',
  '=HYPERLINK("http://evil.example","x")',
  '+52 962',
  '-1',
  '@SUM(A1)',
  '\tTab',
  '\rReturn',
  'a,b',
  'say "hi"',
  'two\nlines',
  'carriage\rreturn',
  'x=1',
  " 'quoted'",
  'Ñuñoa, "Sí"\r\n',
  'back\\slash',
];

/** De-identified CSV lines are made by Postgres but for their pseudonyms: it must write what the worker would. */
describe('CSV cells made in SQL', () => {
  let client: Client;
  beforeAll(async () => {
    client = new Client({ connectionString: ADMIN_DATABASE_URL });
    await client.connect();
  });
  afterAll(() => client.end());

  it('writes every text as csvCell does, formulas and quotes included, and NULL as nothing', async () => {
    const { rows } = await client.query<{ cell: string }>(
      `SELECT ${csvCellSql('v.text')} AS cell FROM unnest($1::text[]) WITH ORDINALITY AS v(text, i) ORDER BY v.i`,
      [[...AWKWARD_TEXTS, null]],
    );
    expect(rows.map((row) => row.cell)).toEqual([...AWKWARD_TEXTS, null].map(csvCell));
  });

  it('writes booleans as csvCell does', async () => {
    const { rows } = await client.query<{ cell: string }>(
      `SELECT ${csvBooleanSql('v.flag')} AS cell FROM unnest($1::boolean[]) WITH ORDINALITY AS v(flag, i) ORDER BY v.i`,
      [[true, false, null]],
    );
    expect(rows.map((row) => row.cell)).toEqual(['true', 'false', '']);
  });

  it('makes the same de-identified lines as the worker writes from the acts, in CSV and HXL', async () => {
    const pick = <T>(items: readonly T[], i: number): T => items[i % items.length];
    const acts: DisclosableAct[] = [...ACT_TYPES, ...ACT_TYPES].map((actType, i) => ({
      incidentId: i % 3 === 0 ? randomUUID() : '00000000-0000-4000-8000-000000000000',
      actId: randomUUID(),
      victimPersonId: i % 2 === 0 ? randomUUID() : null,
      month: '2026-03',
      state: pick(AWKWARD_TEXTS, i + 1),
      municipality: i % 4 === 0 ? null : pick(AWKWARD_TEXTS, i),
      placeType: 'rail_line',
      actType,
      perpetratorTypes: pick([[], ['inm_agent'], ['smuggler', 'organized_crime']], i),
      victimSex: pick(['female', 'male', 'unknown'], i),
      victimAgeBand: pick(['0-17', '18-25', 'unknown'], i),
      victimNationality: pick([null, 'HN', 'Central America', '=cmd'], i),
      injuries: pick([true, false, null], i),
      medicalCareDenied: pick([null, true, false], i),
      disclosure: { generalizedValues: 0, suppressed: false },
    })) as DisclosableAct[];
    const key = randomBytes(32);
    for (const format of ['csv', 'hxl_csv'] as const) {
      const byWorker = new IncidentRecordsWriter(format, key, 'deidentified');
      const byPostgres = new IncidentRecordsWriter(format, key, 'deidentified');
      const { rows } = await client.query<{ text: string }>(
        `SELECT ${byPostgres.textSql()} AS text
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                       $8::text[], $9::text[], $10::boolean[], $11::boolean[])
                WITH ORDINALITY AS a(month, state, municipality, place_type, act_type, perpetrator_types, victim_sex,
                                     victim_age_band, victim_nationality, injuries, medical_care_denied, i)
          ORDER BY a.i`,
        [
          acts.map((act) => act.month),
          acts.map((act) => act.state),
          acts.map((act) => act.municipality),
          acts.map((act) => act.placeType),
          acts.map((act) => act.actType),
          acts.map((act) => (act.perpetratorTypes.length > 0 ? act.perpetratorTypes.join(';') : null)),
          acts.map((act) => act.victimSex),
          acts.map((act) => act.victimAgeBand),
          acts.map((act) => act.victimNationality),
          acts.map((act) => act.injuries),
          acts.map((act) => act.medicalCareDenied),
        ],
      );
      const fromPostgres = acts.map((act, i) => byPostgres.rowOfText({ ...act, text: rows[i].text }));
      expect(fromPostgres).toEqual(acts.map((act) => byWorker.row(act)));
      expect(byPostgres.incidentsWritten).toBe(byWorker.incidentsWritten);
    }
  });

  it('leaves JSON and identified exports to the worker', () => {
    const key = randomBytes(32);
    expect(new IncidentRecordsWriter('json', key, 'deidentified').textSql()).toBeNull();
    expect(new IncidentRecordsWriter('csv', key, 'identified').textSql()).toBeNull();
  });
});
