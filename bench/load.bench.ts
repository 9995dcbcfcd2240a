/**
 * `npm run bench:load`: the mixed workload of issue 10 against the built API, with the same reads
 * as raw SQL as the baseline measured in the same run. Prints a table with a verdict per target.
 *   DURATION seconds (300)  CONNECTIONS (32)  WARMUP seconds (30)  BASELINE_DURATION seconds (60)
 *   PERSONS (10000)  SHELTERS (10)
 *
 * Memory: the API's resident set (VmRSS in /proc/<pid>/status) and its live heap are read after the
 * warm-up and after the run in the same way: once the load has stopped, a full garbage collection
 * is run in the API through its inspector (bound to the loopback, for this run only), then
 * process.memoryUsage() is read. Without the collection the RSS after a run mostly measures
 * garbage V8 has not needed to collect yet; with it, growth is memory the API still holds. The
 * verdict is on the RSS after that collection; the live heap is printed beside it.
 */
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';

import { searchNameOf } from '@albergue/intake';
import { ageInYearsSql, MEXICO_CITY_TODAY_SQL } from '@albergue/platform';
import * as argon2 from 'argon2';
import autocannon from 'autocannon';
import { Client } from 'pg';

import { generatePeople, random } from '../test/factories/population.factory';
import { freePort } from '../test/support/private-redis';
import { copyPersons, dropBenchDatabase, freshBenchDatabase } from './support/bench-database';
import { benchEnvironment, memoryOfProcess, percentile, removeRedisKeys, startApi } from './support/api-process';

const LOAD_DATABASE_URL =
  process.env.BENCH_LOAD_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/albergue_bench_load';
const DURATION = Number(process.env.DURATION ?? 300);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);
const WARMUP = Number(process.env.WARMUP ?? 30);
const BASELINE_DURATION = Number(process.env.BASELINE_DURATION ?? Math.min(60, DURATION));
const PERSONS = Number(process.env.PERSONS ?? 10_000);
const SHELTERS = Number(process.env.SHELTERS ?? 10);
const PAGE = 20;
/** Of the persons on record, the share still in a shelter; the others have left. */
const PRESENT_SHARE = 0.2;
const PASSWORD = 'benchmark password, not for production';
const TARGETS = { p99Ms: 100, memoryGrowth: 0.1 };

const log = (line: string) => process.stdout.write(`${line}\n`);

type Role = 'admin' | 'coordinator' | 'shelter_worker' | 'lawyer' | 'partner';

interface Shelter {
  id: string;
  /** Persons who have or had a stay there, and the surnames to search them by. */
  personIds: string[];
  surnames: string[];
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
const READ_KINDS = MIX.filter(([kind]) => kind.startsWith('read'));

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

async function sqlReadBaseline(desks: Desk[]) {
  const latencies: number[] = [];
  const until = Date.now() + BASELINE_DURATION * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, connection) => {
      const rand = random(9000 + connection);
      const client = new Client({ connectionString: LOAD_DATABASE_URL });
      await client.connect();
      try {
        while (Date.now() < until) {
          const started = performance.now();
          await sqlRead(client, pickKind(rand, READ_KINDS), desks[connection % desks.length], rand);
          latencies.push(performance.now() - started);
        }
      } finally {
        await client.end();
      }
    }),
  );
  return {
    rate: latencies.length / BASELINE_DURATION,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

/** Shelters, persons with a stay each (a share of them still present), and users of every role. */
async function seed(db: Client): Promise<{ users: { email: string; role: Role; shelter?: Shelter }[] }> {
  const people = generatePeople(PERSONS, 10);
  await copyPersons(db, people);
  const shelters: Shelter[] = [];
  for (let index = 0; index < SHELTERS; index += 1) {
    const { rows } = await db.query(
      `INSERT INTO shelters (name, code, state, municipality, capacity) VALUES ($1, $2, 'Chiapas', 'Palenque', 150)
       RETURNING id`,
      [`Carga ${index}`, `L${String(index).padStart(3, '0')}`],
    );
    shelters.push({ id: rows[0].id, personIds: [], surnames: [] });
  }
  people.forEach((person, index) => {
    const shelter = shelters[index % shelters.length];
    shelter.personIds.push(person.id);
    shelter.surnames.push(person.familyNames.split(' ')[0]);
  });
  // One stay each, checked in over the last year; the most recent PRESENT_SHARE are still there.
  await db.query(
    `INSERT INTO stays (shelter_id, person_id, case_number, checked_in_at, checked_out_at, destination, reasons_for_leaving)
     SELECT shelter_id, person_id, 'SEED-' || n, checked_in_at,
            CASE WHEN n > $3 THEN checked_in_at + interval '3 days' END,
            CASE WHEN n > $3 THEN 'continued_north' END, '{gang_threat}'
       FROM (SELECT (($1::uuid[])[1 + (n - 1) % cardinality($1::uuid[])]) AS shelter_id, person_id, n,
                    now() - (n * interval '1 year' / $4) AS checked_in_at
               FROM unnest($2::uuid[]) WITH ORDINALITY AS t(person_id, n)) s`,
    [
      shelters.map((shelter) => shelter.id),
      people.map((person) => person.id),
      Math.round(PERSONS * PRESENT_SHARE),
      PERSONS,
    ],
  );
  await db.query('ANALYZE stays');

  const hash = await argon2.hash(PASSWORD, { type: argon2.argon2id });
  const users: { email: string; role: Role; shelter?: Shelter }[] = [
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
  return { users };
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

/** What autocannon keeps per connection: one desk's token, and the kind of its request in flight. */
interface MixContext {
  desk: Desk;
  kind: string;
}

function runMix(baseUrl: string, desks: Desk[], seconds: number, failures: Map<string, number>) {
  const rand = random(2026);
  return autocannon({
    url: baseUrl,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        setupRequest: (request, connection: object) => {
          const context = connection as MixContext;
          context.desk ??= desks[Math.floor(rand() * desks.length)];
          const { desk } = context;
          const kind = pickKind(rand, MIX);
          context.kind = kind;
          const { method, path, body } = apiRequest(kind, desk, rand);
          return {
            ...request,
            method: method as 'GET' | 'POST',
            path,
            body,
            headers: { authorization: desk.authorization, 'content-type': 'application/json' },
          };
        },
        onResponse: (status, _body, connection: object) => {
          if (status >= 300) {
            const key = `${(connection as MixContext).kind} ${status}`;
            failures.set(key, (failures.get(key) ?? 0) + 1);
          }
        },
      },
    ],
  });
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main() {
  log(
    `Seeding ${SHELTERS} shelters, ${PERSONS.toLocaleString('en')} persons with their stays, users of every role ...`,
  );
  const seedStarted = Date.now();
  const db = new Client({ connectionString: LOAD_DATABASE_URL });
  await freshBenchDatabase(LOAD_DATABASE_URL);
  await db.connect();
  const env = benchEnvironment(LOAD_DATABASE_URL);
  let api: Awaited<ReturnType<typeof startApi>> | undefined;
  try {
    const { users } = await seed(db);
    log(`  seeded in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);

    // A free port: another engineer's API may hold any fixed one, and would answer our readiness probe.
    const inspectPort = await freePort();
    api = await startApi(LOAD_DATABASE_URL, await freePort(), {
      ...env,
      NODE_OPTIONS: `--inspect=127.0.0.1:${inspectPort}`,
    });
    const pid = api.process.pid!;
    const desks: Desk[] = [];
    for (const user of users) {
      const response = await fetch(`${api.baseUrl}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: user.email, password: PASSWORD }),
      });
      if (!response.ok) throw new Error(`login of a ${user.role} failed: ${response.status}`);
      const { accessToken } = (await response.json()) as { accessToken: string };
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
    const warmupFailures = new Map<string, number>();
    await runMix(api.baseUrl, desks, WARMUP, warmupFailures);
    const afterWarmup = await memoryAfterFullGc(inspectPort);

    log(`Load: reads 70%, intakes 20%, incidents 10% at ${CONNECTIONS} connections for ${DURATION} s ...`);
    const failures = new Map<string, number>();
    const rssDuring: number[] = [];
    const sampler = setInterval(() => rssDuring.push(memoryOfProcess(pid, 'VmRSS')), 5000);
    let result: autocannon.Result;
    try {
      result = await runMix(api.baseUrl, desks, DURATION, failures);
    } finally {
      clearInterval(sampler);
    }
    const rssAtEnd = memoryOfProcess(pid, 'VmRSS');
    const after = await memoryAfterFullGc(inspectPort);

    log(`Baseline: the same reads as raw SQL from ${CONNECTIONS} pg clients for ${BASELINE_DURATION} s ...`);
    const sql = await sqlReadBaseline(desks);

    const errors = result.errors + result.timeouts + result.non2xx;
    const growth = (after.rss - afterWarmup.rss) / afterWarmup.rss;
    const heapGrowth = (after.heapUsed - afterWarmup.heapUsed) / afterWarmup.heapUsed;
    const signed = (ratio: number) => `${ratio >= 0 ? '+' : ''}${(ratio * 100).toFixed(1)}%`;
    const verdict = (ok: boolean) => (ok ? 'pass' : 'FAIL');
    const rows: string[][] = [
      ['measure', 'API', 'baseline (raw SQL reads)', 'ratio', 'target', 'verdict'],
      [
        'throughput (req/s)',
        result.requests.average.toFixed(0),
        sql.rate.toFixed(0),
        (result.requests.average / sql.rate).toFixed(2),
        '',
        '',
      ],
      ['requests', String(result.requests.total), '', '', '', ''],
      ['p50 (ms)', String(result.latency.p50), sql.p50.toFixed(1), (result.latency.p50 / sql.p50).toFixed(2), '', ''],
      [
        'p99 (ms)',
        String(result.latency.p99),
        sql.p99.toFixed(1),
        (result.latency.p99 / sql.p99).toFixed(2),
        `<= ${TARGETS.p99Ms}`,
        verdict(result.latency.p99 <= TARGETS.p99Ms),
      ],
      ['errors', String(errors), '', '', '0', verdict(errors === 0)],
      ['API RSS at start', mb(rssAtStart), '', '', '', ''],
      ['API RSS after warm-up, full GC', mb(afterWarmup.rss), '', '', '', ''],
      ['API RSS peak during run', mb(Math.max(...rssDuring, rssAtEnd)), '', '', '', ''],
      ['API RSS at the end of the run', mb(rssAtEnd), '', '', '', ''],
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
    ];
    log(
      `\nbench:load — ${SHELTERS} shelters, ${PERSONS.toLocaleString('en')} persons, ${CONNECTIONS} connections, ` +
        `${DURATION} s after a ${WARMUP} s warm-up`,
    );
    const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
    for (const row of rows) log(row.map((cell, column) => cell.padEnd(widths[column])).join('  '));
    for (const [label, map] of [
      ['warm-up', warmupFailures],
      ['run', failures],
    ] as const) {
      if (map.size)
        log(`non-2xx during the ${label}: ${[...map].map(([key, count]) => `${key} x${count}`).join(', ')}`);
    }
    if (result.errors || result.timeouts) log(`socket errors ${result.errors}, timeouts ${result.timeouts}`);
    log(`memory: read after a full GC through the inspector; ${cpus().length} cores, shared with whatever else runs`);
  } finally {
    await api?.stop();
    await db.end();
    await removeRedisKeys(env);
    await dropBenchDatabase(LOAD_DATABASE_URL);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:load failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
