import { Client } from 'pg';

import { createUser, logIn, loggedInUser, TEST_PASSWORD } from '../factories/user.factory';
import { forgeToken } from '../support/forged-token';
import { startTestApp, TestApp } from '../support/test-app';

describe('authentication', () => {
  let testApp: TestApp;
  let db: Client;

  beforeAll(async () => {
    testApp = await startTestApp();
    db = new Client({ connectionString: testApp.config.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  const login = (email: string, password: string, remoteAddress?: string) =>
    testApp.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress });
  const me = (token: string) =>
    testApp.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
  const refresh = (refreshToken: string) =>
    testApp.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } });

  it('logs in and answers /me', async () => {
    const user = await createUser(testApp.app, { role: 'lawyer', name: 'Lucía Abogada' });
    const response = await login(user.email.toUpperCase(), TEST_PASSWORD);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ expiresIn: 900, user: { id: user.id, role: 'lawyer' } });
    expect(body.user).not.toHaveProperty('passwordHash');
    const profile = await me(body.accessToken);
    expect(profile.statusCode).toBe(200);
    expect(profile.json()).toEqual({
      id: user.id,
      email: user.email,
      name: 'Lucía Abogada',
      role: 'lawyer',
      shelterIds: [],
      organizationId: null,
      twoFactor: { enabled: false, required: false, enrollmentRequired: false },
    });
  });

  it('gives the same answer for an unknown email and a wrong password', async () => {
    const user = await createUser(testApp.app, { role: 'admin' });
    const unknown = await login('nobody@test.albergue.example', TEST_PASSWORD);
    const wrong = await login(user.email, 'not the right password at all');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    expect(strip(unknown.json())).toEqual(strip(wrong.json()));
  });

  it('refuses requests without a token, with a malformed one, or with a token of another kind', async () => {
    expect((await testApp.app.inject({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
    expect((await me('not-a-jwt')).statusCode).toBe(401);
    const basic = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: 'Basic YTpi' },
    });
    expect(basic.statusCode).toBe(401);
    expect(basic.headers['www-authenticate']).toBe('Bearer');
  });

  describe('forged access tokens', () => {
    let claims: Record<string, unknown>;
    beforeAll(async () => {
      const session = await loggedInUser(testApp.app, { role: 'admin' });
      claims = JSON.parse(Buffer.from(session.accessToken.split('.')[1], 'base64url').toString());
    });

    it('accepts the genuine claims re-signed with the real key (the forgery helper is sound)', async () => {
      const token = forgeToken({ alg: 'HS256', typ: 'JWT' }, claims, testApp.config.secrets.tokenSigningKey);
      expect((await me(token)).statusCode).toBe(200);
    });

    it('refuses alg none', async () => {
      expect((await me(forgeToken({ alg: 'none', typ: 'JWT' }, claims, null))).statusCode).toBe(401);
    });

    it('refuses a token signed with another key', async () => {
      const token = forgeToken({ alg: 'HS256', typ: 'JWT' }, claims, Buffer.alloc(32, 1));
      expect((await me(token)).statusCode).toBe(401);
    });

    it('refuses an expired token', async () => {
      const now = Math.floor(Date.now() / 1000);
      const expired = { ...claims, iat: now - 1000, exp: now - 100 };
      const token = forgeToken({ alg: 'HS256', typ: 'JWT' }, expired, testApp.config.secrets.tokenSigningKey);
      expect((await me(token)).statusCode).toBe(401);
    });
  });

  it('rotates refresh tokens: each works once', async () => {
    const session = await loggedInUser(testApp.app, { role: 'lawyer' });
    const first = await refresh(session.refreshToken);
    expect(first.statusCode).toBe(200);
    const rotated = first.json();
    expect(rotated.refreshToken).not.toBe(session.refreshToken);
    expect((await me(rotated.accessToken)).statusCode).toBe(200);
    const second = await refresh(rotated.refreshToken);
    expect(second.statusCode).toBe(200);
  });

  it('ends the whole login when a used refresh token comes back', async () => {
    const session = await loggedInUser(testApp.app, { role: 'lawyer' });
    const rotated = (await refresh(session.refreshToken)).json();
    const reuse = await refresh(session.refreshToken);
    expect(reuse.statusCode).toBe(401);
    // The thief's and the owner's tokens of that login are dead alike.
    expect((await refresh(rotated.refreshToken)).statusCode).toBe(401);
    expect((await me(rotated.accessToken)).statusCode).toBe(401);
    expect((await me(session.accessToken)).statusCode).toBe(401);
    const audit = await db.query(
      "SELECT 1 FROM audit_events WHERE action = 'refresh_token_reused' AND entity_id = $1",
      [session.user.id],
    );
    expect(audit.rowCount).toBe(1);
  });

  it('logs out: the refresh token and the access token stop working', async () => {
    const session = await loggedInUser(testApp.app, { role: 'coordinator' });
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: session.headers,
      payload: { refreshToken: session.refreshToken },
    });
    expect(response.statusCode).toBe(204);
    expect((await me(session.accessToken)).statusCode).toBe(401);
    expect((await refresh(session.refreshToken)).statusCode).toBe(401);
  });

  it("ends a deactivated user's access at once, tokens included", async () => {
    const admin = await loggedInUser(testApp.app, { role: 'admin' });
    const worker = await loggedInUser(testApp.app, { role: 'shelter_worker' });
    expect((await me(worker.accessToken)).statusCode).toBe(200);
    const patch = await testApp.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${worker.user.id}`,
      headers: admin.headers,
      payload: { active: false },
    });
    expect(patch.statusCode).toBe(200);
    expect(patch.json().active).toBe(false);
    expect((await me(worker.accessToken)).statusCode).toBe(401);
    expect((await refresh(worker.refreshToken)).statusCode).toBe(401);
    expect((await login(worker.user.email, TEST_PASSWORD)).statusCode).toBe(401);
  });

  it('locks an account for 15 minutes after 10 failed logins, then lets it in again', async () => {
    const user = await createUser(testApp.app, { role: 'lawyer' });
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      expect((await login(user.email, `wrong password ${attempt}`)).statusCode).toBe(401);
    }
    // Locked: even the right password is refused, with the same answer.
    expect((await login(user.email, TEST_PASSWORD)).statusCode).toBe(401);
    const { rows } = await db.query<{ minutes: number }>(
      'SELECT round(extract(epoch FROM locked_until - now()) / 60) AS minutes FROM users WHERE id = $1',
      [user.id],
    );
    expect(Number(rows[0].minutes)).toBe(15);
    // Fifteen minutes later (moved back in the database rather than waited for):
    await db.query("UPDATE users SET locked_until = now() - interval '1 second' WHERE id = $1", [user.id]);
    expect((await login(user.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('does not lock an account before the tenth failure', async () => {
    const user = await createUser(testApp.app, { role: 'lawyer' });
    for (let attempt = 1; attempt <= 9; attempt += 1) await login(user.email, `wrong password ${attempt}`);
    expect((await login(user.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('audits logins and failed logins with the request id and address', async () => {
    const user = await createUser(testApp.app, { role: 'lawyer' });
    await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: 'a wrong password here' },
      headers: { 'x-request-id': 'audit-check-1' },
      remoteAddress: '203.0.113.9',
    });
    await logIn(testApp.app, user);
    const { rows } = await db.query(
      'SELECT action, actor_id, request_id, host(ip) AS ip, details FROM audit_events WHERE entity_id = $1 ORDER BY id',
      [user.id],
    );
    expect(rows.map((row) => row.action)).toEqual(['create', 'login_failed', 'login']);
    expect(rows[1]).toMatchObject({
      request_id: 'audit-check-1',
      ip: '203.0.113.9',
      details: { reason: 'wrong_password' },
    });
  });
});

describe('login rate limit per address', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('answers 429 with Retry-After past the limit, for that address only', async () => {
    const attempt = (remoteAddress: string) =>
      testApp.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'nobody@test.albergue.example', password: 'whatever whatever' },
        remoteAddress,
      });
    const address = `198.51.100.${Math.floor(Math.random() * 200) + 1}`;
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await attempt(address)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await attempt(address);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await attempt('192.0.2.77')).statusCode).toBe(401);
  });
});
