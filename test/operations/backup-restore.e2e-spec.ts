import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

import { UserView } from '@albergue/access';
import { migrations } from '@albergue/migrations';
import { Client } from 'pg';

import { BackupError, backupDatabase, backupFiles, restoreDatabase } from '../../scripts/database-backup';
import { createIncident, incidentPayload, NARRATIVE } from '../factories/incident.factory';
import { createShelter, familyOfFour, postIntake } from '../factories/intake.factory';
import { logIn, loggedInUser } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { databaseUrl, testRunId } from '../support/test-run';
import { environmentOf } from '../support/worker-process';

const ROOT = join(__dirname, '../..');
const NOTES = 'Le dieron seis horas para irse de la colonia.';
const key = (): string => randomBytes(32).toString('base64');
const restoredDatabaseUrl = (): string =>
  databaseUrl(`albergue_test_${testRunId()}_restored_${randomBytes(4).toString('hex')}`);

/** The secrets of a test app as environment variables: what `.env` holds beside a backup. */
function keysOf(testApp: TestApp): Record<string, string> {
  const { TOKEN_SIGNING_KEY, FIELD_ENCRYPTION_KEYS, BLIND_INDEX_KEY } = environmentOf(testApp.config);
  return { TOKEN_SIGNING_KEY, FIELD_ENCRYPTION_KEYS, BLIND_INDEX_KEY };
}

describe('backup and restore', () => {
  let original: TestApp;
  let directory: string;
  let dump: string;
  let adminUser: UserView;
  let personId: string;
  let stayId: string;
  let incidentId: string;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'albergue-backup-'));
    original = await startTestApp();
    const admin = await loggedInUser(original.app, { role: 'admin' });
    adminUser = admin.user;
    const shelter = await createShelter(original.app, admin);
    const intake = (await postIntake(original.app, admin, familyOfFour(shelter.id))).json();
    personId = intake.stays[0].personId;
    stayId = intake.stays[0].id;
    incidentId = await createIncident(
      original.app,
      admin,
      incidentPayload(shelter.id, {
        acts: [{ type: 'extortion', victimPersonId: personId, perpetrators: [{ type: 'inm_agent' }] }],
      }),
    );
  });
  afterAll(async () => {
    await original.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('writes a timestamped dump with its manifest and checksum, counted in the dumped snapshot', async () => {
    const result = await backupDatabase({
      databaseUrl: original.config.databaseUrl,
      out: directory,
      now: new Date('2026-03-14T22:10:05.123Z'),
    });
    dump = result.file;
    expect(dump).toMatch(/albergue_test_\w+-20260314T221005Z\.dump$/);
    expect(statSync(dump).mode & 0o077).toBe(0);
    expect(readFileSync(result.checksumFile, 'utf8')).toMatch(/^[0-9a-f]{64} {2}albergue_test_[\w-]+\.dump\n$/);
    // The checksum file is what `sha256sum -c` reads, for a machine without Node.
    await expect(
      promisify(execFile)('sha256sum', ['-c', basename(result.checksumFile)], { cwd: directory }),
    ).resolves.toMatchObject({ stdout: expect.stringContaining(': OK') });
    const manifest = JSON.parse(readFileSync(result.manifestFile, 'utf8'));
    expect(manifest).toMatchObject({ format: 'albergue-backup/1', sha256: result.manifest.sha256 });
    expect(manifest.migrations).toEqual(migrations.map((migration) => migration.name));
    expect(manifest.rowCounts).toMatchObject({ persons: 4, stays: 4, incidents: 1, users: 1 });
  });

  it('refuses to overwrite a backup', async () => {
    await expect(backupDatabase({ databaseUrl: original.config.databaseUrl, out: dump })).rejects.toThrow(
      /already exists: a backup never overwrites another/,
    );
  });

  it('restores into a fresh database that the API, with the same keys, reads back decrypted', async () => {
    const target = restoredDatabaseUrl();
    const result = await restoreDatabase({
      databaseUrl: target,
      file: dump,
      knownMigrations: migrations.map((migration) => migration.name),
    });
    expect(result).toMatchObject({ migrations: migrations.length, pendingMigrations: [], unknownMigrations: [] });

    const restored = await startTestApp({ databaseUrl: target, env: keysOf(original) });
    try {
      const admin = await logIn(restored.app, adminUser);
      const get = async (url: string) => {
        const response = await restored.app.inject({ method: 'GET', url, headers: admin.headers });
        expect(response.statusCode).toBe(200);
        return response.json();
      };
      expect(await get(`/api/v1/persons/${personId}`)).toMatchObject({
        givenNames: 'Carlos Ernesto',
        phone: '+50370123456',
      });
      expect((await get(`/api/v1/stays/${stayId}`)).notes).toBe(NOTES);
      expect((await get(`/api/v1/incidents/${incidentId}`)).narrative).toBe(NARRATIVE);
      // The blind index finds the phone only under the same BLIND_INDEX_KEY.
      expect((await get('/api/v1/persons?phone=%2B503%207012%203456')).items.map((p: { id: string }) => p.id)).toEqual([
        personId,
      ]);
    } finally {
      await restored.close();
    }
  });

  it('gives nothing of the encrypted fields to an API started with other keys', async () => {
    const target = restoredDatabaseUrl();
    await restoreDatabase({ databaseUrl: target, file: dump });
    const same = keysOf(original);
    // The same key id with other bytes: what a restore with a lost or regenerated .env looks like.
    const stranger = await startTestApp({
      databaseUrl: target,
      env: { ...same, FIELD_ENCRYPTION_KEYS: `test1:${key()}`, BLIND_INDEX_KEY: key() },
    });
    try {
      const admin = await logIn(stranger.app, adminUser);
      for (const url of [`/api/v1/persons/${personId}`, `/api/v1/stays/${stayId}`, `/api/v1/incidents/${incidentId}`]) {
        const response = await stranger.app.inject({ method: 'GET', url, headers: admin.headers });
        expect(response.statusCode).toBe(409);
        expect(response.json().type).toBe('urn:albergue:problem:encrypted_field_unreadable');
        expect(response.body).not.toContain('50370123456');
        expect(response.body).not.toContain(NOTES);
        expect(response.body).not.toContain(NARRATIVE);
      }
      const byPhone = await stranger.app.inject({
        method: 'GET',
        url: '/api/v1/persons?phone=%2B503%207012%203456',
        headers: admin.headers,
      });
      expect(byPhone.json().items).toEqual([]);
    } finally {
      await stranger.close();
    }
  });

  it('refuses a database that has tables, unless told to clean it', async () => {
    const target = restoredDatabaseUrl();
    await restoreDatabase({ databaseUrl: target, file: dump });
    await expect(restoreDatabase({ databaseUrl: target, file: dump })).rejects.toThrow(
      /is not empty \(\d+ tables\): restore into an empty database, or pass --clean/,
    );
    const db = new Client({ connectionString: target });
    await db.connect();
    try {
      await db.query("UPDATE shelters SET name = 'cambiado después del respaldo'");
      await expect(restoreDatabase({ databaseUrl: target, file: dump, clean: true })).resolves.toMatchObject({
        migrations: migrations.length,
      });
      expect((await db.query('SELECT name FROM shelters')).rows).toEqual([{ name: 'Albergue de prueba' }]);
    } finally {
      await db.end();
    }
  });

  it('refuses a dump that does not match its checksum, and restores nothing of it', async () => {
    const damaged = join(directory, 'damaged.dump');
    copyFileSync(dump, damaged);
    copyFileSync(backupFiles(dump).manifest, backupFiles(damaged).manifest);
    const bytes = readFileSync(damaged);
    bytes[bytes.length - 10] ^= 0xff;
    writeFileSync(damaged, bytes);
    const target = restoredDatabaseUrl();
    await expect(restoreDatabase({ databaseUrl: target, file: damaged })).rejects.toThrow(
      /does not match its manifest's SHA-256/,
    );
    await expect(restoreDatabase({ databaseUrl: target, file: join(directory, 'nothing.dump') })).rejects.toThrow(
      BackupError,
    );
  });

  it('exits non-zero with one line saying why, from the command line', async () => {
    const run = promisify(execFile);
    const tsx = join(ROOT, 'node_modules/tsx/dist/cli.mjs');
    const env = { PATH: process.env.PATH ?? '', DATABASE_URL: restoredDatabaseUrl(), ENV_FILE: '/nonexistent/.env' };
    const usage = run(process.execPath, [tsx, 'scripts/restore.ts'], { cwd: ROOT, env });
    await expect(usage).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/^usage: npm run restore/) });
    const refused = run(process.execPath, [tsx, 'scripts/backup.ts', '--out', dump], {
      cwd: ROOT,
      env: { ...env, DATABASE_URL: original.config.databaseUrl },
    });
    await expect(refused).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^backup failed: .*already exists: a backup never overwrites another\n$/),
    });
  });
});
