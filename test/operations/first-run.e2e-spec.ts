import { ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { createTestDatabase, testConfig } from '../support/test-app';
import { freePort } from '../support/private-redis';
import { environmentOf } from '../support/worker-process';

const ROOT = join(__dirname, '../..');
const run = promisify(execFile);

/**
 * The README's first run: `npm start`, then `npm run admin:create` and `npm run seed:demo` in
 * another terminal. None of those commands may take the build from under the running server:
 * the web app must still answer at `/`, and the API, without a restart.
 */
describe('a first run as the README tells it', () => {
  let server: ChildProcess | undefined;
  let output = '';
  let env: Record<string, string>;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const config = testConfig(await createTestDatabase());
    env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      ...environmentOf(config),
      // The defaults a newcomer gets, in development as `npm start` runs by default.
      NODE_ENV: 'development',
      TOTP_REQUIRED_ROLES: 'admin,coordinator,lawyer',
      PORT: String(port),
      HOST: '127.0.0.1',
    };
    server = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout!.on('data', (data: Buffer) => (output += data.toString()));
    server.stderr!.on('data', (data: Buffer) => (output += data.toString()));
    const deadline = Date.now() + 240_000;
    for (;;) {
      const ready = await fetch(`${base}/`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) break;
      if (Date.now() > deadline || server.exitCode !== null) throw new Error(`npm start did not serve /:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }, 300_000);

  afterAll(() => {
    // npm start runs npm, then start-all, then the API and the worker: end the whole group it leads.
    if (server?.pid && server.exitCode === null) process.kill(-server.pid, 'SIGTERM');
  });

  const npmRun = (...args: string[]) => run('npm', ['run', '--silent', ...args], { cwd: ROOT, env, timeout: 180_000 });

  it('keeps the web app and the API up while admin:create and seed:demo run beside npm start', async () => {
    const created = await npmRun('admin:create', '--', '--email', 'ana@albergue.example', '--name', 'Ana Admin');
    expect(created.stdout).toContain('Created admin ana@albergue.example');
    expect(created.stdout).toContain(`Next: open ${base}/`);
    expect(created.stdout).toMatch(/two-factor/);
    const password = /Password \(shown once\): (\S+)/.exec(created.stdout)![1];

    const seeded = await npmRun('seed:demo');
    expect(seeded.stdout).toContain('Demo network created');
    // The demo partner's private key is written outside the repository, where the seed says.
    const keyPath = /private key \(.*\) is in (\S+)/.exec(seeded.stdout)?.[1];
    expect(keyPath).toBeDefined();
    expect(keyPath!.startsWith(ROOT)).toBe(false);
    expect(readFileSync(keyPath!, 'utf8')).toContain('BEGIN PGP PRIVATE KEY BLOCK');
    unlinkSync(keyPath!);
    // In development the demo accounts that need two-factor have it on, with their secrets printed.
    const demoAdmin = /admin\s+admin@demo\.albergue\.example\s+(\S+)\s+TOTP secret ([A-Z2-7]+)/.exec(seeded.stdout);
    expect(demoAdmin).not.toBeNull();

    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app"');
    expect((await fetch(`${base}/api/v1/health`)).status).toBe(200);

    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ana@albergue.example', password }),
    });
    expect(login.status).toBe(200);
    expect(((await login.json()) as { mfaEnrollmentRequired: boolean }).mfaEnrollmentRequired).toBe(true);

    const code = await npmRun('totp:code', '--', demoAdmin![2]);
    const demoLogin = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'admin@demo.albergue.example',
        password: demoAdmin![1],
        totp: code.stdout.slice(0, 6),
      }),
    });
    expect(demoLogin.status).toBe(200);
  }, 400_000);
});
