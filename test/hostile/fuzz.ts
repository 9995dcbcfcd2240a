/**
 * `npm run fuzz`: the hostile-input suite for minutes instead of seconds. Runs its spec under
 * Jest (which compiles the Nest app with decorator metadata, as in `npm test`) with
 * FUZZ_SECONDS (default 300) split over the routes, then prints the report: requests in all and
 * per route, statuses, and each failing input with the seed that replays it (FUZZ_SEED=...).
 * Exits non-zero when anything failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { formatReport, HostileReport } from './hostile-report';

const root = resolve(__dirname, '../..');
const directory = mkdtempSync(join(tmpdir(), 'albergue-fuzz-'));
const reportFile = join(directory, 'report.json');
const seconds = process.env.FUZZ_SECONDS ?? '300';
process.stdout.write(`fuzzing every route of the OpenAPI document for about ${seconds} s...\n`);
const started = Date.now();
const jest = spawnSync(
  process.execPath,
  [
    '--experimental-vm-modules',
    '--disable-warning=ExperimentalWarning',
    join(root, 'node_modules/jest/bin/jest.js'),
    'test/hostile/hostile-input.e2e-spec.ts',
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, FUZZ_SECONDS: seconds, FUZZ_REPORT: reportFile } },
);
if (!existsSync(reportFile)) {
  process.stderr.write('the fuzz run wrote no report: see the Jest output above\n');
  process.exit(1);
}
const report = JSON.parse(readFileSync(reportFile, 'utf8')) as HostileReport;
rmSync(directory, { recursive: true, force: true });
process.stdout.write(
  `\n${formatReport(report)}\n(wall clock ${((Date.now() - started) / 1000).toFixed(0)} s, start-up included)\n`,
);
process.exit(report.failures.length > 0 || jest.status !== 0 ? 1 : 0);
