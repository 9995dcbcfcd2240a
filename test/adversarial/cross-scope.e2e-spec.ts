import { writeFileSync } from 'node:fs';

import { settledFingerprints } from '../support/table-fingerprints';
import { startTestApp, TestApp } from '../support/test-app';
import { prepareTwoSides, Side } from './adversarial-world';
import { Check, CrossScopeReport, emptyCrossScopeReport, formatCrossScope } from './cross-scope-report';
import { runCrossScope } from './cross-scope-run';

/**
 * Two of everything -- shelters A and B with a coordinator and a worker each, lawyers with their
 * own applications, organizations with their partner and partner user, and their persons, stays,
 * households, referrals, incidents and exports -- and every route of the OpenAPI document asked by
 * every role of side A with side B's ids: in the path, in the query and in every id field of
 * every body (nested lists included), alone and among the caller's own ids. Each must be refused
 * (404 or 422, exactly as for an id of no record; 403 where the role may not call the route),
 * change no row, and answer nothing of side B. `npm run fuzz` (CROSS_SCOPE=long) sends every id
 * of the other side into every slot, in both directions.
 */
const depth = process.env.CROSS_SCOPE === 'long' ? 'long' : 'short';
const only = process.env.FUZZ_ROUTES ? new RegExp(process.env.FUZZ_ROUTES) : undefined;
const reportFile = process.env.CROSS_SCOPE_REPORT;

describe('ids of another shelter, lawyer or partner, on every route of the OpenAPI document', () => {
  let testApp: TestApp;
  let sides: [Side, Side];
  const report: CrossScopeReport = emptyCrossScopeReport();
  const failuresOf = (check: Check) =>
    report.failures.filter((failure) => failure.check === check).map((f) => f.message);

  beforeAll(async () => {
    testApp = await startTestApp();
    sides = await prepareTwoSides(testApp);
  }, 180_000);
  afterAll(async () => {
    if (reportFile) writeFileSync(reportFile, JSON.stringify(report, null, 2));
    else if (report.failures.length > 0) process.stdout.write(`${formatCrossScope(report)}\n`);
    for (const side of sides ?? []) await side.world.db.end();
    await testApp?.close();
  });

  it(
    'sends every id slot of every route, as every role, the other side’s records',
    async () => {
      const db = sides[0].world.db;
      const before = await settledFingerprints(db);
      await runCrossScope(sides, { depth, only }, report);
      const after = await settledFingerprints(db);
      expect(report.requests).toBeGreaterThan(only ? 0 : 100);
      // Each request's own before/after is in the report; this catches a change made later, by a job.
      expect(after).toEqual(before);
    },
    depth === 'long' ? 3_600_000 : 120_000,
  );

  it('finds the id fields of the bodies, including those nested in lists', () => {
    if (only) return; // FUZZ_ROUTES narrowed the run to other routes.
    const covered = Object.values(report.covered).flat();
    for (const slot of ['members[].personId', 'dependentIds[]', 'acts[].victimPersonId', 'shelterId', 'serviceId']) {
      expect(covered.some((entry) => entry.startsWith(`${slot} as`))).toBe(true);
    }
    // A multipart body (POST /documents) too, its ownerId once per ownerType, in the body and in the query.
    for (const type of ['person', 'stay', 'asylum_application', 'incident', 'referral']) {
      expect(covered).toContain(`ownerId (multipart/form-data) (ownerType=${type}) as coordinator`);
      expect(covered).toContain(`query ownerId (ownerType=${type}) as lawyer`);
    }
  });

  it('covers every id field the document declares (a field of an unknown kind fails here)', () => {
    expect(failuresOf('gap')).toEqual([]);
  });

  it('refuses a foreign id with 404 or 422 (403 for a role the route does not serve)', () => {
    expect(failuresOf('status')).toEqual([]);
  });

  it('answers a foreign id exactly as an id of no record, refused for that field', () => {
    expect([...failuresOf('existence'), ...failuresOf('reason')]).toEqual([]);
  });

  it('changes no row', () => {
    expect(failuresOf('changed')).toEqual([]);
  });

  it('reveals no id and no name of the other side', () => {
    expect(failuresOf('leaked')).toEqual([]);
  });
});
