import { spawnSync } from 'node:child_process';

import { auditVerdict } from './npm-audit-verdict';

/**
 * `npm run audit:prod`: runs `npm audit --omit=dev --json` and exits 0 only when it reports no
 * high or critical advisory among the production dependencies; 1 when it does; 2 when npm could
 * not audit at all (the registry refused or did not answer), so an unreachable audit is never
 * taken for a clean one.
 */
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = spawnSync(npm, ['audit', '--omit=dev', '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const verdict = auditVerdict(run.stdout ?? '');
(verdict.outcome === 'pass' ? process.stdout : process.stderr).write(`${verdict.message}\n`);
process.exit({ pass: 0, fail: 1, 'no-verdict': 2 }[verdict.outcome]);
