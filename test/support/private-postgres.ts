import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { migrations } from '@albergue/migrations';
import { runMigrations } from '@albergue/platform';
import { Client } from 'pg';

import { freePort } from './private-redis';

const BIN = process.env.POSTGRES_BIN_DIR ?? '/usr/lib/postgresql/15/bin';
const OS_USER = 'postgres';

/** How the postmaster is told to stop: its signals for a smart, fast and immediate shutdown. */
const SHUTDOWN_SIGNALS = { smart: 'SIGTERM', fast: 'SIGINT', immediate: 'SIGQUIT' } as const;
export type ShutdownMode = keyof typeof SHUTDOWN_SIGNALS;

const DIRECTORY_PREFIX = 'albergue-pg-';
const STALE_AFTER_MS = 15 * 60 * 1000;

const running = new Set<PrivatePostgres>();
// A test file that dies before its afterAll must not leave a server or its files behind.
process.once('exit', () => {
  for (const server of running) server.destroySync();
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the directories of clusters whose test process was killed (no exit hook ran): the
 * parent-death signal stopped their server, and nothing else will ever delete their files.
 */
function removeStaleClusters(): void {
  for (const name of readdirSync(tmpdir()).filter((entry) => entry.startsWith(DIRECTORY_PREFIX))) {
    const directory = join(tmpdir(), name);
    try {
      if (Date.now() - statSync(directory).mtimeMs < STALE_AFTER_MS) continue;
      const pidFile = join(directory, 'data/postmaster.pid');
      const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : 0;
      if (!pid || !isAlive(pid)) rmSync(directory, { recursive: true, force: true });
    } catch {
      // Another test file removed it first.
    }
  }
}

/**
 * initdb refuses to run as root; as root, run the binaries as the `postgres` OS user. setpriv execs
 * the program itself (no shell or su in between), so the pid we hold is the postmaster's, and its
 * parent-death signal stops the server if the test process is killed.
 */
function asServerUser(program: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [join(BIN, program), args];
  return [
    'setpriv',
    [
      `--reuid=${OS_USER}`,
      `--regid=${OS_USER}`,
      '--init-groups',
      '--pdeathsig=SIGQUIT',
      '--',
      join(BIN, program),
      ...args,
    ],
  ];
}

/**
 * A throwaway PostgreSQL 15 cluster of the test's own (initdb into a temporary directory, a free
 * port, trust authentication), so a test can stop and restart Postgres without touching the server
 * every other test file shares. fsync is off (the operating system keeps what a killed server
 * wrote), but synchronous_commit stays on: a commit acknowledged before an immediate shutdown
 * must still be there after it, as on a real server.
 */
export class PrivatePostgres {
  private process?: ChildProcess;
  private exited?: Promise<void>;
  private log = '';

  private constructor(
    readonly port: number,
    readonly directory: string,
  ) {}

  get dataDirectory(): string {
    return join(this.directory, 'data');
  }

  /** A connection URL to one of its databases, as the superuser `postgres`. */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** Creates the cluster (initdb) and starts it. */
  static async create(): Promise<PrivatePostgres> {
    removeStaleClusters();
    const directory = mkdtempSync(join(tmpdir(), DIRECTORY_PREFIX));
    const server = new PrivatePostgres(await freePort(), directory);
    running.add(server);
    try {
      if (process.getuid?.() === 0) {
        const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, OS_USER]).toString().trim()));
        chownSync(directory, uid, gid);
      }
      const [program, args] = asServerUser('initdb', [
        '--pgdata',
        server.dataDirectory,
        '--username',
        'postgres',
        '--auth',
        'trust',
        '--encoding',
        'UTF8',
        '--locale',
        'C.UTF-8',
        '--no-sync',
      ]);
      execFileSync(program, args, { stdio: 'pipe' });
      await server.start();
      return server;
    } catch (error) {
      await server.destroy();
      throw error;
    }
  }

  /** Starts the postmaster and resolves once it accepts queries. */
  async start(timeoutMs = 30000): Promise<void> {
    if (this.process && this.process.exitCode === null && this.process.signalCode === null) return;
    const [program, args] = asServerUser('postgres', [
      '-D',
      this.dataDirectory,
      '-p',
      String(this.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${this.directory}`,
      '-c',
      'fsync=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=50',
    ]);
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.process = child;
    this.log = '';
    const keep = (data: Buffer): void => {
      this.log = (this.log + data.toString()).slice(-4000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + timeoutMs;
    while (!(await this.answers())) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`private postgres exited during start-up: ${this.log}`);
      }
      if (Date.now() > deadline) throw new Error(`private postgres did not start in ${timeoutMs} ms: ${this.log}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Stops the postmaster (an immediate shutdown drops every connection at once, as a crash would). */
  async stop(mode: ShutdownMode = 'fast'): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill(SHUTDOWN_SIGNALS[mode]);
    await this.exited;
  }

  /** Stop, optionally stay down for `downForMs`, start again on the same port and data. */
  async restart(options: { mode?: ShutdownMode; downForMs?: number } = {}): Promise<void> {
    await this.stop(options.mode ?? 'immediate');
    if (options.downForMs) await new Promise((resolve) => setTimeout(resolve, options.downForMs));
    await this.start();
  }

  /** Creates a database and applies every migration to it; answers its URL. */
  async createMigratedDatabase(name: string): Promise<string> {
    const admin = new Client({ connectionString: this.url() });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    } finally {
      await admin.end();
    }
    await runMigrations(this.url(name), migrations);
    return this.url(name);
  }

  /** Stops the server and removes its files. */
  async destroy(): Promise<void> {
    try {
      await this.stop('immediate');
    } finally {
      this.removeFiles();
    }
  }

  /** For the exit hook, where nothing can be awaited. */
  destroySync(): void {
    const child = this.process;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    this.removeFiles();
  }

  private removeFiles(): void {
    running.delete(this);
    if (existsSync(this.directory)) rmSync(this.directory, { recursive: true, force: true });
  }

  private async answers(): Promise<boolean> {
    const client = new Client({ connectionString: this.url(), connectionTimeoutMillis: 1000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
