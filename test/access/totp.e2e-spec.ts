import { Client } from 'pg';

import { createUser, enrollTotp, logIn, loggedInUser, TEST_PASSWORD, totpCode } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

describe('two-factor sign-in (TOTP)', () => {
  let testApp: TestApp;
  let db: Client;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { TOTP_REQUIRED_ROLES: 'admin,coordinator,lawyer' } });
    db = new Client({ connectionString: testApp.config.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  const login = (email: string, totp?: string, password = TEST_PASSWORD) =>
    testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: totp === undefined ? { email, password } : { email, password, totp },
    });
  const get = (url: string, headers: Record<string, string>) => testApp.app.inject({ method: 'GET', url, headers });
  const auditActions = async (userId: string): Promise<string[]> =>
    (
      await db.query<{ action: string }>('SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY id', [userId])
    ).rows.map((row) => row.action);

  it('enrolls: a secret and its otpauth URL, on only once a code confirms it, with ten recovery codes', async () => {
    const session = await loggedInUser(testApp.app, { role: 'shelter_worker' });
    const started = await testApp.app.inject({ method: 'POST', url: '/api/v1/me/totp', headers: session.headers });
    expect(started.statusCode).toBe(201);
    const { secret, otpauthUrl } = started.json<{ secret: string; otpauthUrl: string }>();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUrl).toBe(
      `otpauth://totp/Albergue:${encodeURIComponent(session.user.email)}?secret=${secret}&issuer=Albergue`,
    );
    // Not on before confirmation: the password alone still logs in.
    expect((await login(session.user.email)).statusCode).toBe(200);
    const stored = await db.query('SELECT totp_secret_ciphertext FROM users WHERE id = $1', [session.user.id]);
    expect(stored.rows[0].totp_secret_ciphertext).toMatch(/^v2\./);
    expect(stored.rows[0].totp_secret_ciphertext).not.toContain(secret);

    const wrong = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/me/totp/confirm',
      headers: session.headers,
      payload: { totp: '000000' === totpCode(secret) ? '111111' : '000000' },
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors).toEqual([{ field: 'totp', message: expect.any(String) }]);

    const confirmed = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/me/totp/confirm',
      headers: session.headers,
      payload: { totp: totpCode(secret) },
    });
    expect(confirmed.statusCode).toBe(200);
    const { recoveryCodes } = confirmed.json<{ recoveryCodes: string[] }>();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const hashes = await db.query('SELECT code_hash FROM user_recovery_codes WHERE user_id = $1', [session.user.id]);
    expect(hashes.rowCount).toBe(10);
    expect(JSON.stringify(hashes.rows)).not.toContain(recoveryCodes[0]);
    const me = await get('/api/v1/me', session.headers);
    expect(me.json().twoFactor).toEqual({ enabled: true, required: false, enrollmentRequired: false });
    expect(await auditActions(session.user.id)).toEqual(
      expect.arrayContaining(['totp_enrollment_started', 'totp_enabled']),
    );
    // A second enrollment while it is on is a conflict.
    const again = await testApp.app.inject({ method: 'POST', url: '/api/v1/me/totp', headers: session.headers });
    expect(again.statusCode).toBe(409);
  });

  it('refuses a login without the code or with a wrong one (401 mfa_required, no tokens), accepts the right one', async () => {
    const session = await loggedInUser(testApp.app, { role: 'shelter_worker' });
    const { secret } = await enrollTotp(testApp.app, session);

    const without = await login(session.user.email);
    expect(without.statusCode).toBe(401);
    expect(without.headers['content-type']).toContain('application/problem+json');
    expect(without.json().type).toMatch(/mfa_required$/);
    expect(without.json()).not.toHaveProperty('accessToken');

    const next = totpCode(secret, 1);
    const wrong = await login(session.user.email, next === '123456' ? '654321' : '123456');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().type).toMatch(/mfa_required$/);
    expect(wrong.json()).not.toHaveProperty('refreshToken');

    // A wrong password with the right code is the plain invalid_credentials, and no code is spent.
    const wrongPassword = await login(session.user.email, next, 'not the right password at all');
    expect(wrongPassword.json().type).toMatch(/invalid_credentials$/);

    const right = await login(session.user.email, next);
    expect(right.statusCode).toBe(200);
    expect(right.json()).toMatchObject({ accessToken: expect.any(String), mfaEnrollmentRequired: false });
    const reasons = await db.query(
      "SELECT details->>'reason' AS reason FROM audit_events WHERE action = 'login_failed' AND entity_id = $1 ORDER BY id",
      [session.user.id],
    );
    expect(reasons.rows.map((row) => row.reason)).toEqual(['mfa_missing', 'mfa_wrong', 'wrong_password']);
  });

  it('refuses a code used before within its step (replay), and an older one', async () => {
    const session = await loggedInUser(testApp.app, { role: 'partner' });
    const { secret } = await enrollTotp(testApp.app, session);
    // The confirmation spent the current step's code.
    expect((await login(session.user.email, totpCode(secret))).statusCode).toBe(401);
    const code = totpCode(secret, 1);
    expect((await login(session.user.email, code)).statusCode).toBe(200);
    const replay = await login(session.user.email, code);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().type).toMatch(/mfa_required$/);
  });

  it('takes a recovery code once in place of the code', async () => {
    const session = await loggedInUser(testApp.app, { role: 'shelter_worker' });
    const { recoveryCodes } = await enrollTotp(testApp.app, session);
    const first = await login(session.user.email, recoveryCodes[3].toLowerCase());
    expect(first.statusCode).toBe(200);
    const again = await login(session.user.email, recoveryCodes[3]);
    expect(again.statusCode).toBe(401);
    expect(again.json().type).toMatch(/mfa_required$/);
    expect((await login(session.user.email, recoveryCodes[4])).statusCode).toBe(200);
    const used = await db.query(
      'SELECT count(*)::int AS n FROM user_recovery_codes WHERE user_id = $1 AND used_at IS NOT NULL',
      [session.user.id],
    );
    expect(used.rows[0].n).toBe(2);
  });

  it('locks the account after 5 wrong codes, as wrong passwords do: the right code then fails too', async () => {
    const session = await loggedInUser(testApp.app, { role: 'shelter_worker' });
    const { secret } = await enrollTotp(testApp.app, session);
    const right = totpCode(secret, 1);
    const wrongCode = right === '000000' ? '000001' : '000000';
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await login(session.user.email, wrongCode)).statusCode).toBe(401);
    }
    const locked = await login(session.user.email, right);
    expect(locked.statusCode).toBe(401);
    expect(locked.json().type).toMatch(/invalid_credentials$/);
    const row = await db.query('SELECT locked_until > now() AS locked FROM users WHERE id = $1', [session.user.id]);
    expect(row.rows[0].locked).toBe(true);
    const reasons = await db.query(
      "SELECT details->>'reason' AS reason FROM audit_events WHERE action = 'login_failed' AND entity_id = $1 ORDER BY id",
      [session.user.id],
    );
    expect(reasons.rows.map((r) => r.reason)).toEqual([...Array(4).fill('mfa_wrong'), 'mfa_wrong_locked', 'locked']);
  });

  it('keeps a user of a role in TOTP_REQUIRED_ROLES to /me* and /auth/* until they enroll', async () => {
    const admin = await createUser(testApp.app, { role: 'admin' });
    const response = await login(admin.email);
    expect(response.statusCode).toBe(200);
    expect(response.json().mfaEnrollmentRequired).toBe(true);
    const session = await logIn(testApp.app, admin);
    const shelters = await get('/api/v1/shelters', session.headers);
    expect(shelters.statusCode).toBe(403);
    expect(shelters.json().type).toMatch(/mfa_enrollment_required$/);
    expect((await get('/api/v1/users', session.headers)).json().type).toMatch(/mfa_enrollment_required$/);
    const me = await get('/api/v1/me', session.headers);
    expect(me.statusCode).toBe(200);
    expect(me.json().twoFactor).toEqual({ enabled: false, required: true, enrollmentRequired: true });
    expect((await get('/api/v1/me/sessions', session.headers)).statusCode).toBe(200);
    const refreshed = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refreshToken: session.refreshToken },
    });
    expect(refreshed.statusCode).toBe(200);

    await enrollTotp(testApp.app, session);
    expect((await get('/api/v1/shelters', session.headers)).statusCode).toBe(200);
  });

  it('lets a user turn two-factor off with a code, unless their role requires it', async () => {
    const worker = await loggedInUser(testApp.app, { role: 'shelter_worker' });
    const { secret } = await enrollTotp(testApp.app, worker);
    const off = (session: typeof worker, totp: string) =>
      testApp.app.inject({ method: 'DELETE', url: '/api/v1/me/totp', headers: session.headers, payload: { totp } });
    const wrong = await off(worker, totpCode(secret) === '000000' ? '000001' : '000000');
    expect(wrong.statusCode).toBe(422);
    expect((await off(worker, totpCode(secret, 1))).statusCode).toBe(204);
    expect((await login(worker.user.email)).statusCode).toBe(200);
    expect(await auditActions(worker.user.id)).toContain('totp_disabled');

    const lawyer = await loggedInUser(testApp.app, { role: 'lawyer' });
    const enrolled = await enrollTotp(testApp.app, lawyer);
    const refused = await off(lawyer, totpCode(enrolled.secret, 1));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().type).toMatch(/totp_required_by_policy$/);
  });

  it("lets an admin reset a user's two-factor: audited, their logins end, they enroll again", async () => {
    const adminSession = await loggedInUser(testApp.app, { role: 'admin' });
    await enrollTotp(testApp.app, adminSession);
    const coordinator = await loggedInUser(testApp.app, { role: 'coordinator' });
    await enrollTotp(testApp.app, coordinator);
    expect((await get('/api/v1/shelters', coordinator.headers)).statusCode).toBe(200);

    const byCoordinator = await testApp.app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${adminSession.user.id}/totp`,
      headers: coordinator.headers,
    });
    expect(byCoordinator.statusCode).toBe(403);
    const unknown = await testApp.app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${crypto.randomUUID()}/totp`,
      headers: adminSession.headers,
    });
    expect(unknown.statusCode).toBe(404);

    const reset = await testApp.app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${coordinator.user.id}/totp`,
      headers: adminSession.headers,
    });
    expect(reset.statusCode).toBe(204);
    expect((await get('/api/v1/me', coordinator.headers)).statusCode).toBe(401);
    const again = await login(coordinator.user.email);
    expect(again.statusCode).toBe(200);
    expect(again.json().mfaEnrollmentRequired).toBe(true);
    const audit = await db.query("SELECT actor_id FROM audit_events WHERE action = 'totp_reset' AND entity_id = $1", [
      coordinator.user.id,
    ]);
    expect(audit.rows).toEqual([{ actor_id: adminSession.user.id }]);
    const codes = await db.query('SELECT 1 FROM user_recovery_codes WHERE user_id = $1', [coordinator.user.id]);
    expect(codes.rowCount).toBe(0);
  });
});
