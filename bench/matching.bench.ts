/**
 * `npm run bench:matching`: GET /persons/matches over PERSONS persons (1,000,000) and over a tenth of
 * them, in one run: p50/p95 of the API's answer against the bare index probe it runs (same queries,
 * same database), recall@5 of noisy queries of persons on record and the share of queries for people
 * who are not there that get any suggestion. Prints a table with a verdict per target (issue 19).
 *   PERSONS (1000000)  QUERIES (1000)  API_NODE_OPTIONS (none)
 */
import { randomUUID } from 'node:crypto';

import { matchCandidatesQuery, spellingsOf, spellingsQuery, nameTokens } from '@albergue/intake';
import * as argon2 from 'argon2';
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
import { benchEnvironment, percentile, removeRedisKeys, startApi } from './support/api-process';
import { copyPersons, dropBenchDatabase, freshBenchDatabase } from './support/bench-database';

const DATABASE_URL =
  process.env.BENCH_MATCHING_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/albergue_bench_matching';
const PERSONS = Number(process.env.PERSONS ?? 1_000_000);
const QUERIES = Number(process.env.QUERIES ?? 1000);
const PASSWORD = 'benchmark password, not for production';
/** The targets of issue 19. */
const P95_TARGET_MS = 20;
const RECALL_TARGET = 0.95;
const STRANGERS_TARGET = 0.05;

const log = (line: string) => process.stdout.write(`${line}\n`);
const verdict = (ok: boolean) => (ok ? 'pass' : 'FAIL');

interface SizeFigures {
  persons: number;
  apiP50: number;
  apiP95: number;
  probeP50: number;
  probeP95: number;
  recall: number;
  strangers: number;
}

async function main() {
  log(`Seeding ${(PERSONS / 10).toLocaleString('en')} persons with COPY ...`);
  const seedStarted = Date.now();
  await freshBenchDatabase(DATABASE_URL);
  // generatePeople is seeded: the tenth measured first is the first tenth of the whole population.
  const people = generatePeople(PERSONS, 1);
  const tenth = people.slice(0, Math.floor(PERSONS / 10));
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  await copyPersons(db, tenth);
  await db.query(
    `INSERT INTO users (id, email, name, role, password_hash) VALUES ($1, 'bench@albergue.example', 'Bench', 'admin', $2)`,
    [randomUUID(), await argon2.hash(PASSWORD, { type: argon2.argon2id })],
  );
  log(`  seeded in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);

  const env = benchEnvironment(DATABASE_URL);
  // API_NODE_OPTIONS (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof) go to the API's command line.
  const apiOptions = process.env.API_NODE_OPTIONS;
  const api = await startApi(DATABASE_URL, await freePort(), apiOptions ? { ...env, NODE_OPTIONS: apiOptions } : env);
  try {
    const login = await fetch(`${api.baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@albergue.example', password: PASSWORD }),
    }).then((r) => r.json() as Promise<{ accessToken: string }>);
    const authorization = `Bearer ${login.accessToken}`;

    const match = async ({ truth: _truth, ...query }: NoisyQuery): Promise<string[]> => {
      const params = new URLSearchParams(
        Object.entries({ ...query, limit: 5 }).map(([k, v]) => [k, String(v)]) as [string, string][],
      );
      const get = () => fetch(`${api.baseUrl}/persons/matches?${params}`, { headers: { authorization } });
      // A kept-alive connection the API closed just as it was reused: a GET is safe to send again, once.
      const response = await get()
        .catch(get)
        .catch((error: Error) => {
          const { exitCode, signalCode } = api.process;
          throw new Error(`GET /persons/matches failed (API exit ${exitCode ?? '-'} ${signalCode ?? '-'})`, {
            cause: error.cause ?? error,
          });
        });
      if (!response.ok) throw new Error(`GET /persons/matches answered ${response.status}: ${await response.text()}`);
      const body = (await response.json()) as { items: { person: { id: string } }[] };
      return body.items.map((item) => item.person.id);
    };
    /** The statements MatchingService runs for a query, alone: the floor the API's answer is compared with. */
    const probe = async (query: NoisyQuery) => {
      const given = nameTokens(query.givenNames);
      const family = nameTokens(query.familyNames);
      const typed = spellingsQuery([...given, ...family]);
      const spellings = spellingsOf((await db.query(typed.sql, typed.parameters)).rows);
      const year = query.birthDate ? Number(query.birthDate.slice(0, 4)) : query.birthYear!;
      const { sql, parameters } = matchCandidatesQuery({ given, family, year, sex: query.sex }, spellings);
      await db.query(sql, parameters);
    };
    const measure = async (population: GeneratedPerson[]): Promise<SizeFigures> => {
      const rand = random(2026);
      const apiLatencies: number[] = [];
      const probeLatencies: number[] = [];
      let found = 0;
      // A few queries first, so that neither side pays for a cold cache alone.
      for (let i = 0; i < 20; i += 1) await match(noisyQueryOf(population[i], random(i)));
      for (let i = 0; i < QUERIES; i += 1) {
        const query = noisyQueryOf(population[Math.floor(rand() * population.length)], rand);
        let started = performance.now();
        const ids = await match(query);
        apiLatencies.push(performance.now() - started);
        if (ids.includes(query.truth)) found += 1;
        started = performance.now();
        await probe(query);
        probeLatencies.push(performance.now() - started);
      }
      let suggested = 0;
      for (const query of strangerQueries(QUERIES, 31337, population)) {
        if ((await match(query)).length > 0) suggested += 1;
      }
      return {
        persons: population.length,
        apiP50: percentile(apiLatencies, 50),
        apiP95: percentile(apiLatencies, 95),
        probeP50: percentile(probeLatencies, 50),
        probeP95: percentile(probeLatencies, 95),
        recall: found / QUERIES,
        strangers: suggested / QUERIES,
      };
    };

    log(`Matching over ${tenth.length.toLocaleString('en')} persons ...`);
    const small = await measure(tenth);
    log(`  ${JSON.stringify(small)}`);
    log(`Seeding the other ${(PERSONS - tenth.length).toLocaleString('en')} persons ...`);
    const growStarted = Date.now();
    await copyPersons(db, people.slice(tenth.length));
    log(`  seeded in ${((Date.now() - growStarted) / 1000).toFixed(1)} s`);
    log(`Matching over ${PERSONS.toLocaleString('en')} persons ...`);
    const large = await measure(people);

    const rows: string[][] = [['measure', 'persons', 'API', 'index probe', 'ratio', 'target']];
    for (const size of [small, large]) {
      const persons = size.persons.toLocaleString('en');
      rows.push(
        [
          'matching p50 (ms)',
          persons,
          size.apiP50.toFixed(1),
          size.probeP50.toFixed(1),
          (size.apiP50 / size.probeP50).toFixed(2),
          '',
        ],
        [
          'matching p95 (ms)',
          persons,
          size.apiP95.toFixed(1),
          size.probeP95.toFixed(1),
          (size.apiP95 / size.probeP95).toFixed(2),
          `<= ${P95_TARGET_MS} ${verdict(size.apiP95 <= P95_TARGET_MS)}`,
        ],
        [
          'recall@5',
          persons,
          size.recall.toFixed(3),
          '',
          '',
          `>= ${RECALL_TARGET} ${verdict(size.recall >= RECALL_TARGET)}`,
        ],
        [
          'strangers given a suggestion',
          persons,
          size.strangers.toFixed(3),
          '',
          '',
          `<= ${STRANGERS_TARGET} ${verdict(size.strangers <= STRANGERS_TARGET)}`,
        ],
      );
    }
    rows.push([
      'p95 growth (x10 persons)',
      '',
      (large.apiP95 / small.apiP95).toFixed(2),
      (large.probeP95 / small.probeP95).toFixed(2),
      '',
      '',
    ]);
    log(`\nbench:matching — ${QUERIES} noisy queries and ${QUERIES} strangers per size`);
    const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
    for (const row of rows) log(row.map((cell, column) => cell.padEnd(widths[column])).join('  '));
  } finally {
    await api.stop();
    await db.end();
    await removeRedisKeys(env);
    await dropBenchDatabase(DATABASE_URL);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:matching failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  if (error instanceof Error && error.cause) process.stderr.write(`  cause: ${String(error.cause)}\n`);
  process.exit(1);
});
