import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

import { migrations } from '@albergue/migrations';
import { loadConfigOrExit, NODE_FLAGS, prepareDatabase } from '@albergue/platform';

/**
 * `npm start`: migrates once, then runs the API and the worker side by side and stops both
 * when either exits or on SIGINT/SIGTERM. In production run each on its own (`start:api`,
 * `start:worker`) and scale them separately.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  await prepareDatabase(config, migrations, (line) => process.stdout.write(`${line}\n`));
  const dist = join(__dirname, '..');
  const commands = [
    [...NODE_FLAGS.api, join(dist, 'apps/api/src/main.js')],
    [...NODE_FLAGS.worker, join(dist, 'apps/worker/src/main.js')],
  ];
  const children: ChildProcess[] = commands.map((args) =>
    spawn(process.execPath, args, { stdio: 'inherit', env: { ...process.env, RUN_MIGRATIONS: 'false' } }),
  );
  let stopping = false;
  const stop = (code: number): void => {
    if (stopping) return;
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    process.exitCode = code;
  };
  for (const child of children) child.on('exit', (code) => stop(code ?? 1));
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
}

main().catch((error: unknown) => {
  process.stderr.write(`Albergue failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
