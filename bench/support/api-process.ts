import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import Redis from 'ioredis';

import { NODE_FLAGS } from '../../libs/platform/src/process/node-flags';

export interface ApiProcess {
  baseUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

const key = (): string => randomBytes(32).toString('base64');

/** Configuration shared by the API and worker processes of one benchmark: same secrets, same Redis prefix. */
export function benchEnvironment(databaseUrl: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    RUN_MIGRATIONS: 'false',
    LOG_LEVEL: 'warn',
    REDIS_KEY_PREFIX: `albergue_bench_${randomBytes(3).toString('hex')}`,
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    MATCH_RATE_LIMIT_PER_HOUR: '1000000',
    // The benchmark users sign in with a password alone: two-factor sign-in is measured elsewhere.
    TOTP_REQUIRED_ROLES: '',
    TOKEN_SIGNING_KEY: key(),
    FIELD_ENCRYPTION_KEYS: `bench:${key()}`,
    BLIND_INDEX_KEY: key(),
  };
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
}

/**
 * A benchmark's NODE_OPTIONS for a child (API_NODE_OPTIONS, WORKER_NODE_OPTIONS) go on its command
 * line instead: Node refuses some options in NODE_OPTIONS, --cpu-prof among them.
 */
function commandLineOf(env: Record<string, string>): { args: string[]; env: Record<string, string> } {
  const { NODE_OPTIONS: options, ...rest } = { ...process.env, ...env } as Record<string, string>;
  return { args: (options ?? '').split(/\s+/).filter(Boolean), env: rest };
}

/** Runs the built API (dist/) as production would, against the benchmark database. */
export async function startApi(
  databaseUrl: string,
  port = 3917,
  env: Record<string, string> = benchEnvironment(databaseUrl),
): Promise<ApiProcess> {
  const command = commandLineOf(env);
  const main = join(__dirname, '../../dist/apps/api/src/main.js');
  const child = spawn(process.execPath, [...NODE_FLAGS.api, ...command.args, main], {
    env: { ...command.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}/api/v1`;
  // Up to two minutes: on a loaded machine (other benchmarks, builds) start-up alone took over 30 s.
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const ready = await fetch(`${baseUrl}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { baseUrl, process: child, stop: stopper(child) };
    if (child.exitCode !== null) throw new Error('the API exited during start-up');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stopper(child)();
  throw new Error('the API did not become ready within 2 minutes');
}

export interface WorkerProcess {
  process: ChildProcess;
  /** The most resident memory the process has had so far (VmHWM), in bytes. */
  peakRssBytes(): number;
  stop(): Promise<void>;
}

/** Runs the built worker (dist/) as its own process; resolves once it has started. */
export async function startWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const command = commandLineOf(env);
  const main = join(__dirname, '../../dist/apps/worker/src/main.js');
  const child = spawn(process.execPath, [...NODE_FLAGS.worker, ...command.args, main], {
    env: command.env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (data: Buffer) => {
      if (data.toString().includes('Albergue worker started')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the worker exited during start-up (${code})`)));
  });
  return {
    process: child,
    peakRssBytes: () => memoryOfProcess(child.pid!, 'VmHWM'),
    stop: stopper(child),
  };
}

/** A memory figure of a process from /proc/<pid>/status: VmRSS now, VmHWM its peak so far; in bytes. */
export function memoryOfProcess(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)![1]) * 1024;
}

/** Removes the Redis keys (queues, rate limits) of one benchmark's processes. */
export async function removeRedisKeys(env: Record<string, string>): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${env.REDIS_KEY_PREFIX}:*`, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Percentile of a list of numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
