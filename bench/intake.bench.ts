/**
 * `npm run bench:intake`: POST /intake against the minimal intake transaction (a person with its
 * trigram-indexed name, a stay with a case number from a sequence, an audit row:
 * bench/intake-minimal.pgbench.sql, run by pgbench on the same Postgres in the same run), at
 * CONNECTIONS connections into one shelter and into four, over PERSONS/10 and PERSONS persons
 * already on record, so that growth shows. Prints throughput, p50/p99, errors, the ratio to the
 * baseline and a verdict per target (issue 19: >= 0.25 of the baseline's rate, p99 <= 3x the
 * baseline's, no errors). A second baseline, the same transaction preceded by the matching probe
 * every new person's intake runs (bench/intake-probe.pgbench.sql), shows how much of the
 * distance the probe alone accounts for. Matching's own figures are `npm run bench:matching`.
 *   PERSONS (100000)  DURATION seconds per measure (15)  CONNECTIONS (16)  WARMUP seconds (5)
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as argon2 from 'argon2';
import autocannon from 'autocannon';
import { Client } from 'pg';

import { matchCandidatesQuery, spellingsOf, spellingsQuery, nameTokens } from '@albergue/intake';

import { GeneratedPerson, generatePeople } from '../test/factories/population.factory';
import { freePort } from '../test/support/private-redis';
import { benchEnvironment, percentile, removeRedisKeys, startApi } from './support/api-process';
import { BENCH_DATABASE_URL, copyPersons, dropBenchDatabase, freshBenchDatabase } from './support/bench-database';

const PERSONS = Number(process.env.PERSONS ?? 100_000);
const DURATION = Number(process.env.DURATION ?? 15);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 16);
const WARMUP = Number(process.env.WARMUP ?? 5);
const SHELTERS = 4;
/** New people arriving during the run, named like everyone on record (another seed). */
const ARRIVALS = 200_000;
/** The arrivals pgbench's script with the probe draws from (the first of them). */
const PROBED_ARRIVALS = 20_000;
const PASSWORD = 'benchmark password, not for production';
/** The targets of issue 19. */
const RATE_TARGET = 0.25;
const P99_TARGET = 3;

const log = (line: string) => process.stdout.write(`${line}\n`);
const verdict = (ok: boolean) => (ok ? 'pass' : 'FAIL');
/** The benchmark's shelters have ids the pgbench script can compute from a number. */
const shelterId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

interface Figures {
  rate: number;
  p50: number;
  p99: number;
  errors: number;
  /** Share of the database's busy sessions waiting for a lock (pg_stat_activity, sampled every 50 ms). */
  lockWaits?: number;
}

/** Samples pg_stat_activity while `work` runs: how often a busy session of the database waits for a lock. */
async function withLockWaits<T extends Figures>(db: Client, work: Promise<T>): Promise<T> {
  let busy = 0;
  let waiting = 0;
  let done = false;
  const sampling = (async () => {
    while (!done) {
      const { rows } = await db.query<{ busy: number; waiting: number }>(
        `SELECT count(*) FILTER (WHERE state <> 'idle')::int AS busy,
                count(*) FILTER (WHERE state <> 'idle' AND wait_event_type = 'Lock')::int AS waiting
           FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      busy += rows[0].busy;
      waiting += rows[0].waiting;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  try {
    const figures = await work;
    return { ...figures, lockWaits: busy ? waiting / busy : 0 };
  } finally {
    done = true;
    await sampling;
  }
}

/** A pgbench script of bench/. */
const benchScript = (name: string) => readFileSync(join(__dirname, name), 'utf8');

/**
 * pgbench running the given scripts one after the other as one (the minimal transaction, or the
 * matching probe and then it): transactions per second and latency percentiles from its log.
 */
function pgbench(scripts: string[], shelters: number): Promise<Figures> {
  const url = new URL(BENCH_DATABASE_URL);
  const logs = mkdtempSync(join(tmpdir(), 'albergue-pgbench-'));
  const script = join(logs, 'script.sql');
  writeFileSync(script, scripts.join('\n'));
  const args = [
    '-n',
    '-M',
    'prepared',
    '-h',
    url.hostname,
    '-p',
    url.port || '5432',
    '-U',
    decodeURIComponent(url.username || 'postgres'),
    '-f',
    script,
    '-D',
    `shelters=${shelters}`,
    '-D',
    `arrivals=${PROBED_ARRIVALS}`,
    '-c',
    String(CONNECTIONS),
    '-j',
    '2',
    '-T',
    String(DURATION),
    '-l',
    '--log-prefix',
    join(logs, 'tx'),
    url.pathname.slice(1),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.env.PGBENCH ?? '/usr/bin/pgbench', args, {
      env: { ...process.env, PGPASSWORD: decodeURIComponent(url.password) },
    });
    let output = '';
    child.stdout.on('data', (data: Buffer) => (output += data.toString()));
    child.stderr.on('data', (data: Buffer) => (output += data.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      try {
        // Each log line: client, transaction, latency (us), script, epoch s, us; failed ones say "failed".
        const latencies: number[] = [];
        let failed = 0;
        for (const file of readdirSync(logs).filter((name) => name.startsWith('tx'))) {
          for (const line of readFileSync(join(logs, file), 'utf8').split('\n')) {
            const fields = line.split(' ');
            if (fields.length < 3) continue;
            if (/^\d+$/.test(fields[2])) latencies.push(Number(fields[2]) / 1000);
            else failed += 1;
          }
        }
        const aborted = /number of failed transactions: (\d+)/.exec(output);
        if (code !== 0 || latencies.length === 0) throw new Error(`pgbench failed (${code}):\n${output}`);
        resolve({
          rate: latencies.length / DURATION,
          p50: percentile(latencies, 50),
          p99: percentile(latencies, 99),
          errors: failed + Number(aborted?.[1] ?? 0),
        });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      } finally {
        rmSync(logs, { recursive: true, force: true });
      }
    });
  });
}

async function main() {
  const sizes = [Math.floor(PERSONS / 10), PERSONS];
  log(`Seeding ${sizes[0].toLocaleString('en')} persons with COPY ...`);
  const seedStarted = Date.now();
  await freshBenchDatabase();
  const people = generatePeople(PERSONS, 1);
  const db = new Client({ connectionString: BENCH_DATABASE_URL });
  await db.connect();
  await copyPersons(db, people.slice(0, sizes[0]));
  for (let n = 1; n <= SHELTERS; n += 1) {
    await db.query(
      `INSERT INTO shelters (id, name, code, state, municipality, capacity) VALUES ($1, $2, $3, 'Chiapas', 'Palenque', 200)`,
      [shelterId(n), `Bench ${n}`, `B${String(n).padStart(3, '0')}`],
    );
  }
  const shelterIds = Array.from({ length: SHELTERS }, (_, i) => shelterId(i + 1));
  await db.query(
    `INSERT INTO users (id, email, name, role, password_hash, shelter_ids)
     VALUES ($1, 'desk@albergue.example', 'Desk', 'shelter_worker', $2, $3)`,
    [randomUUID(), await argon2.hash(PASSWORD, { type: argon2.argon2id }), shelterIds],
  );
  await db.query('CREATE SEQUENCE bench_case_numbers');
  log(`  seeded in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);

  // Arrivals are new people, named like everyone on record (another seed), so that each intake's
  // matching probe does the work it does at a real desk.
  const arrivals = generatePeople(ARRIVALS, 7);
  // Each arrival's matching statements as MatchingService runs them (the misspellings of its words,
  // then its candidates); their parameters are the columns s1p1, s2p1, s2p2, ... of bench_arrivals.
  const named = arrivals.slice(0, PROBED_ARRIVALS).map((person) => ({
    person,
    given: nameTokens(person.givenNames),
    family: nameTokens(person.familyNames),
  }));
  const typed = spellingsQuery(named.flatMap(({ given, family }) => [...given, ...family]));
  const spellings = spellingsOf((await db.query(typed.sql, typed.parameters)).rows);
  const probes = named.map(({ person, given, family }) => [
    spellingsQuery([...given, ...family]),
    matchCandidatesQuery(
      {
        given,
        family,
        year: person.birthDate ? Number(person.birthDate.slice(0, 4)) : person.estimatedBirthYear,
        sex: person.sex,
      },
      spellings,
    ),
  ]);
  const columns = probes[0].flatMap((statement, s) => statement.parameters.map((_, p) => `s${s + 1}p${p + 1}`));
  const literal = (value: unknown) => (Array.isArray(value) ? `{${value.join(',')}}` : String(value));
  const rows = probes.map((statements) => statements.flatMap(({ parameters }) => parameters.map(literal)));
  await db.query(
    `CREATE TABLE bench_arrivals AS
       SELECT n::int, ${columns.join(', ')}
         FROM unnest(${columns.map((_, i) => `$${i + 1}::text[]`).join(', ')}) WITH ORDINALITY AS a(${columns.join(', ')}, n)`,
    columns.map((_, i) => rows.map((row) => row[i])),
  );
  await db.query('ALTER TABLE bench_arrivals ADD PRIMARY KEY (n)');
  // intake-probe.pgbench.sql picks an arrival and sets its columns; the statements are MatchingService's own.
  const probeScript =
    benchScript('intake-probe.pgbench.sql') +
    probes[0].map(({ sql }, s) => `${sql.replace(/\$(\d+)/g, `:s${s + 1}p$1`)};\n`).join('');
  let next = 0;
  const arrival = (shelters: number): GeneratedPerson & { shelterId: string } => {
    const person = arrivals[next % arrivals.length];
    next += 1;
    return { ...person, shelterId: shelterIds[next % shelters] };
  };

  const env = benchEnvironment(BENCH_DATABASE_URL);
  // API_NODE_OPTIONS (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof) go to the API's command line.
  const apiOptions = process.env.API_NODE_OPTIONS;
  const api = await startApi(
    BENCH_DATABASE_URL,
    await freePort(),
    apiOptions ? { ...env, NODE_OPTIONS: apiOptions } : env,
  );
  try {
    const login = await fetch(`${api.baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'desk@albergue.example', password: PASSWORD }),
    }).then((r) => r.json() as Promise<{ accessToken: string }>);
    const authorization = `Bearer ${login.accessToken}`;

    /** POST /intake as the web app sends it: one new person, an Idempotency-Key per registration. */
    const throughApi = async (shelters: number, duration: number): Promise<Figures> => {
      const result = await autocannon({
        url: `${api.baseUrl}/intake`,
        connections: CONNECTIONS,
        duration,
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => {
              const {
                shelterId: id,
                givenNames,
                familyNames,
                sex,
                birthDate,
                estimatedBirthYear,
                nationality,
              } = arrival(shelters);
              return {
                ...request,
                headers: {
                  authorization,
                  'content-type': 'application/json',
                  'idempotency-key': randomUUID(),
                },
                body: JSON.stringify({
                  shelterId: id,
                  arrivedAt: '2026-03-14T22:10:00-06:00',
                  members: [
                    {
                      person: {
                        givenNames,
                        familyNames,
                        sex,
                        ...(birthDate ? { birthDate } : { estimatedBirthYear }),
                        nationality,
                      },
                      relationship: 'head',
                    },
                  ],
                  reasonsForLeaving: ['gang_threat'],
                  vulnerabilities: [],
                  previousDeportations: [],
                }),
              };
            },
          },
        ],
      });
      return {
        rate: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        errors: result.errors + result.non2xx + result.timeouts,
      };
    };

    log(`Warming the API up for ${WARMUP} s ...`);
    await throughApi(SHELTERS, WARMUP);
    const rows: string[][] = [['persons', 'shelters', 'measure', 'API', 'minimal tx', 'ratio', 'target']];
    for (const [index, size] of sizes.entries()) {
      if (index > 0) {
        log(`Seeding the other ${(size - sizes[0]).toLocaleString('en')} persons ...`);
        await copyPersons(db, people.slice(sizes[0], size));
      }
      for (const shelters of [1, SHELTERS]) {
        const label = [size.toLocaleString('en'), String(shelters)];
        log(
          `${label[0]} persons, ${shelters} shelter(s): pgbench ${DURATION} s, with the probe ${DURATION} s, then the API ${DURATION} s ...`,
        );
        const base = await withLockWaits(db, pgbench([benchScript('intake-minimal.pgbench.sql')], shelters));
        const probed = await pgbench([probeScript, benchScript('intake-minimal.pgbench.sql')], shelters);
        const api = await withLockWaits(db, throughApi(shelters, DURATION));
        const ratio = api.rate / base.rate;
        rows.push(
          [
            ...label,
            'rate (/s)',
            api.rate.toFixed(0),
            base.rate.toFixed(0),
            ratio.toFixed(2),
            `>= ${RATE_TARGET} ${verdict(ratio >= RATE_TARGET)}`,
          ],
          [
            ...label,
            'rate (/s) against minimal tx + matching probe',
            api.rate.toFixed(0),
            probed.rate.toFixed(0),
            (api.rate / probed.rate).toFixed(2),
            '',
          ],
          [...label, 'p50 (ms)', api.p50.toFixed(1), base.p50.toFixed(1), (api.p50 / base.p50).toFixed(2), ''],
          [
            ...label,
            'p99 (ms)',
            api.p99.toFixed(1),
            base.p99.toFixed(1),
            (api.p99 / base.p99).toFixed(2),
            `<= ${P99_TARGET}x ${verdict(api.p99 <= P99_TARGET * base.p99)}`,
          ],
          [...label, 'errors', String(api.errors), String(base.errors), '', `0 ${verdict(api.errors === 0)}`],
          [
            ...label,
            'lock waits (share of busy sessions)',
            (api.lockWaits ?? 0).toFixed(2),
            (base.lockWaits ?? 0).toFixed(2),
            '',
            '',
          ],
        );
      }
    }
    log(`\nbench:intake — ${CONNECTIONS} connections, ${DURATION} s per measure`);
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
