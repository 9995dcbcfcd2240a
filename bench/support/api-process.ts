import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

export interface ApiProcess {
  baseUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

const key = (): string => randomBytes(32).toString('base64');

/** Runs the built API (dist/) as production would, against the benchmark database. */
export async function startApi(databaseUrl: string, port = 3917): Promise<ApiProcess> {
  const child = spawn(process.execPath, [join(__dirname, '../../dist/apps/api/src/main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      RUN_MIGRATIONS: 'false',
      LOG_LEVEL: 'warn',
      REDIS_KEY_PREFIX: `albergue_bench_${randomBytes(3).toString('hex')}`,
      LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
      TOKEN_SIGNING_KEY: key(),
      FIELD_ENCRYPTION_KEYS: `bench:${key()}`,
      BLIND_INDEX_KEY: key(),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}/api/v1`;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const ready = await fetch(`${baseUrl}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (child.exitCode !== null) throw new Error('the API exited during start-up');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    baseUrl,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Percentile of a list of numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
