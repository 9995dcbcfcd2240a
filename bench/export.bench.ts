/**
 * `npm run bench:export`: the de-identified CSV export of 1,000,000 acts, encrypted by the worker,
 * against `COPY (the same select) TO STDOUT` in the same run, and the same at a tenth of the size
 * (another half-year), so that growth shows; the worker's peak memory; and 1,000 small exports
 * queued at once. Prints a table with a verdict per target; targets are in the README.
 *   ACTS (1000000)  PERSONS (100000)  SMALL_EXPORTS (1000)  WORKER_NODE_OPTIONS (none)
 */
import { randomUUID } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { disclosableActsSelect } from '@albergue/incidents';
import { MIN_CELL_SIZE } from '@albergue/platform';
import * as argon2 from 'argon2';
import { generateKey } from 'openpgp';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

import { generatePeople, random } from '../test/factories/population.factory';
import { freePort } from '../test/support/private-redis';
import { benchEnvironment, removeRedisKeys, startApi, startWorker } from './support/api-process';
import { copyPersons, dropBenchDatabase, freshBenchDatabase } from './support/bench-database';

const DATABASE_URL =
  process.env.BENCH_EXPORT_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/albergue_bench_export';
const ACTS = Number(process.env.ACTS ?? 1_000_000);
const PERSONS = Number(process.env.PERSONS ?? 100_000);
const SMALL_EXPORTS = Number(process.env.SMALL_EXPORTS ?? 1000);
const ACTS_PER_INCIDENT = 2;
/** The big export's period, the period of a tenth of its acts, and a month of a few incidents for the small ones. */
const PERIOD = { from: '2026-01-01', to: '2026-06-30' };
const TENTH_PERIOD = { from: '2024-01-01', to: '2024-06-30' };
const TARGETS = { ratio: 0.5, peakRssMb: 300 };
const SMALL_PERIOD = { from: '2025-01-01', to: '2025-01-31' };
const SMALL_INCIDENTS = 10;
const ADMIN_PASSWORD = 'benchmark password, not for production';

const ACT_TYPES = ['extortion', 'robbery', 'kidnapping', 'physical_assault', 'threat', 'arbitrary_detention'];
const PERPETRATORS = ['inm_agent', 'national_guard', 'state_police', 'organized_crime', 'smuggler', 'unknown'];
const PLACES = ['rail_line', 'train', 'highway', 'checkpoint', 'street', 'rural_area'];
const STATES: [string, string][] = [
  ['Chiapas', 'Tapachula'],
  ['Tabasco', 'Tenosique'],
  ['Veracruz', 'Coatzacoalcos'],
  ['Oaxaca', 'Ixtepec'],
  ['Sonora', 'Altar'],
];
const AGE_BANDS = ['12-17', '18-25', '26-59', '60+'];

const log = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (startedMs: number) => (performance.now() - startedMs) / 1000;

async function copyRows(db: Client, statement: string, rows: Iterable<(string | number | boolean | null)[]>) {
  const lines = (function* () {
    for (const row of rows) yield row.map((value) => (value === null ? '\\N' : String(value))).join('\t') + '\n';
  })();
  await pipeline(Readable.from(lines), db.query(copyFrom(statement)));
}

/** Verified incidents with an anonymous consent and ACTS_PER_INCIDENT acts each, half of persons on record. */
async function seedIncidents(db: Client, shelterId: string, userId: string, personIds: string[]): Promise<void> {
  const rand = random(7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
  const bigCount = Math.ceil(ACTS / ACTS_PER_INCIDENT);
  const tenthCount = Math.ceil(ACTS / 10 / ACTS_PER_INCIDENT);
  const incidents = Array.from({ length: bigCount + tenthCount + SMALL_INCIDENTS }, (_, i) => {
    const small = i >= bigCount + tenthCount;
    const tenth = !small && i >= bigCount;
    const day = small
      ? (i - bigCount - tenthCount) % 31
      : tenth
        ? Math.floor(((i - bigCount) * 181) / tenthCount)
        : Math.floor((i * 181) / bigCount);
    const date = new Date(Date.UTC(small ? 2025 : tenth ? 2024 : 2026, 0, 1 + day)).toISOString().slice(0, 10);
    const [state, municipality] = pick(STATES);
    return { id: randomUUID(), date, state, municipality, acts: small ? 1 : ACTS_PER_INCIDENT };
  });
  await copyRows(
    db,
    `COPY incidents (id, shelter_id, occurred_on, location_state, location_municipality, place_type,
       narrative_ciphertext, status, child_victim, sexual_violence, state_perpetrator, recorded_by) FROM STDIN`,
    (function* () {
      for (const incident of incidents) {
        yield [
          incident.id,
          shelterId,
          incident.date,
          incident.state,
          incident.municipality,
          pick(PLACES),
          'bench:not-a-real-ciphertext',
          'verified',
          false,
          false,
          true,
          userId,
        ];
      }
    })(),
  );
  await copyRows(
    db,
    'COPY incident_consents (incident_id, version, level, taken_by) FROM STDIN',
    (function* () {
      for (const incident of incidents) yield [incident.id, 1, 'anonymous', userId];
    })(),
  );
  const actIds: string[] = [];
  await copyRows(
    db,
    `COPY incident_acts (id, incident_id, position, act_type, victim_person_id, victim_sex, victim_age_band,
       victim_nationality, injuries, medical_care_denied) FROM STDIN`,
    (function* () {
      for (const incident of incidents) {
        for (let position = 0; position < incident.acts; position += 1) {
          const id = randomUUID();
          actIds.push(id);
          const onRecord = personIds.length > 0 && rand() < 0.5;
          yield [
            id,
            incident.id,
            position,
            pick(ACT_TYPES),
            onRecord ? pick(personIds) : null,
            onRecord ? null : pick(['female', 'male']),
            onRecord ? null : pick(AGE_BANDS),
            onRecord ? null : pick(['HN', 'GT', 'SV', 'VE']),
            rand() < 0.3,
            rand() < 0.1,
          ];
        }
      }
    })(),
  );
  await copyRows(
    db,
    'COPY incident_involvements (act_id, position, perpetrator_type) FROM STDIN',
    (function* () {
      for (const actId of actIds) yield [actId, 0, pick(PERPETRATORS)];
    })(),
  );
  // As autovacuum would have long since left a real database: hint bits set and statistics in.
  // Without it the first reader of the fresh rows (the worker, measured first) pays for the
  // hint bits and COPY after it does not, which swung the baseline between 52k and 89k rows/s.
  await db.query('VACUUM (ANALYZE)');
}

/** `COPY (the export's select) TO STDOUT`: the rows and bytes Postgres hands over, and how long it takes. */
async function copyBaseline(db: Client, partnerId: string, partnerName: string, period: typeof PERIOD) {
  // The worker's own select, with the same literals inlined (COPY takes no parameters).
  const query = disclosableActsSelect(
    { keys: [partnerId, partnerName], ...period, sexualViolenceRecords: false, minCellSize: MIN_CELL_SIZE },
    'deidentified',
  );
  let rows = 0;
  let bytes = 0;
  const started = performance.now();
  await pipeline(
    db.query(copyTo(`COPY (${query}) TO STDOUT`)),
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows += 1;
        done();
      },
    }),
  );
  return { rows, bytes, seconds: seconds(started) };
}

async function main() {
  log(`Seeding ${ACTS.toLocaleString('en')} acts and ${PERSONS.toLocaleString('en')} persons with COPY ...`);
  const seedStarted = performance.now();
  await freshBenchDatabase(DATABASE_URL);
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  const people = generatePeople(PERSONS, 1);
  await copyPersons(db, people);
  const adminId = randomUUID();
  await db.query(
    `INSERT INTO users (id, email, name, role, password_hash) VALUES ($1, 'bench@albergue.example', 'Bench', 'admin', $2)`,
    [adminId, await argon2.hash(ADMIN_PASSWORD, { type: argon2.argon2id })],
  );
  const { rows: shelters } = await db.query(
    `INSERT INTO shelters (name, code, state, municipality, capacity) VALUES ('Bench', 'B000', 'Chiapas', 'Palenque', 1000) RETURNING id`,
  );
  await seedIncidents(
    db,
    shelters[0].id,
    adminId,
    people.map((person) => person.id),
  );
  log(`  seeded in ${seconds(seedStarted).toFixed(1)} s`);

  const env = benchEnvironment(DATABASE_URL);
  const api = await startApi(DATABASE_URL, await freePort(), env);
  // WORKER_NODE_OPTIONS (e.g. --max-old-space-size=64) shows how much of the peak is garbage V8 has not collected.
  const workerOptions = process.env.WORKER_NODE_OPTIONS;
  const worker = await startWorker(workerOptions ? { ...env, NODE_OPTIONS: workerOptions } : env);
  const startRss = worker.peakRssBytes();
  try {
    const login = await fetch(`${api.baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@albergue.example', password: ADMIN_PASSWORD }),
    }).then((r) => r.json() as Promise<{ accessToken: string }>);
    const headers = { authorization: `Bearer ${login.accessToken}`, 'content-type': 'application/json' };
    const post = async (path: string, body: object) => {
      const response = await fetch(`${api.baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
      if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as { id: string };
    };
    const { publicKey } = await generateKey({
      type: 'curve25519',
      userIDs: [{ name: 'Bench Partner' }],
      format: 'armored',
    });
    const partnerName = 'Observatorio Benchmark';
    const partner = await post('/partners', {
      name: partnerName,
      pgpPublicKey: publicKey,
      agreement: { datasets: ['incidents_deidentified'] },
    });

    type ExportState = {
      status: string;
      rowCount: number;
      disclosureControl?: { k: number; generalizedValues: number; suppressedRows: number };
      error?: string;
    };
    const measureExport = async (acts: number, period: typeof PERIOD) => {
      log(`De-identified CSV export of ${acts.toLocaleString('en')} acts through the outbox, queue and worker ...`);
      const exportStarted = performance.now();
      const requested = await post('/exports', {
        partnerId: partner.id,
        dataset: 'incidents_deidentified',
        format: 'csv',
        ...period,
      });
      let state: ExportState;
      for (;;) {
        state = await fetch(`${api.baseUrl}/exports/${requested.id}`, { headers }).then(
          (r) => r.json() as Promise<ExportState>,
        );
        if (state.status === 'completed' || state.status === 'failed') break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const exportSeconds = seconds(exportStarted);
      if (state.status !== 'completed') throw new Error(`the export failed: ${state.error}`);
      const { rows: sizes } = await db.query<{ bytes: string }>(
        'SELECT coalesce(sum(length(data)), 0) AS bytes FROM export_file_chunks WHERE export_id = $1',
        [requested.id],
      );
      log('COPY (the same select) TO STDOUT ...');
      const copy = await copyBaseline(db, partner.id, partnerName, period);
      return { acts, state, exportSeconds, bytes: Number(sizes[0].bytes), copy };
    };
    const measured = [await measureExport(Math.ceil(ACTS / 10), TENTH_PERIOD), await measureExport(ACTS, PERIOD)];

    log(`${SMALL_EXPORTS} small exports queued at once ...`);
    const smallStarted = performance.now();
    const smallIds: string[] = [];
    let requested = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (requested < SMALL_EXPORTS) {
          requested += 1;
          const body = { partnerId: partner.id, dataset: 'incidents_deidentified', format: 'csv', ...SMALL_PERIOD };
          smallIds.push((await post('/exports', body)).id);
        }
      }),
    );
    let done = { completed: 0, failed: 0 };
    const deadline = Date.now() + 15 * 60_000;
    while (done.completed + done.failed < smallIds.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const { rows } = await db.query<{ completed: number; failed: number }>(
        `SELECT count(*) FILTER (WHERE status = 'completed')::int AS completed,
                count(*) FILTER (WHERE status = 'failed')::int AS failed
           FROM exports WHERE id = ANY($1::uuid[])`,
        [smallIds],
      );
      done = rows[0];
    }
    const smallSeconds = seconds(smallStarted);
    const peakRss = worker.peakRssBytes();

    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    const verdict = (ok: boolean) => (ok ? 'pass' : 'FAIL');
    const rows: string[][] = [['measure', 'worker', 'baseline', 'ratio', 'target', 'verdict']];
    for (const { acts, state, exportSeconds, bytes, copy } of measured) {
      // Rows read, as COPY's: those k-anonymity suppressed were read too, and never written.
      const control = state.disclosureControl!;
      const exportRate = (state.rowCount + control.suppressedRows) / exportSeconds;
      const copyRate = copy.rows / copy.seconds;
      const size = `${acts.toLocaleString('en')} acts`;
      rows.push(
        [
          `${size}: de-identified CSV (rows/s)`,
          exportRate.toFixed(0),
          `${copyRate.toFixed(0)} (COPY TO STDOUT)`,
          (exportRate / copyRate).toFixed(2),
          `>= ${TARGETS.ratio}`,
          verdict(exportRate / copyRate >= TARGETS.ratio),
        ],
        [`${size}: rows`, `${state.rowCount} written`, String(copy.rows), '', '', ''],
        [
          `${size}: k-anonymity (k = ${control.k})`,
          `${control.generalizedValues} values generalized, ${control.suppressedRows} rows suppressed`,
          '',
          '',
          '',
          '',
        ],
        [`${size}: time (s)`, exportSeconds.toFixed(1), copy.seconds.toFixed(1), '', '', ''],
        [`${size}: size (MB)`, `${mb(bytes)} (encrypted)`, `${mb(copy.bytes)} (COPY text)`, '', '', ''],
      );
    }
    rows.push(
      [
        'worker peak RSS (MB, VmHWM)',
        mb(peakRss),
        `${mb(startRss)} (after start-up)`,
        '',
        `<= ${TARGETS.peakRssMb}`,
        verdict(peakRss <= TARGETS.peakRssMb * 1024 * 1024),
      ],
      [
        'small exports completed',
        `${done.completed} of ${SMALL_EXPORTS}`,
        '',
        '',
        `${SMALL_EXPORTS}, 0 failed (${done.failed})`,
        verdict(done.completed === SMALL_EXPORTS && done.failed === 0),
      ],
      ['small exports (/s)', (done.completed / smallSeconds).toFixed(1), '', '', '', ''],
    );
    log(`\nbench:export — ${ACTS.toLocaleString('en')} acts, ${PERSONS.toLocaleString('en')} persons`);
    const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
    for (const row of rows) log(row.map((cell, column) => cell.padEnd(widths[column])).join('  '));
  } finally {
    await worker.stop();
    await api.stop();
    await db.end();
    await removeRedisKeys(env);
    await dropBenchDatabase(DATABASE_URL);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:export failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
