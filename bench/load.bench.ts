/**
 * `npm run bench:load`: the mixed workload of issue 10 against the built API, measured against the
 * same mix whose reads go to Postgres as raw SQL (the session check, the read's statement and its
 * audit row) in the same run. Prints a table with a verdict per target, at two sizes a factor 10
 * apart (PERSONS / 10, then PERSONS).
 *   DURATION seconds (300)  CONNECTIONS (32)  WARMUP seconds (30)  BASELINE_DURATION seconds (60)
 *   SMALL_DURATION seconds (60, the run at PERSONS / 10)  PERSONS (10000)  SHELTERS (10)
 *   APIS (1) / --apis N  WORKERS (0) / --workers N  API_NODE_OPTIONS (Node options of the first API)
 *
 * With more than one API or any worker (`npm run bench:load -- --apis 2 --workers 2`) it starts
 * them all on the same database and Redis, spreads the connections over the APIs, asks for an
 * export every EXPORT_EVERY seconds (5), and during the run at full size SIGKILLs the second API and
 * the second worker and starts them again. Requests cut on the killed API are counted and retried
 * once on another (every write with the same Idempotency-Key); anything else that fails is an error.
 * After the run it checks that no write was duplicated, that every export completed exactly once,
 * that the daily reminder run is scheduled once, and that the per-address login limit held across
 * the APIs.
 *
 * Memory: the first API's resident set (VmRSS in /proc/<pid>/status) and its live heap are read
 * after the warm-up and after the run in the same way: once the load has stopped, a full garbage
 * collection is run in the API through its inspector (bound to the loopback, for this run only),
 * then process.memoryUsage() is read. Without the collection the RSS after a run mostly measures
 * garbage V8 has not needed to collect yet; with it, growth is memory the API still holds. The
 * verdict is on the RSS after that collection; the live heap is printed beside it.
 */
import { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { cpus } from 'node:os';

import { searchNameOf } from '@albergue/intake';
import { ageInYearsSql, MEXICO_CITY_TODAY_SQL } from '@albergue/platform';
import * as argon2 from 'argon2';
import { Queue } from 'bullmq';
import { generateKey } from 'openpgp';
import { Client } from 'pg';

import { generatePeople, GeneratedPerson, random } from '../test/factories/population.factory';
import { freePort } from '../test/support/private-redis';
import {
  ApiProcess,
  benchEnvironment,
  memoryOfProcess,
  percentile,
  removeRedisKeys,
  startApi,
  startWorker,
  WorkerProcess,
} from './support/api-process';
import { copyPersons, dropBenchDatabase, freshBenchDatabase } from './support/bench-database';

const LOAD_DATABASE_URL =
  process.env.BENCH_LOAD_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/albergue_bench_load';

/** `--name N`, `--name=N`, or the environment variable, or the default. */
function option(name: string, variable: string, fallback: number): number {
  const args = process.argv.slice(2);
  const at = args.indexOf(`--${name}`);
  const inline = args.find((arg) => arg.startsWith(`--${name}=`));
  const value = at >= 0 ? args[at + 1] : (inline?.split('=')[1] ?? process.env[variable]);
  const number = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(number) || number < 0) throw new Error(`--${name} / ${variable}: a whole number, not ${value}`);
  return number;
}

const DURATION = option('duration', 'DURATION', 300);
const CONNECTIONS = option('connections', 'CONNECTIONS', 32);
const WARMUP = option('warmup', 'WARMUP', 30);
const BASELINE_DURATION = option('baseline-duration', 'BASELINE_DURATION', Math.min(60, DURATION));
const SMALL_DURATION = option('small-duration', 'SMALL_DURATION', Math.min(60, DURATION));
const PERSONS = option('persons', 'PERSONS', 10_000);
const SHELTERS = option('shelters', 'SHELTERS', 10);
const APIS = Math.max(1, option('apis', 'APIS', 1));
const WORKERS = option('workers', 'WORKERS', 0);
const EXPORT_EVERY = option('export-every', 'EXPORT_EVERY', 5);
/** Two APIs or two workers: one of each is killed and started again during the run at full size. */
const CHAOS = APIS >= 2 || WORKERS >= 2;
const PAGE = 20;
/** Of the persons on record, the share still in a shelter; the others have left. */
const PRESENT_SHARE = 0.2;
const PASSWORD = 'benchmark password, not for production';
/** The per-address login limit the APIs run with, checked across them after the run. */
const LOGIN_LIMIT = 20;
const TARGETS = { readRatio: 0.8, p99Ratio: 2, memoryGrowth: 0.1 };

const log = (line: string) => process.stdout.write(`${line}\n`);

type Role = 'admin' | 'coordinator' | 'shelter_worker' | 'lawyer' | 'partner';

interface Shelter {
  id: string;
  /** Persons who have or had a stay there, and the surnames to search them by. */
  personIds: string[];
  surnames: string[];
}

interface SeedUser {
  email: string;
  role: Role;
  shelter?: Shelter;
}

interface Desk {
  shelter: Shelter;
  userId: string;
  sessionId: string;
  authorization: string;
}

/** What one request of the mix is: 70% reads of five kinds, 20% intakes, 10% incidents. */
const MIX: [kind: string, weight: number][] = [
  ['read: person search', 0.2],
  ['read: person', 0.2],
  ['read: occupancy', 0.1],
  ['read: present stays', 0.1],
  ['read: incidents', 0.1],
  ['write: intake', 0.2],
  ['write: incident', 0.1],
];

function pickKind(rand: () => number, mix: [string, number][]): string {
  const total = mix.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = rand() * total;
  return mix.find(([, weight]) => (roll -= weight) < 0)?.[0] ?? mix[0][0];
}

const pickOne = <T>(rand: () => number, items: T[]): T => items[Math.floor(rand() * items.length)];

let arrivals = 0;
function arrival(shelterId: string) {
  arrivals += 1;
  return {
    shelterId,
    arrivedAt: '2026-03-14T22:10:00-06:00',
    members: [
      {
        person: {
          givenNames: `Llegada ${arrivals}`,
          familyNames: 'Carga Mixta',
          sex: arrivals % 3 === 0 ? 'female' : 'male',
          birthDate: '1991-04-02',
          nationality: 'HN',
        },
        relationship: 'head',
      },
    ],
    reasonsForLeaving: ['gang_threat'],
    vulnerabilities: [],
    previousDeportations: [],
  };
}

function incident(shelterId: string) {
  return {
    shelterId,
    occurredOn: '2026-03-12',
    location: { state: 'Chiapas', municipality: 'Palenque', placeType: 'rail_line' },
    acts: [{ type: 'extortion', victim: { sex: 'male', ageBand: '26-59' }, perpetrators: [{ type: 'inm_agent' }] }],
    narrative: 'Texto de carga: sin datos de personas.',
    reportedTo: ['none'],
    consent: { level: 'anonymous' },
  };
}

/** The request of one kind through the API, as a desk of one shelter sends it. */
function apiRequest(kind: string, desk: Desk, rand: () => number): { method: string; path: string; body?: string } {
  const { shelter } = desk;
  switch (kind) {
    case 'read: person search':
      return {
        method: 'GET',
        path: `/api/v1/persons?q=${encodeURIComponent(pickOne(rand, shelter.surnames))}&limit=${PAGE}`,
      };
    case 'read: person':
      return { method: 'GET', path: `/api/v1/persons/${pickOne(rand, shelter.personIds)}` };
    case 'read: occupancy':
      return { method: 'GET', path: `/api/v1/shelters/${shelter.id}/occupancy` };
    case 'read: present stays':
      return { method: 'GET', path: `/api/v1/shelters/${shelter.id}/stays?present=true&limit=${PAGE}` };
    case 'read: incidents':
      return { method: 'GET', path: `/api/v1/incidents?limit=${PAGE}` };
    case 'write: intake':
      return { method: 'POST', path: '/api/v1/intake', body: JSON.stringify(arrival(shelter.id)) };
    default:
      return { method: 'POST', path: '/api/v1/incidents', body: JSON.stringify(incident(shelter.id)) };
  }
}

/**
 * The same reads from a plain pg client: the session check every request makes, the read's main
 * statement and the audit row the API writes for it. What the API adds is Nest, validation,
 * serialization, decryption and its pool.
 */
async function sqlRead(client: Client, kind: string, desk: Desk, rand: () => number): Promise<void> {
  const { shelter } = desk;
  await client.query(
    `SELECT u.role, u.shelter_ids, u.organization_id FROM users u JOIN auth_sessions s ON s.user_id = u.id
      WHERE u.id = $1 AND s.id = $2 AND u.active AND s.revoked_at IS NULL AND s.expires_at > now()`,
    [desk.userId, desk.sessionId],
  );
  const visible = 'EXISTS (SELECT 1 FROM stays v WHERE v.person_id = p.id AND v.shelter_id = ANY($2::uuid[]))';
  let entity = 'person';
  let ids: string[] = [];
  if (kind === 'read: person search') {
    const q = searchNameOf({ givenNames: '', familyNames: pickOne(rand, shelter.surnames) }).trim();
    const { rows } = await client.query(
      `SELECT p.*, word_similarity($1, p.search_name) AS rank FROM persons p
        WHERE ${visible} AND $1 <% p.search_name ORDER BY rank DESC, p.id LIMIT ${PAGE + 1}`,
      [q, [shelter.id]],
    );
    ids = rows.map((row) => row.id as string);
  } else if (kind === 'read: person') {
    const { rows } = await client.query(`SELECT p.* FROM persons p WHERE p.id = $1 AND ${visible}`, [
      pickOne(rand, shelter.personIds),
      [shelter.id],
    ]);
    ids = rows.map((row) => row.id as string);
  } else if (kind === 'read: occupancy') {
    entity = 'shelter_occupancy';
    await client.query('SELECT * FROM shelters WHERE id = $1', [shelter.id]);
    await client.query(
      `SELECT p.nationality, p.sex, 'unaccompanied_minor' = ANY (s.vulnerabilities) AS unaccompanied,
              'separated_child' = ANY (s.vulnerabilities) AS separated,
              ${ageInYearsSql('p.birth_date', 'p.estimated_birth_year', MEXICO_CITY_TODAY_SQL)} AS age
         FROM stays s JOIN persons p ON p.id = s.person_id
        WHERE s.shelter_id = $1 AND s.checked_out_at IS NULL`,
      [shelter.id],
    );
  } else if (kind === 'read: present stays') {
    entity = 'stay';
    const { rows } = await client.query(
      `SELECT s.*, p.given_names, p.family_names FROM stays s JOIN persons p ON p.id = s.person_id
        WHERE s.shelter_id = $1 AND s.checked_out_at IS NULL ORDER BY s.checked_in_at DESC, s.id LIMIT ${PAGE + 1}`,
      [shelter.id],
    );
    ids = rows.map((row) => row.id as string);
  } else {
    entity = 'incident';
    const { rows } = await client.query(
      `SELECT i.id, i.shelter_id, i.occurred_on, i.location_state, i.place_type, i.status FROM incidents i
        WHERE i.shelter_id = ANY($1::uuid[]) ORDER BY i.occurred_on DESC, i.id DESC LIMIT ${PAGE + 1}`,
      [[shelter.id]],
    );
    ids = rows.map((row) => row.id as string);
    if (ids.length) {
      await client.query('SELECT incident_id, act_type FROM incident_acts WHERE incident_id = ANY($1::uuid[])', [ids]);
    }
  }
  await client.query(
    `INSERT INTO audit_events (actor_id, actor_role, action, entity_type, entity_id, request_id, ip, details)
     VALUES ($1, 'shelter_worker', 'list', $2, NULL, 'bench', '127.0.0.1', $3)`,
    [desk.userId, entity, JSON.stringify({ ids })],
  );
}

/** Shelters and users of every role (the desks are shelter workers, one per shelter). */
async function seedNetwork(db: Client): Promise<{ shelters: Shelter[]; users: SeedUser[] }> {
  const shelters: Shelter[] = [];
  for (let index = 0; index < SHELTERS; index += 1) {
    const { rows } = await db.query(
      `INSERT INTO shelters (name, code, state, municipality, capacity) VALUES ($1, $2, 'Chiapas', 'Palenque', 150)
       RETURNING id`,
      [`Carga ${index}`, `L${String(index).padStart(3, '0')}`],
    );
    shelters.push({ id: rows[0].id, personIds: [], surnames: [] });
  }
  const hash = await argon2.hash(PASSWORD, { type: argon2.argon2id });
  const users: SeedUser[] = [
    { email: 'admin@load.albergue.example', role: 'admin' },
    { email: 'lawyer@load.albergue.example', role: 'lawyer' },
    { email: 'partner@load.albergue.example', role: 'partner' },
    ...shelters.flatMap((shelter, index) => [
      { email: `coordinator-${index}@load.albergue.example`, role: 'coordinator' as Role, shelter },
      { email: `desk-${index}@load.albergue.example`, role: 'shelter_worker' as Role, shelter },
    ]),
  ];
  for (const user of users) {
    await db.query(
      `INSERT INTO users (id, email, name, role, password_hash, shelter_ids, organization_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        randomUUID(),
        user.email,
        `Carga ${user.role}`,
        user.role,
        hash,
        user.shelter ? [user.shelter.id] : [],
        user.role === 'partner' ? randomUUID() : null,
      ],
    );
  }
  return { shelters, users };
}

let seedBatches = 0;

/** Persons with one stay each, checked in over the last year; the most recent PRESENT_SHARE are still there. */
async function addPersons(db: Client, shelters: Shelter[], people: GeneratedPerson[]): Promise<void> {
  await copyPersons(db, people);
  people.forEach((person, index) => {
    const shelter = shelters[index % shelters.length];
    shelter.personIds.push(person.id);
    shelter.surnames.push(person.familyNames.split(' ')[0]);
  });
  await db.query(
    `INSERT INTO stays (shelter_id, person_id, case_number, checked_in_at, checked_out_at, destination, reasons_for_leaving)
     SELECT shelter_id, person_id, 'SEED-' || $5 || '-' || n, checked_in_at,
            CASE WHEN n > $3 THEN checked_in_at + interval '3 days' END,
            CASE WHEN n > $3 THEN 'continued_north' END, '{gang_threat}'
       FROM (SELECT (($1::uuid[])[1 + (n - 1) % cardinality($1::uuid[])]) AS shelter_id, person_id, n,
                    now() - (n * interval '1 year' / $4) AS checked_in_at
               FROM unnest($2::uuid[]) WITH ORDINALITY AS t(person_id, n)) s`,
    [
      shelters.map((shelter) => shelter.id),
      people.map((person) => person.id),
      Math.round(people.length * PRESENT_SHARE),
      people.length,
      (seedBatches += 1),
    ],
  );
  await db.query('ANALYZE persons');
  await db.query('ANALYZE stays');
}

interface Memory {
  rss: number;
  heapUsed: number;
}

/** A full garbage collection in the API through its inspector, then its memory as the process sees it. */
async function memoryAfterFullGc(inspectPort: number): Promise<Memory> {
  const [target] = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  let next = 0;
  type Answer = { id?: number; result?: { result?: { value?: string } } };
  const call = (method: string, params: object = {}) =>
    new Promise<Answer>((resolve) => {
      const id = ++next;
      socket.addEventListener('message', function answer(event: MessageEvent) {
        const message = JSON.parse(String(event.data)) as Answer;
        if (message.id !== id) return;
        socket.removeEventListener('message', answer);
        resolve(message);
      });
      socket.send(JSON.stringify({ id, method, params }));
    });
  try {
    await call('HeapProfiler.collectGarbage');
    const answer = await call('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
      returnByValue: true,
    });
    const usage = JSON.parse(answer.result!.result!.value!) as Memory;
    return { rss: usage.rss, heapUsed: usage.heapUsed };
  } finally {
    socket.close();
  }
}

/** One API the load goes to; `up` is false from just before it is killed until it answers again. */
interface Target {
  port: number;
  up: boolean;
}

const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS * 2 });

interface Answer {
  status: number;
  body: string;
}

function send(target: Target, method: string, path: string, headers: Record<string, string>, body?: string) {
  return new Promise<Answer>((resolve, reject) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        port: target.port,
        method,
        path,
        agent,
        headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode!, body: Buffer.concat(chunks).toString() }));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.setTimeout(30_000, () => outgoing.destroy(new Error('timeout')));
    outgoing.end(body);
  });
}

/** What one run of the mix counted. */
class Tally {
  readonly reads: number[] = [];
  readonly writes: number[] = [];
  readonly failures = new Map<string, number>();
  /** Requests cut by the kill of their API, each retried once elsewhere; `lost` if the retry failed too. */
  cut = 0;
  lost = 0;
  readonly stayIds = new Set<string>();
  readonly incidentIds = new Set<string>();
  readonly exportIds = new Set<string>();

  fail(key: string): void {
    this.failures.set(key, (this.failures.get(key) ?? 0) + 1);
  }

  get errors(): number {
    return [...this.failures.values()].reduce((sum, count) => sum + count, 0);
  }
}

/** A live API for this connection: connections are spread over the APIs that answer. */
function targetFor(targets: Target[], connection: number): Target {
  const live = targets.filter((target) => target.up);
  return live[connection % live.length];
}

/**
 * One request through the APIs. A request cut because its API was killed under it is retried once
 * on a live one, with the same headers (a write keeps its Idempotency-Key); any other failure,
 * and a non-2xx answer, is an error.
 */
async function throughApi(
  targets: Target[],
  connection: number,
  kind: string,
  call: { method: string; path: string; body?: string },
  headers: Record<string, string>,
  tally: Tally,
): Promise<Answer | undefined> {
  const target = targetFor(targets, connection);
  let answer: Answer;
  try {
    answer = await send(target, call.method, call.path, headers, call.body);
  } catch (error) {
    if (target.up) {
      tally.fail(`${kind} ${(error as NodeJS.ErrnoException).code ?? 'transport error'}`);
      return undefined;
    }
    tally.cut += 1;
    try {
      answer = await send(targetFor(targets, connection), call.method, call.path, headers, call.body);
    } catch {
      tally.lost += 1;
      return undefined;
    }
  }
  if (answer.status >= 300) {
    tally.fail(`${kind} ${answer.status}`);
    return undefined;
  }
  return answer;
}

/**
 * The mix at CONNECTIONS connections for `seconds`. Reads go through the APIs (`api`), or to
 * Postgres as raw SQL from one pg client per connection (`sql`); writes always go through the APIs,
 * so that both runs carry the same write load.
 */
async function runMix(
  mode: 'api' | 'sql',
  targets: Target[],
  desks: Desk[],
  seconds: number,
  seed: number,
): Promise<Tally> {
  const tally = new Tally();
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, connection) => {
      const rand = random(seed + connection);
      const desk = desks[connection % desks.length];
      const client = mode === 'sql' ? new Client({ connectionString: LOAD_DATABASE_URL }) : undefined;
      await client?.connect();
      try {
        while (Date.now() < until) {
          const kind = pickKind(rand, MIX);
          const read = kind.startsWith('read');
          const started = performance.now();
          if (read && client) {
            await sqlRead(client, kind, desk, rand);
            tally.reads.push(performance.now() - started);
            continue;
          }
          const call = apiRequest(kind, desk, rand);
          const headers: Record<string, string> = {
            authorization: desk.authorization,
            'content-type': 'application/json',
            // Every write carries a key: one cut by the kill and retried is replayed, never done twice.
            ...(read ? {} : { 'idempotency-key': randomUUID() }),
          };
          const answer = await throughApi(targets, connection, kind, call, headers, tally);
          (read ? tally.reads : tally.writes).push(performance.now() - started);
          if (!answer || read) continue;
          const created = JSON.parse(answer.body) as { id?: string; stays?: { id: string }[] };
          if (kind === 'write: intake') for (const stay of created.stays ?? []) tally.stayIds.add(stay.id);
          else if (created.id) tally.incidentIds.add(created.id);
        }
      } finally {
        await client?.end();
      }
    }),
  );
  return tally;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const verdict = (ok: boolean) => (ok ? 'pass' : 'FAIL');

function printTable(rows: string[][]): void {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  for (const row of rows) log(row.map((cell, column) => (cell ?? '').padEnd(widths[column])).join('  '));
}

function printFailures(label: string, tally: Tally): void {
  if (tally.failures.size) {
    log(`errors during the ${label}: ${[...tally.failures].map(([key, count]) => `${key} x${count}`).join(', ')}`);
  }
}

interface SizeResult {
  persons: number;
  api: Tally;
  sql: Tally;
  seconds: number;
  baselineSeconds: number;
}

function sizeRows({ persons, api, sql, seconds, baselineSeconds }: SizeResult): string[][] {
  const apiReads = api.reads.length / seconds;
  const sqlReads = sql.reads.length / baselineSeconds;
  const apiP99 = percentile(api.reads, 99);
  const sqlP99 = percentile(sql.reads, 99);
  const ratio = apiReads / sqlReads;
  const p99Ratio = apiP99 / sqlP99;
  const size = `${persons.toLocaleString('en')} persons`;
  return [
    [
      `${size}: reads (/s)`,
      apiReads.toFixed(0),
      sqlReads.toFixed(0),
      ratio.toFixed(2),
      `>= ${TARGETS.readRatio}`,
      verdict(ratio >= TARGETS.readRatio),
    ],
    [`${size}: reads p50 (ms)`, percentile(api.reads, 50).toFixed(1), percentile(sql.reads, 50).toFixed(1), '', '', ''],
    [
      `${size}: reads p99 (ms)`,
      apiP99.toFixed(1),
      sqlP99.toFixed(1),
      p99Ratio.toFixed(2),
      `<= ${TARGETS.p99Ratio}x`,
      verdict(p99Ratio <= TARGETS.p99Ratio),
    ],
    [
      `${size}: writes (/s), p99 (ms)`,
      `${(api.writes.length / seconds).toFixed(0)}, ${percentile(api.writes, 99).toFixed(0)}`,
      `${(sql.writes.length / baselineSeconds).toFixed(0)}, ${percentile(sql.writes, 99).toFixed(0)}`,
      '',
      '',
      '',
    ],
    [`${size}: whole mix (req/s)`, ((api.reads.length + api.writes.length) / seconds).toFixed(0), '', '', '', ''],
    [`${size}: errors`, String(api.errors), String(sql.errors), '', '0', verdict(api.errors + sql.errors === 0)],
  ];
}

async function main() {
  const db = new Client({ connectionString: LOAD_DATABASE_URL });
  await freshBenchDatabase(LOAD_DATABASE_URL);
  await db.connect();
  const env: Record<string, string> = {
    ...benchEnvironment(LOAD_DATABASE_URL),
    // The per-address login limit is checked across the APIs: each user logs in from its own address.
    TRUST_PROXY: 'true',
    LOGIN_RATE_LIMIT_PER_MINUTE: String(LOGIN_LIMIT),
  };
  const apis: ApiProcess[] = [];
  const workers: WorkerProcess[] = [];
  const targets: Target[] = [];
  const children = (): ChildProcess[] => [...apis, ...workers].map((process) => process.process);
  try {
    log(
      `Seeding ${SHELTERS} shelters and users of every role, then ${(PERSONS / 10).toLocaleString('en')} persons ...`,
    );
    const seedStarted = Date.now();
    const { shelters, users } = await seedNetwork(db);
    const people = generatePeople(PERSONS, 10);
    await addPersons(db, shelters, people.slice(0, PERSONS / 10));
    log(`  seeded in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);

    // A free port: another engineer's API may hold any fixed one, and would answer our readiness probe.
    const inspectPort = await freePort();
    for (let index = 0; index < APIS; index += 1) {
      const port = await freePort();
      // API_NODE_OPTIONS (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof) goes to the first API alone.
      const nodeOptions = `--inspect=127.0.0.1:${inspectPort} ${process.env.API_NODE_OPTIONS ?? ''}`.trim();
      const options = index === 0 ? { ...env, NODE_OPTIONS: nodeOptions } : env;
      apis.push(await startApi(LOAD_DATABASE_URL, port, options));
      targets.push({ port, up: true });
    }
    for (let index = 0; index < WORKERS; index += 1) workers.push(await startWorker(env));
    log(`${APIS} API process(es), ${WORKERS} worker(s) on one database and one Redis`);
    const pid = apis[0].process.pid!;

    const loginAs = async (user: SeedUser, index: number) => {
      const answer = await send(
        targets[index % targets.length],
        'POST',
        '/api/v1/auth/login',
        { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${index + 1}` },
        JSON.stringify({ email: user.email, password: PASSWORD }),
      );
      if (answer.status !== 200) throw new Error(`login of a ${user.role} failed: ${answer.status}`);
      return (JSON.parse(answer.body) as { accessToken: string }).accessToken;
    };
    const desks: Desk[] = [];
    let adminToken = '';
    for (const [index, user] of users.entries()) {
      const accessToken = await loginAs(user, index);
      if (user.role === 'admin') adminToken = accessToken;
      if (user.role !== 'shelter_worker' || !user.shelter) continue;
      const claims = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()) as {
        sub: string;
        sid: string;
      };
      desks.push({
        shelter: user.shelter,
        userId: claims.sub,
        sessionId: claims.sid,
        authorization: `Bearer ${accessToken}`,
      });
    }
    const rssAtStart = memoryOfProcess(pid, 'VmRSS');

    log(`Warm-up: the mix at ${CONNECTIONS} connections for ${WARMUP} s ...`);
    const warmup = await runMix('api', targets, desks, WARMUP, 1000);
    const afterWarmup = await memoryAfterFullGc(inspectPort);

    const results: SizeResult[] = [];
    const measure = async (persons: number, seconds: number) => {
      log(
        `Load at ${persons.toLocaleString('en')} persons: reads 70%, intakes 20%, incidents 10% at ${CONNECTIONS} connections for ${seconds} s ...`,
      );
      const api = await runMix('api', targets, desks, seconds, 2026);
      log(`Baseline: the same mix, reads as raw SQL from ${CONNECTIONS} pg clients, for ${BASELINE_DURATION} s ...`);
      const sql = await runMix('sql', targets, desks, BASELINE_DURATION, 9000);
      results.push({ persons, api, sql, seconds, baselineSeconds: BASELINE_DURATION });
      return api;
    };

    await measure(PERSONS / 10, SMALL_DURATION);
    log(`Seeding the other ${(PERSONS - PERSONS / 10).toLocaleString('en')} persons ...`);
    await addPersons(db, shelters, people.slice(PERSONS / 10));

    // During the run at full size: exports requested through the APIs, and (CHAOS) one API and one worker killed.
    const exportIds = new Set<string>();
    const chaosLog: string[] = [];
    let chaosCut = { cut: 0, lost: 0 };
    const rssDuring: number[] = [];
    const sampler = setInterval(() => rssDuring.push(memoryOfProcess(pid, 'VmRSS')), 5000);
    const stopAt = Date.now() + DURATION * 1000;
    const exportsRequested = (async () => {
      if (WORKERS === 0) return;
      const { id: partnerId } = JSON.parse(
        (
          await send(
            targets[0],
            'POST',
            '/api/v1/partners',
            { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
            JSON.stringify({
              name: 'Observatorio de carga',
              pgpPublicKey: (await generateKey({ type: 'curve25519', userIDs: [{ name: 'Carga' }], format: 'armored' }))
                .publicKey,
              agreement: { datasets: ['incidents_deidentified'] },
            }),
          )
        ).body,
      ) as { id: string };
      const tally = new Tally();
      for (let connection = 0; Date.now() < stopAt - EXPORT_EVERY * 1000; connection += 1) {
        const answer = await throughApi(
          targets,
          connection,
          'export request',
          {
            method: 'POST',
            path: '/api/v1/exports',
            body: JSON.stringify({
              partnerId,
              dataset: 'incidents_deidentified',
              format: 'csv',
              from: '2026-03-01',
              to: '2026-03-31',
            }),
          },
          { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
          tally,
        );
        if (answer) exportIds.add((JSON.parse(answer.body) as { id: string }).id);
        else chaosLog.push(`an export request failed: ${[...tally.failures.keys()].join(', ') || 'cut twice'}`);
        await new Promise((resolve) => setTimeout(resolve, EXPORT_EVERY * 1000));
      }
    })();
    const chaos = (async () => {
      if (!CHAOS) return;
      await new Promise((resolve) => setTimeout(resolve, (DURATION * 1000) / 3));
      if (APIS >= 2) {
        targets[1].up = false;
        apis[1].process.kill('SIGKILL');
        chaosLog.push(`API 2 killed (SIGKILL) at ${Math.round(DURATION / 3)} s`);
      }
      if (WORKERS >= 2) {
        workers[1].process.kill('SIGKILL');
        chaosLog.push(`worker 2 killed (SIGKILL) at ${Math.round(DURATION / 3)} s`);
      }
      await new Promise((resolve) => setTimeout(resolve, 3000));
      if (APIS >= 2) {
        apis[1] = await startApi(LOAD_DATABASE_URL, targets[1].port, env);
        targets[1].up = true;
        chaosLog.push('API 2 started again');
      }
      if (WORKERS >= 2) {
        workers[1] = await startWorker(env);
        chaosLog.push('worker 2 started again');
      }
    })();
    let api: Tally;
    try {
      api = await measure(PERSONS, DURATION);
    } finally {
      clearInterval(sampler);
    }
    await Promise.all([exportsRequested, chaos]);
    chaosCut = { cut: api.cut, lost: api.lost };
    const rssAtEnd = memoryOfProcess(pid, 'VmRSS');
    const after = await memoryAfterFullGc(inspectPort);

    // What the run left in the database: every write answered once and only once.
    const writes = [...results.flatMap((result) => [result.api, result.sql]), warmup];
    const answeredStays = writes.reduce((sum, tally) => sum + tally.stayIds.size, 0);
    const answeredIncidents = writes.reduce((sum, tally) => sum + tally.incidentIds.size, 0);
    const { rows: written } = await db.query<{ stays: number; incidents: number }>(
      `SELECT (SELECT count(*)::int FROM stays WHERE case_number NOT LIKE 'SEED-%') AS stays,
              (SELECT count(*)::int FROM incidents) AS incidents`,
    );
    const duplicateStays = written[0].stays - answeredStays;
    const duplicateIncidents = written[0].incidents - answeredIncidents;

    // Every export requested completes, once: one file, its chunks numbered 0..n-1 once each.
    let exportState = { completed: 0, failed: 0, requested: exportIds.size, inDatabase: 0, brokenFiles: 0 };
    if (WORKERS > 0) {
      log(`Waiting for the ${exportIds.size} exports requested to complete ...`);
      const deadline = Date.now() + 180_000;
      for (;;) {
        const { rows } = await db.query<{ completed: number; failed: number; total: number }>(
          `SELECT count(*) FILTER (WHERE status = 'completed')::int AS completed,
                  count(*) FILTER (WHERE status = 'failed')::int AS failed, count(*)::int AS total FROM exports`,
        );
        exportState = { ...exportState, ...rows[0], inDatabase: rows[0].total };
        if (rows[0].completed + rows[0].failed >= rows[0].total || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      const { rows: broken } = await db.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM (SELECT export_id FROM export_file_chunks GROUP BY export_id
                 HAVING count(*) <> max(seq) + 1 OR count(DISTINCT seq) <> count(*)) b`,
      );
      exportState.brokenFiles = broken[0].count;
    }

    // The daily reminder run: one scheduler and one next run, however many workers started and restarted.
    let reminders = { schedulers: 0, nextRuns: 0 };
    if (WORKERS > 0) {
      const queue = new Queue('reminders', {
        connection: { host: '127.0.0.1', port: 6379 },
        prefix: `${env.REDIS_KEY_PREFIX}:bull`,
      });
      try {
        reminders = { schedulers: (await queue.getJobSchedulers()).length, nextRuns: await queue.getDelayedCount() };
      } finally {
        await queue.close();
      }
    }

    // The per-address login limit across the APIs: LOGIN_LIMIT + 10 wrong passwords from one address, alternating.
    const limit = { refused: 0, throttled: 0, other: 0 };
    for (let attempt = 0; attempt < LOGIN_LIMIT + 10; attempt += 1) {
      const answer = await send(
        targetFor(targets, attempt),
        'POST',
        '/api/v1/auth/login',
        { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.77' },
        JSON.stringify({ email: 'nobody@load.albergue.example', password: 'wrong password, on purpose' }),
      );
      if (answer.status === 401) limit.refused += 1;
      else if (answer.status === 429) limit.throttled += 1;
      else limit.other += 1;
    }

    const growth = (after.rss - afterWarmup.rss) / afterWarmup.rss;
    const heapGrowth = (after.heapUsed - afterWarmup.heapUsed) / afterWarmup.heapUsed;
    const signed = (ratio: number) => `${ratio >= 0 ? '+' : ''}${(ratio * 100).toFixed(1)}%`;
    const duplicates = Math.max(0, duplicateStays) + Math.max(0, duplicateIncidents) + exportState.brokenFiles;
    const allErrors = results.reduce((sum, result) => sum + result.api.errors + result.sql.errors, 0) + warmup.errors;
    const rows: string[][] = [
      ['measure', 'API', 'baseline (reads as raw SQL)', 'ratio', 'target', 'verdict'],
      ...results.flatMap(sizeRows),
      ['API RSS at start', mb(rssAtStart), '', '', '', ''],
      ['API RSS after warm-up, full GC', mb(afterWarmup.rss), '', '', '', ''],
      ['API RSS peak during run', mb(Math.max(...rssDuring, rssAtEnd)), '', '', '', ''],
      [
        'API RSS after run, full GC',
        mb(after.rss),
        '',
        signed(growth),
        `within ${TARGETS.memoryGrowth * 100}%`,
        verdict(Math.abs(growth) <= TARGETS.memoryGrowth),
      ],
      [
        'API live heap, warm-up -> run',
        `${mb(afterWarmup.heapUsed)} -> ${mb(after.heapUsed)}`,
        '',
        signed(heapGrowth),
        '',
        '',
      ],
      ['requests cut by a kill, retried once', String(chaosCut.cut), '', '', '', ''],
      ['  of which lost (retry failed too)', String(chaosCut.lost), '', '', '0', verdict(chaosCut.lost === 0)],
      ['errors (all runs)', String(allErrors), '', '', '0', verdict(allErrors === 0)],
      [
        'duplicates (stays, incidents, export files)',
        `${duplicates} (${duplicateStays}, ${duplicateIncidents}, ${exportState.brokenFiles})`,
        '',
        '',
        '0',
        verdict(duplicates === 0 && duplicateStays >= 0 && duplicateIncidents >= 0),
      ],
      ...(WORKERS > 0
        ? [
            [
              'exports completed / requested',
              `${exportState.completed} / ${exportState.requested} (${exportState.inDatabase} in the database, ${exportState.failed} failed)`,
              '',
              '',
              'all, once',
              verdict(
                exportState.completed === exportState.requested && exportState.inDatabase === exportState.requested,
              ),
            ],
            [
              'daily reminder run: schedulers, next runs',
              `${reminders.schedulers}, ${reminders.nextRuns}`,
              '',
              '',
              '1, 1',
              verdict(reminders.schedulers === 1 && reminders.nextRuns === 1),
            ],
          ]
        : []),
      [
        `login limit (${LOGIN_LIMIT}/min per address) over ${APIS} API(s)`,
        `${limit.refused} refused, ${limit.throttled} throttled, ${limit.other} other`,
        '',
        '',
        `${LOGIN_LIMIT}, 10, 0`,
        verdict(limit.refused === LOGIN_LIMIT && limit.throttled === 10 && limit.other === 0),
      ],
    ];
    log(
      `\nbench:load — ${SHELTERS} shelters, ${CONNECTIONS} connections, ${APIS} API(s), ${WORKERS} worker(s); ` +
        `${SMALL_DURATION} s at ${(PERSONS / 10).toLocaleString('en')} persons and ${DURATION} s at ` +
        `${PERSONS.toLocaleString('en')} persons after a ${WARMUP} s warm-up; baselines ${BASELINE_DURATION} s each`,
    );
    printTable(rows);
    printFailures('warm-up', warmup);
    for (const result of results) {
      printFailures(`run at ${result.persons} persons`, result.api);
      printFailures(`baseline at ${result.persons} persons`, result.sql);
    }
    for (const line of chaosLog) log(line);
    log(`memory: read after a full GC through the inspector; ${cpus().length} cores, shared with whatever else runs`);
  } finally {
    for (const child of children()) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.all([...apis, ...workers].map((process) => process.stop()));
    agent.destroy();
    await db.end();
    await removeRedisKeys(env);
    await dropBenchDatabase(LOAD_DATABASE_URL);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:load failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
