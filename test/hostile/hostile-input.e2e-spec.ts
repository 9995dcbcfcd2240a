import { writeFileSync } from 'node:fs';

import { startTestApp, TestApp } from '../support/test-app';
import { emptyReport, formatReport, HostileReport, Phase } from './hostile-report';
import { routesOf, runHostilePhase } from './hostile-run';
import { HostileWorld, prepareHostileWorld, settledFingerprints } from './hostile-world';

/**
 * Every route of the OpenAPI document under generated hostile input (fast-check): malformed,
 * oversized, wrongly typed and injection-shaped bodies, path parameters and query strings.
 * `npm test` runs a few requests per route; `npm run fuzz` runs this file for minutes
 * (FUZZ_RUNS, FUZZ_SECONDS, FUZZ_SEED) and prints the report.
 */
const runsPerRoute = Number(process.env.FUZZ_RUNS ?? 6);
const secondsInAll = process.env.FUZZ_SECONDS ? Number(process.env.FUZZ_SECONDS) : undefined;
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
const reportFile = process.env.FUZZ_REPORT;
const only = process.env.FUZZ_ROUTES ? new RegExp(process.env.FUZZ_ROUTES) : undefined;

describe('hostile input on every route of the OpenAPI document', () => {
  let testApp: TestApp;
  let world: HostileWorld;
  const report: HostileReport = emptyReport();
  /** Each phase's share of FUZZ_SECONDS, split evenly over its routes. */
  const timePerRoute = (routeCount: number, share: number) =>
    secondsInAll ? Math.max(1000, (secondsInAll * 1000 * share) / routeCount) : undefined;
  const options = (routeCount: number, share: number) => ({
    runsPerRoute: secondsInAll ? Math.max(runsPerRoute, 1_000_000) : runsPerRoute,
    timePerRouteMs: timePerRoute(routeCount, share),
    seed,
    only,
  });

  beforeAll(async () => {
    process.stdout.write(`hostile input: seed ${seed} (replay with FUZZ_SEED=${seed})\n`);
    testApp = await startTestApp();
    world = await prepareHostileWorld(testApp);
  }, 120_000);
  afterAll(async () => {
    if (reportFile) writeFileSync(reportFile, JSON.stringify(report, null, 2));
    // npm run fuzz prints the report from the file; a plain run prints it when something failed.
    else if (secondsInAll || report.failures.length > 0) process.stdout.write(`${formatReport(report)}\n`);
    await world?.db.end();
    await testApp?.close();
  });

  it('finds the write routes and who may call them in the document', () => {
    const writes = routesOf(world, 'malformed-writes');
    expect(writes.length).toBeGreaterThan(15);
    // The guards let at least one role through to each route, else its bodies would never be read.
    for (const route of writes) expect(world.callers.get(`${route.method} ${route.path}`)?.length).toBeGreaterThan(0);
  });

  const phaseTimeout = secondsInAll ? secondsInAll * 1000 + 300_000 : 60_000;
  /** One line per failing route; the full input is in the report printed after the tests. */
  const failuresOf = (phase: Phase) =>
    report.failures
      .filter((failure) => failure.phase === phase)
      .map((failure) => `${failure.route}: ${failure.problem.slice(0, 200)}`);
  const run = (phase: Phase, share: number) =>
    runHostilePhase(world, phase, options(routesOf(world, phase).length, share), report);

  it(
    'refuses malformed writes with 4xx problem+json and writes nothing',
    async () => {
      const before = await settledFingerprints(world.db);
      await run('malformed-writes', 0.5);
      const after = await settledFingerprints(world.db);
      expect(failuresOf('malformed-writes')).toEqual([]);
      expect(after).toEqual(before);
    },
    phaseTimeout,
  );

  it(
    'treats hostile query strings and path parameters of every read as data: never a 5xx',
    async () => {
      await run('hostile-reads', 0.3);
      expect(failuresOf('hostile-reads')).toEqual([]);
    },
    phaseTimeout,
  );

  it(
    'stores or refuses hostile text in plausible bodies, never a 5xx',
    async () => {
      await run('hostile-text', 0.2);
      expect(failuresOf('hostile-text')).toEqual([]);
    },
    phaseTimeout,
  );
});
