/**
 * `npm run bench:intake`: intake and matching over 1,000,000 persons, each against a baseline
 * measured in the same run, and matching's recall@5 and precision (queries for people who are not
 * there) at two sizes, a tenth of PERSONS and PERSONS. Prints a table with a verdict per target;
 * targets are in issues 4 and 15 and the README.
 *   PERSONS (1000000)  DURATION seconds (20)  CONNECTIONS (16)  QUERIES (1000)
 */
import { randomUUID } from 'node:crypto';

import { searchNameOf } from '@albergue/intake';
import * as argon2 from 'argon2';
import autocannon from 'autocannon';
import { Client } from 'pg';

import {
  GeneratedPerson,
  generatePeople,
  NoisyQuery,
  noisyQueryOf,
  random,
  strangerQueries,
} from '../test/factories/population.factory';
import { freePort } from '../test/support/private-redis';
import { BENCH_DATABASE_URL, copyPersons, dropBenchDatabase, freshBenchDatabase } from './support/bench-database';
import { benchEnvironment, percentile, removeRedisKeys, startApi } from './support/api-process';

const PERSONS = Number(process.env.PERSONS ?? 1_000_000);
const DURATION = Number(process.env.DURATION ?? 20);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 16);
const QUERIES = Number(process.env.QUERIES ?? 1000);
const SHELTERS = 20;
const ADMIN_PASSWORD = 'benchmark password, not for production';

const log = (line: string) => process.stdout.write(`${line}\n`);

let sequence = 0;
function arrival(shelterIds: string[]) {
  sequence += 1;
  return {
    shelterId: shelterIds[sequence % shelterIds.length],
    arrivedAt: '2026-03-14T22:10:00-06:00',
    members: [
      {
        person: {
          givenNames: `Llegada ${sequence}`,
          familyNames: 'Benchmark Carga',
          sex: 'male',
          birthDate: '1990-01-01',
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

/** The statements one API intake runs, in one transaction, from a plain pg client. */
async function sqlIntake(client: Client, shelterId: string, userId: string, sessionId: string, n: number) {
  await client.query(
    `SELECT u.role, u.shelter_ids, u.organization_id FROM users u JOIN auth_sessions s ON s.user_id = u.id
      WHERE u.id = $1 AND s.id = $2 AND u.active AND s.revoked_at IS NULL AND s.expires_at > now()`,
    [userId, sessionId],
  );
  await client.query('SELECT * FROM shelters WHERE id = $1', [shelterId]);
  await client.query('BEGIN');
  const person = { givenNames: `Base ${n}`, familyNames: 'Benchmark Carga' };
  const [{ id: personId }] = (
    await client.query(
      `INSERT INTO persons (given_names, family_names, sex, birth_date, nationality, search_name, birth_year)
       VALUES ($1, $2, 'male', '1990-01-01', 'HN', $3, 1990) RETURNING id`,
      [person.givenNames, person.familyNames, searchNameOf(person)],
    )
  ).rows;
  const [{ id: householdId }] = (await client.query('INSERT INTO households DEFAULT VALUES RETURNING id')).rows;
  await client.query(`INSERT INTO household_members (household_id, person_id, relationship) VALUES ($1, $2, 'head')`, [
    householdId,
    personId,
  ]);
  const [{ last_value: last }] = (
    await client.query(
      `INSERT INTO case_number_sequences (shelter_id, year, last_value) VALUES ($1, 2026, 1)
       ON CONFLICT (shelter_id, year) DO UPDATE SET last_value = case_number_sequences.last_value + EXCLUDED.last_value
       RETURNING last_value`,
      [shelterId],
    )
  ).rows;
  await client.query(
    `INSERT INTO stays (shelter_id, person_id, household_id, case_number, checked_in_at, reasons_for_leaving)
     VALUES ($1, $2, $3, $4, now(), '{gang_threat}')`,
    [shelterId, personId, householdId, `SQL-2026-${String(last).padStart(6, '0')}-${shelterId.slice(0, 4)}`],
  );
  await client.query(
    `INSERT INTO audit_events (actor_id, actor_role, action, entity_type, entity_id, request_id, ip, details)
     VALUES ($1, 'admin', 'intake', 'household', $2, 'bench', '127.0.0.1', $3)`,
    [userId, householdId, JSON.stringify({ ids: [personId] })],
  );
  await client.query('SELECT count(*)::int AS n FROM stays WHERE shelter_id = $1 AND checked_out_at IS NULL', [
    shelterId,
  ]);
  await client.query('COMMIT');
  await client.query(
    `WITH candidates AS (SELECT id FROM persons WHERE birth_year BETWEEN 1988 AND 1992 ORDER BY search_name <-> $1 LIMIT 60)
     SELECT p.* FROM candidates c JOIN persons p ON p.id = c.id
     LEFT JOIN LATERAL (SELECT s.checked_in_at FROM stays s WHERE s.person_id = p.id ORDER BY s.checked_in_at DESC LIMIT 1) l ON true`,
    [searchNameOf(person)],
  );
}

async function sqlBaseline(shelterIds: string[], userId: string, sessionId: string) {
  const latencies: number[] = [];
  const until = Date.now() + DURATION * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, worker) => {
      const client = new Client({ connectionString: BENCH_DATABASE_URL });
      await client.connect();
      while (Date.now() < until) {
        const started = performance.now();
        n += 1;
        await sqlIntake(client, shelterIds[(n + worker) % shelterIds.length], userId, sessionId, n);
        latencies.push(performance.now() - started);
      }
      await client.end();
    }),
  );
  return { rate: latencies.length / DURATION, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function main() {
  log(`Seeding ${PERSONS.toLocaleString('en')} persons with COPY ...`);
  const seedStarted = Date.now();
  await freshBenchDatabase();
  const people = generatePeople(PERSONS, 1);
  // A tenth first, for matching's quality at two sizes; generatePeople is seeded, so the tenth is the
  // first tenth of the whole population.
  const tenth = people.slice(0, Math.floor(PERSONS / 10));
  const db = new Client({ connectionString: BENCH_DATABASE_URL });
  await db.connect();
  await copyPersons(db, tenth);
  const adminId = randomUUID();
  await db.query(
    `INSERT INTO users (id, email, name, role, password_hash) VALUES ($1, 'bench@albergue.example', 'Bench', 'admin', $2)`,
    [adminId, await argon2.hash(ADMIN_PASSWORD, { type: argon2.argon2id })],
  );
  const shelterIds: string[] = [];
  for (let i = 0; i < SHELTERS; i += 1) {
    const { rows } = await db.query(
      `INSERT INTO shelters (name, code, state, municipality, capacity) VALUES ($1, $2, 'Chiapas', 'Palenque', 100000) RETURNING id`,
      [`Bench ${i}`, `B${String(i).padStart(3, '0')}`],
    );
    shelterIds.push(rows[0].id);
  }
  log(`  seeded in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);

  const env = benchEnvironment(BENCH_DATABASE_URL);
  const api = await startApi(BENCH_DATABASE_URL, await freePort(), env);
  try {
    const login = await fetch(`${api.baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@albergue.example', password: ADMIN_PASSWORD }),
    }).then((r) => r.json() as Promise<{ accessToken: string }>);
    const authorization = `Bearer ${login.accessToken}`;
    const sessionId = JSON.parse(Buffer.from(login.accessToken.split('.')[1], 'base64url').toString()).sid;

    const match = async ({ truth: _truth, ...query }: NoisyQuery): Promise<string[]> => {
      const params = new URLSearchParams(
        Object.entries({ ...query, limit: 5 }).map(([k, v]) => [k, String(v)]) as [string, string][],
      );
      const response = await fetch(`${api.baseUrl}/persons/matches?${params}`, { headers: { authorization } });
      if (!response.ok) throw new Error(`GET /persons/matches answered ${response.status}: ${await response.text()}`);
      const body = (await response.json()) as { items: { person: { id: string } }[] };
      return body.items.map((item) => item.person.id);
    };
    /** Recall@5 over noisy queries of persons on record, and the share of strangers given any suggestion. */
    const quality = async (
      population: GeneratedPerson[],
      latencies: number[] = [],
      probe?: (query: NoisyQuery) => Promise<void>,
    ) => {
      const rand = random(2026);
      let found = 0;
      for (let i = 0; i < QUERIES; i += 1) {
        const query = noisyQueryOf(population[Math.floor(rand() * population.length)], rand);
        const started = performance.now();
        const ids = await match(query);
        latencies.push(performance.now() - started);
        if (ids.includes(query.truth)) found += 1;
        await probe?.(query);
      }
      let suggested = 0;
      for (const query of strangerQueries(QUERIES, 31337, population)) {
        if ((await match(query)).length > 0) suggested += 1;
      }
      return { recall: found / QUERIES, strangers: suggested / QUERIES };
    };
    log(
      `Matching over ${tenth.length.toLocaleString('en')} persons: noisy queries of known persons and of strangers ...`,
    );
    const small = await quality(tenth);
    log(`Seeding the other ${(PERSONS - tenth.length).toLocaleString('en')} persons ...`);
    await copyPersons(db, people.slice(tenth.length));

    log(`Intake through the API: ${CONNECTIONS} connections for ${DURATION} s ...`);
    const result = await autocannon({
      url: `${api.baseUrl}/intake`,
      connections: CONNECTIONS,
      duration: DURATION,
      requests: [
        {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json' },
          setupRequest: (request) => ({ ...request, body: JSON.stringify(arrival(shelterIds)) }),
        },
      ],
    });
    const apiErrors = result.errors + result.non2xx;
    log(`Intake as raw SQL (same statements, one transaction each): ${CONNECTIONS} clients for ${DURATION} s ...`);
    const sql = await sqlBaseline(shelterIds, adminId, sessionId);

    log(
      `Matching over ${PERSONS.toLocaleString('en')} persons through GET /persons/matches, against the index probe ...`,
    );
    const latencies: number[] = [];
    const sqlLatencies: number[] = [];
    const large = await quality(people, latencies, async (query) => {
      const year = query.birthDate ? Number(query.birthDate.slice(0, 4)) : query.birthYear!;
      const sqlStarted = performance.now();
      await db.query(
        'SELECT id FROM persons WHERE birth_year BETWEEN $2::int - 2 AND $2::int + 2 ORDER BY search_name <-> $1 LIMIT 60',
        [searchNameOf({ givenNames: query.givenNames, familyNames: query.familyNames }), year],
      );
      sqlLatencies.push(performance.now() - sqlStarted);
    });
    const verdict = (ok: boolean) => (ok ? 'pass' : 'FAIL');
    const sizes = [
      { label: tenth.length.toLocaleString('en'), ...small },
      { label: PERSONS.toLocaleString('en'), ...large },
    ];

    const rows: [string, string, string, string, string][] = [
      ['measure', 'API', 'baseline', 'ratio', 'target'],
      [
        'intake rate (/s)',
        result.requests.average.toFixed(0),
        `${sql.rate.toFixed(0)} (raw SQL)`,
        (result.requests.average / sql.rate).toFixed(2),
        '>= 0.50',
      ],
      ['intake p50 (ms)', String(result.latency.p50), sql.p50.toFixed(1), '', ''],
      ['intake p99 (ms)', String(result.latency.p99), sql.p99.toFixed(1), '', '<= 50'],
      ['intake errors', String(apiErrors), '0', '', '0'],
      [
        'matching p50 (ms)',
        percentile(latencies, 50).toFixed(1),
        `${percentile(sqlLatencies, 50).toFixed(1)} (index probe)`,
        (percentile(latencies, 50) / percentile(sqlLatencies, 50)).toFixed(2),
        '',
      ],
      [
        'matching p95 (ms)',
        percentile(latencies, 95).toFixed(1),
        `${percentile(sqlLatencies, 95).toFixed(1)} (index probe)`,
        (percentile(latencies, 95) / percentile(sqlLatencies, 95)).toFixed(2),
        '<= 50',
      ],
      ...sizes.flatMap(({ label, recall, strangers }): [string, string, string, string, string][] => [
        [`matching recall@5, ${label} persons`, recall.toFixed(3), '', '', `>= 0.95 ${verdict(recall >= 0.95)}`],
        [
          `matching: strangers given a suggestion, ${label} persons`,
          strangers.toFixed(3),
          '',
          '',
          `<= 0.05 ${verdict(strangers <= 0.05)}`,
        ],
      ]),
    ];
    log(`\nbench:intake — ${PERSONS.toLocaleString('en')} persons, ${CONNECTIONS} connections, ${DURATION} s`);
    const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
    for (const row of rows) log(row.map((cell, column) => cell.padEnd(widths[column])).join('  '));
  } finally {
    await api.stop();
    await db.end();
    await removeRedisKeys(env);
    await dropBenchDatabase();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:intake failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
