import { Client } from 'pg';

import { createShelter } from '../factories/intake.factory';
import { createUser, enrollTotp, LoggedIn, logIn, loggedInUser, TEST_PASSWORD } from '../factories/user.factory';
import { freePort, PrivateRedis } from '../support/private-redis';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The session check cache (SessionCheckCache) with two API instances on one database and one
 * Redis: every change that must end or narrow access, made on A, holds on B's very next request,
 * although B answered that login from its cache a moment before.
 */
describe('session check cache across two instances', () => {
  let a: TestApp;
  let b: TestApp;
  let db: Client;
  let admin: LoggedIn;

  const secretsOf = (app: TestApp) => ({
    TOKEN_SIGNING_KEY: app.config.secrets.tokenSigningKey.toString('base64'),
    FIELD_ENCRYPTION_KEYS: app.config.secrets.fieldEncryptionKeys
      .map(({ id, key }) => `${id}:${key.toString('base64')}`)
      .join(','),
    BLIND_INDEX_KEY: app.config.secrets.blindIndexKey.toString('base64'),
  });
  const get = (app: TestApp, url: string, session: LoggedIn) =>
    app.app.inject({ method: 'GET', url, headers: session.headers });
  /** Two answers from B: the first may fill its cache, the second comes from it. */
  const twiceOnB = async (url: string, session: LoggedIn) => [
    (await get(b, url, session)).statusCode,
    (await get(b, url, session)).statusCode,
  ];

  beforeAll(async () => {
    // A minute of cache: without the invalidation, B would keep every answer through the test.
    a = await startTestApp({ env: { SESSION_CACHE_SECONDS: '60' } });
    b = await startTestApp({
      databaseUrl: a.config.databaseUrl,
      env: { ...secretsOf(a), SESSION_CACHE_SECONDS: '60' },
    });
    db = new Client({ connectionString: a.config.databaseUrl });
    await db.connect();
    admin = await loggedInUser(a.app, { role: 'admin' });
  });
  afterAll(async () => {
    await db?.end();
    await b?.close();
    await a?.close();
  });

  it('a deactivation on A is 401 on the next request to B', async () => {
    const worker = await loggedInUser(a.app, { role: 'shelter_worker' });
    expect(await twiceOnB('/api/v1/me', worker)).toEqual([200, 200]);
    const patched = await a.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${worker.user.id}`,
      headers: admin.headers,
      payload: { active: false },
    });
    expect(patched.statusCode).toBe(200);
    expect((await get(b, '/api/v1/me', worker)).statusCode).toBe(401);
  });

  it('a logout on A is 401 on B', async () => {
    const worker = await loggedInUser(a.app, { role: 'shelter_worker' });
    expect(await twiceOnB('/api/v1/me', worker)).toEqual([200, 200]);
    const out = await a.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: worker.headers,
      payload: { refreshToken: worker.refreshToken },
    });
    expect(out.statusCode).toBe(204);
    expect((await get(b, '/api/v1/me', worker)).statusCode).toBe(401);
  });

  it('ending one login from another, on A, is 401 for it on B', async () => {
    const user = await createUser(a.app, { role: 'shelter_worker' });
    const phone = await logIn(a.app, user);
    const laptop = await logIn(a.app, user);
    expect(await twiceOnB('/api/v1/me', phone)).toEqual([200, 200]);
    const sessions = (await get(a, '/api/v1/me/sessions', laptop)).json().items as { id: string; current: boolean }[];
    const other = sessions.find((session) => !session.current)!;
    const ended = await a.app.inject({
      method: 'DELETE',
      url: `/api/v1/me/sessions/${other.id}`,
      headers: laptop.headers,
    });
    expect(ended.statusCode).toBe(204);
    expect((await get(b, '/api/v1/me', phone)).statusCode).toBe(401);
    expect((await get(b, '/api/v1/me', laptop)).statusCode).toBe(200);
  });

  it('a role change on A holds on B at once', async () => {
    const second = await loggedInUser(a.app, { role: 'admin' });
    expect(await twiceOnB('/api/v1/users', second)).toEqual([200, 200]);
    const patched = await a.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${second.user.id}`,
      headers: admin.headers,
      payload: { role: 'lawyer' },
    });
    expect(patched.statusCode).toBe(200);
    expect((await get(b, '/api/v1/users', second)).statusCode).toBe(403);
  });

  it('a shelter change on A holds on B at once', async () => {
    const [north, south] = [await createShelter(a.app, admin), await createShelter(a.app, admin)];
    const worker = await loggedInUser(a.app, { role: 'shelter_worker', shelterIds: [north.id] });
    const occupancy = `/api/v1/shelters/${north.id}/occupancy`;
    expect(await twiceOnB(occupancy, worker)).toEqual([200, 200]);
    const patched = await a.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${worker.user.id}`,
      headers: admin.headers,
      payload: { shelterIds: [south.id] },
    });
    expect(patched.statusCode).toBe(200);
    expect((await get(b, occupancy, worker)).statusCode).toBe(404);
    expect((await get(b, `/api/v1/shelters/${south.id}/occupancy`, worker)).statusCode).toBe(200);
  });

  it("a password change on A ends the user's other logins on B", async () => {
    const user = await createUser(a.app, { role: 'shelter_worker' });
    const phone = await logIn(a.app, user);
    const laptop = await logIn(a.app, user);
    expect(await twiceOnB('/api/v1/me', phone)).toEqual([200, 200]);
    const changed = await a.app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: laptop.headers,
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'otra contraseña larga del albergue 7' },
    });
    expect(changed.statusCode).toBe(204);
    expect((await get(b, '/api/v1/me', phone)).statusCode).toBe(401);
    expect((await get(b, '/api/v1/me', laptop)).statusCode).toBe(200);
  });

  it("an admin's two-factor reset on A is 401 on B", async () => {
    const lawyer = await loggedInUser(a.app, { role: 'lawyer' });
    await enrollTotp(a.app, lawyer);
    expect(await twiceOnB('/api/v1/me', lawyer)).toEqual([200, 200]);
    const reset = await a.app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${lawyer.user.id}/totp`,
      headers: admin.headers,
    });
    expect(reset.statusCode).toBe(204);
    expect((await get(b, '/api/v1/me', lawyer)).statusCode).toBe(401);
  });

  it('answers from the cache: a change behind the API (plain SQL) is not seen while it lasts', async () => {
    // What makes the tests above meaningful: B really answers from memory. (Change users through
    // the API, never by hand, or wait SESSION_CACHE_SECONDS.)
    const worker = await loggedInUser(a.app, { role: 'shelter_worker' });
    expect(await twiceOnB('/api/v1/me', worker)).toEqual([200, 200]);
    await db.query('UPDATE auth_sessions SET revoked_at = now() WHERE user_id = $1', [worker.user.id]);
    expect((await get(b, '/api/v1/me', worker)).statusCode).toBe(200);
    expect((await get(a, '/api/v1/me', worker)).statusCode).toBe(401);
  });
});

describe('session check cache when Redis goes away', () => {
  let redis: PrivateRedis;
  let app: TestApp;
  let db: Client;

  beforeAll(async () => {
    redis = new PrivateRedis(await freePort());
    await redis.start();
    app = await startTestApp({ env: { REDIS_URL: redis.url, SESSION_CACHE_SECONDS: '60' } });
    db = new Client({ connectionString: app.config.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await app?.close();
    await redis?.stop();
  });

  it('is flushed and not used while the invalidation channel is down, and used again once it is back', async () => {
    const worker = await loggedInUser(app.app, { role: 'shelter_worker' });
    const me = () => app.app.inject({ method: 'GET', url: '/api/v1/me', headers: worker.headers });
    expect((await me()).statusCode).toBe(200);
    await redis.stop();
    // Invalidations may be lost from now on: a change made meanwhile holds at once all the same.
    await waitFor(async () => {
      await db.query('UPDATE users SET active = false WHERE id = $1', [worker.user.id]);
      return (await me()).statusCode === 401;
    });
    await db.query('UPDATE users SET active = true WHERE id = $1', [worker.user.id]);
    expect((await me()).statusCode).toBe(200);
    await db.query('UPDATE users SET active = false WHERE id = $1', [worker.user.id]);
    expect((await me()).statusCode).toBe(401);

    await db.query('UPDATE users SET active = true WHERE id = $1', [worker.user.id]);
    await redis.start();
    // Back on the channel, the cache is used again (a plain SQL change is not seen while it lasts).
    await waitFor(async () => {
      await me();
      await db.query('UPDATE users SET active = false WHERE id = $1', [worker.user.id]);
      const cached = (await me()).statusCode === 200;
      await db.query('UPDATE users SET active = true WHERE id = $1', [worker.user.id]);
      return cached;
    });
  }, 60000);
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 20000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
