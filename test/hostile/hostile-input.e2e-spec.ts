import { writeFileSync } from 'node:fs';

import { routeKey } from '../support/openapi-routes';
import { settledFingerprints } from '../support/table-fingerprints';
import { startTestApp, TestApp } from '../support/test-app';
import { emptyReport, formatReport, HostileReport, Phase } from './hostile-report';
import { routesOf, runHostilePhase } from './hostile-run';
import { HostileWorld, prepareHostileWorld, urlOf } from './hostile-world';

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

/** The `items` of a list answer; undefined for any other answer. */
function itemsOf(body: string): unknown[] | undefined {
  try {
    const parsed = JSON.parse(body) as { items?: unknown };
    return Array.isArray(parsed.items) ? parsed.items : undefined;
  } catch {
    return undefined;
  }
}

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

  it('treats an injection string in every query parameter as data: refused, or nothing extra found', async () => {
    const injections = ["' OR 1=1 --", "' OR '1'='1", '%', '_', '{"$ne": null}', "1' UNION SELECT email FROM users --"];
    const admin = world.sessions.get('admin')!.headers;
    const extra: string[] = [];
    let foundWithoutFilter = 0;
    for (const route of routesOf(world, 'hostile-reads').filter((r) => r.queryParameters.length > 0)) {
      const url = urlOf(world, route);
      const baseline = await world.app.inject({ method: 'GET', url, headers: admin });
      foundWithoutFilter += itemsOf(baseline.body)?.length ?? 0;
      for (const parameter of route.queryParameters) {
        for (const injection of injections) {
          const response = await world.app.inject({
            method: 'GET',
            url: `${url}?${parameter.name}=${encodeURIComponent(injection)}`,
            headers: admin,
          });
          const items = itemsOf(response.body);
          const refused = response.statusCode >= 400 && response.statusCode < 500;
          if (!(refused || (response.statusCode === 200 && (items === undefined || items.length === 0)))) {
            extra.push(
              `${routeKey(route)} ${parameter.name}=${injection}: ${response.statusCode}, ${items?.length} items`,
            );
          }
        }
      }
    }
    // The admin sees records on these routes without a filter, so an injection that widened a
    // filter would show here.
    expect(foundWithoutFilter).toBeGreaterThan(5);
    expect(extra).toEqual([]);
  });

  it(
    'stores or refuses hostile text in plausible bodies, never a 5xx',
    async () => {
      await run('hostile-text', 0.2);
      expect(failuresOf('hostile-text')).toEqual([]);
    },
    phaseTimeout,
  );
});
