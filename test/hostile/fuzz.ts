/**
 * `npm run fuzz`: the hostile-input and cross-scope suites for minutes instead of seconds. Runs
 * each spec under Jest (which compiles the Nest app with decorator metadata, as in `npm test`):
 * the hostile-input one with FUZZ_SECONDS (default 300) split over the routes, the cross-scope
 * one in its long form (every id of the other side in every id slot, alone, among the caller's
 * own ids and among the other side's, in both directions), and the consent suite in its long form
 * (every dataset in every format, decrypted); then prints both reports: requests,
 * statuses, and each failure (hostile input with the seed that replays it, FUZZ_SEED=...).
 * FUZZ_ROUTES (a regular expression on `METHOD /path`) narrows both. Exits non-zero when anything failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { CrossScopeReport, formatCrossScope } from '../adversarial/cross-scope-report';
import { formatReport, HostileReport } from './hostile-report';

const root = resolve(__dirname, '../..');
const directory = mkdtempSync(join(tmpdir(), 'albergue-fuzz-'));
const seconds = process.env.FUZZ_SECONDS ?? '300';

let jestFailed = false;

/** Runs one spec under Jest with the given environment; false when it failed. */
function runJest(spec: string, env: Record<string, string>): boolean {
  const jest = spawnSync(
    process.execPath,
    [
      '--experimental-vm-modules',
      '--disable-warning=ExperimentalWarning',
      join(root, 'node_modules/jest/bin/jest.js'),
      spec,
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } },
  );
  return jest.status === 0;
}

/** Runs one spec under Jest with the given environment; its report (JSON), or undefined when it wrote none. */
function runSpec<T>(spec: string, env: Record<string, string>, reportVariable: string): T | undefined {
  const reportFile = join(directory, `${reportVariable}.json`);
  jestFailed ||= !runJest(spec, { ...env, [reportVariable]: reportFile });
  if (!existsSync(reportFile)) {
    process.stderr.write(`${spec} wrote no report: see the Jest output above\n`);
    return undefined;
  }
  return JSON.parse(readFileSync(reportFile, 'utf8')) as T;
}

const started = Date.now();
process.stdout.write(`fuzzing every route of the OpenAPI document for about ${seconds} s...\n`);
const hostile = runSpec<HostileReport>(
  'test/hostile/hostile-input.e2e-spec.ts',
  { FUZZ_SECONDS: seconds },
  'FUZZ_REPORT',
);
process.stdout.write('sending every route the other side’s ids (cross-scope, long form)...\n');
const crossScope = runSpec<CrossScopeReport>(
  'test/adversarial/cross-scope.e2e-spec.ts',
  { CROSS_SCOPE: 'long' },
  'CROSS_SCOPE_REPORT',
);
process.stdout.write('every consent state against every dataset and format, files decrypted (consent, long form)...\n');
jestFailed ||= !runJest('test/exports/consent-exports.e2e-spec.ts', { CONSENT_SUITE: 'long' });
rmSync(directory, { recursive: true, force: true });
if (hostile) process.stdout.write(`\n${formatReport(hostile)}\n`);
if (crossScope) process.stdout.write(`\n${formatCrossScope(crossScope)}\n`);
process.stdout.write(`(wall clock ${((Date.now() - started) / 1000).toFixed(0)} s, start-up included)\n`);
const failed = jestFailed || !hostile || !crossScope || hostile.failures.length > 0 || crossScope.failures.length > 0;
process.exit(failed ? 1 : 0);
