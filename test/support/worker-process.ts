import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';

import { AppConfig } from '@albergue/platform';

import { NODE_FLAGS } from '../../libs/platform/src/process/node-flags';

const ROOT = join(__dirname, '../..');

/** Compiles the API and the worker into dist/ as `npm run build` does, for tests that run them as processes. */
export function buildDist(): void {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/@nestjs/cli/bin/nest.js'), 'build', 'api'], {
    cwd: ROOT,
    stdio: 'pipe',
  });
}

/** The environment that gives a process the same configuration as `config`, and no .env file. */
export function environmentOf(config: AppConfig): Record<string, string> {
  return {
    NODE_ENV: config.nodeEnv,
    DATABASE_URL: config.databaseUrl,
    REDIS_URL: config.redisUrl,
    REDIS_KEY_PREFIX: config.redisKeyPrefix,
    RUN_MIGRATIONS: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PUBLIC_API_URL: config.exports.publicApiUrl,
    TOKEN_SIGNING_KEY: config.secrets.tokenSigningKey.toString('base64'),
    FIELD_ENCRYPTION_KEYS: config.secrets.fieldEncryptionKeys
      .map(({ id, key }) => `${id}:${key.toString('base64')}`)
      .join(','),
    BLIND_INDEX_KEY: config.secrets.blindIndexKey.toString('base64'),
    TOTP_REQUIRED_ROLES: config.access.totpRequiredRoles.join(','),
    ENV_FILE: join(ROOT, 'test/support/no-such.env'),
  };
}

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves with the signal or exit code once the process is gone. */
  exited: Promise<NodeJS.Signals | number | null>;
}

/** Starts the built worker (dist/apps/worker/src/main.js) as its own OS process; resolves once it has started. */
export async function startWorkerProcess(config: AppConfig): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [...NODE_FLAGS.worker, join(ROOT, 'dist/apps/worker/src/main.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...environmentOf(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start: ${output}`)), 30000);
    const read = (data: Buffer): void => {
      output += data.toString();
      if (output.includes('Albergue worker started')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${how}) during start-up: ${output}`));
    });
  });
  return { child, exited };
}
