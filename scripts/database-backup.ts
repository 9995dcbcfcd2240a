import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, resolve } from 'node:path';

import { ensureDatabase } from '@albergue/platform';
import { Client } from 'pg';

/** A backup or restore that cannot go on; its message says why, for an operator, and never holds a secret. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/** What `npm run backup` writes beside the dump (`<dump>.json`): what restore checks the restored database against. */
export interface BackupManifest {
  format: 'albergue-backup/1';
  database: string;
  createdAt: string;
  file: string;
  bytes: number;
  sha256: string;
  /** The migrations table, oldest first: the schema version of the dump. */
  migrations: string[];
  /** Rows per table of the public schema, counted in the very snapshot pg_dump dumped. */
  rowCounts: Record<string, number>;
}

export interface BackupResult {
  file: string;
  manifestFile: string;
  checksumFile: string;
  manifest: BackupManifest;
}

export interface RestoreResult {
  database: string;
  tables: number;
  rows: number;
  migrations: number;
  /** Migrations of this build that the backup predates: they run when the API next starts. */
  pendingMigrations: string[];
  /** Migrations in the backup that this build does not know: the backup comes from a newer version. */
  unknownMigrations: string[];
}

const MANIFEST_FORMAT = 'albergue-backup/1';

/** The three files of one backup: the dump, its manifest and a `sha256sum -c` line. */
export function backupFiles(dump: string): { dump: string; manifest: string; checksum: string } {
  return { dump, manifest: `${dump}.json`, checksum: `${dump}.sha256` };
}

function databaseName(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
}

/**
 * The connection for pg_dump and pg_restore: the URL without its password, which goes in
 * PGPASSWORD instead, so that `ps` never shows it.
 */
function clientConnection(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return { dbname: url.toString(), env: password ? { ...process.env, PGPASSWORD: password } : { ...process.env } };
}

function timestampOf(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

async function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new BackupError(`${command} not found: install the PostgreSQL client tools (the server's version or newer)`)
          : error,
      ),
    );
    child.once('close', (code) => {
      if (code === 0) resolvePromise(stdout);
      else
        reject(new BackupError(`${command} failed (exit ${code}): ${stderr.trim().split('\n').slice(-5).join(' | ')}`));
    });
  });
}

export async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;

async function readMigrations(client: Client): Promise<string[]> {
  const table = await client.query<{ found: string | null }>("SELECT to_regclass('public.migrations') AS found");
  if (!table.rows[0].found) {
    throw new BackupError('no migrations table: this is not an Albergue database (or it was never migrated)');
  }
  const { rows } = await client.query<{ name: string }>('SELECT name FROM migrations ORDER BY id');
  return rows.map((row) => row.name);
}

async function countRows(client: Client): Promise<Record<string, number>> {
  const { rows: tables } = await client.query<{ tablename: string }>(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
  );
  const counts: Record<string, number> = {};
  for (const { tablename } of tables) {
    const { rows } = await client.query<{ count: string }>(
      `SELECT count(*) AS count FROM public.${quoteIdentifier(tablename)}`,
    );
    counts[tablename] = Number(rows[0].count);
  }
  return counts;
}

/** Where the dump goes: `out` itself when it names a `.dump` file, else a timestamped file in that directory. */
function dumpPathFor(out: string, database: string, now: Date): string {
  if (out.endsWith('.dump')) return resolve(out);
  return resolve(out, `${database}-${timestampOf(now)}.dump`);
}

/**
 * Dumps the database (pg_dump, custom format) into a new file, never over an existing one, with
 * a manifest (schema version, row counts, SHA-256) and a checksum file. The counts are taken in
 * the snapshot that pg_dump dumps (pg_export_snapshot), so they match the dump exactly while the
 * API keeps writing.
 */
export async function backupDatabase(options: { databaseUrl: string; out: string; now?: Date }): Promise<BackupResult> {
  const database = databaseName(options.databaseUrl);
  const files = backupFiles(dumpPathFor(options.out, database, options.now ?? new Date()));
  for (const file of Object.values(files)) {
    if (existsSync(file)) throw new BackupError(`${file} already exists: a backup never overwrites another`);
  }
  mkdirSync(dirname(files.dump), { recursive: true, mode: 0o700 });
  const partial = `${files.dump}.partial-${process.pid}`;

  const client = new Client({ connectionString: options.databaseUrl });
  try {
    await client.connect();
  } catch (error) {
    throw new BackupError(`cannot connect to database ${database}: ${(error as Error).message}`);
  }
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshot = (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0].id;
    const migrations = await readMigrations(client);
    const rowCounts = await countRows(client);
    // The dump holds the names of the people recorded in clear: only its owner may read it.
    writeFileSync(partial, '', { flag: 'wx', mode: 0o600 });
    const connection = clientConnection(options.databaseUrl);
    await run(
      'pg_dump',
      [
        '--format=custom',
        '--no-password',
        `--snapshot=${snapshot}`,
        `--file=${partial}`,
        `--dbname=${connection.dbname}`,
      ],
      connection.env,
    );
    await client.query('COMMIT');
    const sha256 = await sha256Of(partial);
    // link() fails when the name exists: a backup that raced another one to the name loses, and says so.
    try {
      linkSync(partial, files.dump);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new BackupError(`${files.dump} already exists: a backup never overwrites another`);
      }
      throw error;
    }
    const manifest: BackupManifest = {
      format: MANIFEST_FORMAT,
      database,
      createdAt: (options.now ?? new Date()).toISOString(),
      file: basename(files.dump),
      bytes: statSync(files.dump).size,
      sha256,
      migrations,
      rowCounts,
    };
    writeFileSync(files.manifest, `${JSON.stringify(manifest, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
    writeFileSync(files.checksum, `${sha256}  ${basename(files.dump)}\n`, { flag: 'wx', mode: 0o600 });
    return { file: files.dump, manifestFile: files.manifest, checksumFile: files.checksum, manifest };
  } finally {
    if (existsSync(partial)) unlinkSync(partial);
    await client.end();
  }
}

function readManifest(dump: string): BackupManifest {
  const { manifest: file } = backupFiles(dump);
  if (!existsSync(file)) {
    throw new BackupError(`${file} is missing: restore needs the manifest that npm run backup writes beside the dump`);
  }
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8')) as BackupManifest;
  } catch {
    throw new BackupError(`${file} is not valid JSON`);
  }
  if (manifest.format !== MANIFEST_FORMAT || typeof manifest.sha256 !== 'string' || !manifest.rowCounts) {
    throw new BackupError(`${file} is not a manifest of npm run backup (${MANIFEST_FORMAT})`);
  }
  return manifest;
}

/** Drops everything in the public schema (the dump recreates it all, extensions included). */
async function emptyPublicSchema(client: Client): Promise<void> {
  await client.query('DROP SCHEMA public CASCADE');
  await client.query('CREATE SCHEMA public');
}

/**
 * Restores a dump of `npm run backup` into the database of `databaseUrl` (created when missing):
 * checks the dump against its manifest's SHA-256 first, refuses a database that already has
 * tables unless `clean` (which drops the public schema first), restores in one transaction, then
 * checks the migrations and the row count of every table against the manifest.
 */
export async function restoreDatabase(options: {
  databaseUrl: string;
  file: string;
  clean?: boolean;
  knownMigrations?: string[];
}): Promise<RestoreResult> {
  const dump = resolve(options.file);
  if (!existsSync(dump)) throw new BackupError(`${dump} does not exist`);
  const manifest = readManifest(dump);
  const sha256 = await sha256Of(dump);
  if (sha256 !== manifest.sha256) {
    throw new BackupError(
      `${dump} does not match its manifest's SHA-256: the file is damaged or not the one backed up`,
    );
  }
  const database = databaseName(options.databaseUrl);
  try {
    await ensureDatabase(options.databaseUrl);
  } catch (error) {
    throw new BackupError(`cannot reach or create database ${database}: ${(error as Error).message}`);
  }
  const client = new Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>(
      "SELECT count(*) AS count FROM pg_tables WHERE schemaname = 'public'",
    );
    const tables = Number(rows[0].count);
    if (tables > 0 && !options.clean) {
      throw new BackupError(
        `database ${database} is not empty (${tables} tables): restore into an empty database, or pass --clean ` +
          'to drop everything in it first (stop the API and workers before)',
      );
    }
    if (tables > 0) await emptyPublicSchema(client);
    const connection = clientConnection(options.databaseUrl);
    await run(
      'pg_restore',
      [
        '--no-password',
        '--no-owner',
        '--no-privileges',
        '--exit-on-error',
        '--single-transaction',
        `--dbname=${connection.dbname}`,
        dump,
      ],
      connection.env,
    );

    const migrations = await readMigrations(client);
    if (JSON.stringify(migrations) !== JSON.stringify(manifest.migrations)) {
      throw new BackupError(`the restored migrations table does not match the manifest of ${basename(dump)}`);
    }
    const counts = await countRows(client);
    const mismatched = [...new Set([...Object.keys(counts), ...Object.keys(manifest.rowCounts)])]
      .filter((table) => counts[table] !== manifest.rowCounts[table])
      .sort();
    if (mismatched.length > 0) {
      throw new BackupError(`restored row counts differ from the manifest in: ${mismatched.join(', ')}`);
    }
    const known = options.knownMigrations ?? [];
    return {
      database,
      tables: Object.keys(counts).length,
      rows: Object.values(counts).reduce((sum, count) => sum + count, 0),
      migrations: migrations.length,
      pendingMigrations: known.filter((name) => !migrations.includes(name)),
      unknownMigrations: options.knownMigrations ? migrations.filter((name) => !known.includes(name)) : [],
    };
  } finally {
    await client.end();
  }
}

/** Where `npm run backup` writes without --out (git-ignored). */
export const DEFAULT_BACKUP_DIRECTORY = 'backups';
