import { Client } from 'pg';

import { createUser, logIn, loggedInUser, TEST_PASSWORD } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

const NEW_PASSWORD = 'garza blanca en el humedal de centla';

describe('passwords and logins of an account', () => {
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

  const login = (email: string, password: string, userAgent?: string) =>
    testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
      headers: userAgent ? { 'user-agent': userAgent } : {},
    });
  const me = (headers: Record<string, string>) => testApp.app.inject({ method: 'GET', url: '/api/v1/me', headers });
  const issueReset = (userId: string, headers: Record<string, string>) =>
    testApp.app.inject({ method: 'POST', url: `/api/v1/users/${userId}/password-reset`, headers });
  const useReset = (resetToken: string, newPassword: string) =>
    testApp.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { resetToken, newPassword } });

  it('lets an admin hand out a one-time reset token that sets a new password and ends every login', async () => {
    const admin = await loggedInUser(testApp.app, { role: 'admin' });
    const worker = await createUser(testApp.app, { role: 'shelter_worker' });
    const first = await logIn(testApp.app, worker);
    const second = await logIn(testApp.app, worker);

    const issued = await issueReset(worker.id, admin.headers);
    expect(issued.statusCode).toBe(201);
    const { resetToken, expiresAt } = issued.json<{ resetToken: string; expiresAt: string }>();
    const hours = (new Date(expiresAt).getTime() - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);
    const stored = await db.query('SELECT token_hash FROM password_reset_tokens WHERE user_id = $1', [worker.id]);
    expect(stored.rows[0].token_hash.toString('base64url')).not.toBe(resetToken);

    const weak = await useReset(resetToken, 'short');
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0].field).toBe('newPassword');

    expect((await useReset(resetToken, NEW_PASSWORD)).statusCode).toBe(204);
    expect((await me(first.headers)).statusCode).toBe(401);
    expect((await me(second.headers)).statusCode).toBe(401);
    expect((await login(worker.email, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await login(worker.email, NEW_PASSWORD)).statusCode).toBe(200);

    const reused = await useReset(resetToken, 'otra frase larga para la contraseña');
    expect(reused.statusCode).toBe(422);
    expect(reused.json().errors).toEqual([{ field: 'resetToken', message: expect.any(String) }]);
    const actions = await db.query<{ action: string; actor_id: string | null }>(
      "SELECT action, actor_id FROM audit_events WHERE entity_id = $1 AND action LIKE 'password_reset%' ORDER BY id",
      [worker.id],
    );
    expect(actions.rows).toEqual([
      { action: 'password_reset_issued', actor_id: admin.user.id },
      { action: 'password_reset', actor_id: worker.id },
      { action: 'password_reset_refused', actor_id: null },
    ]);
  });

  it('refuses an expired reset token, a token replaced by a newer one, and resets by other roles', async () => {
    const admin = await loggedInUser(testApp.app, { role: 'admin' });
    const lawyer = await createUser(testApp.app, { role: 'lawyer' });
    const older = (await issueReset(lawyer.id, admin.headers)).json().resetToken;
    const newer = (await issueReset(lawyer.id, admin.headers)).json().resetToken;
    expect((await useReset(older, NEW_PASSWORD)).statusCode).toBe(422);
    await db.query("UPDATE password_reset_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1", [
      lawyer.id,
    ]);
    expect((await useReset(newer, NEW_PASSWORD)).statusCode).toBe(422);
    expect((await login(lawyer.email, TEST_PASSWORD)).statusCode).toBe(200);

    const coordinator = await loggedInUser(testApp.app, { role: 'coordinator' });
    expect((await issueReset(lawyer.id, coordinator.headers)).statusCode).toBe(403);
    expect((await issueReset(crypto.randomUUID(), admin.headers)).statusCode).toBe(404);
  });

  it('changes one’s own password with the current one: other logins end, this one stays', async () => {
    const user = await createUser(testApp.app, { role: 'coordinator' });
    const here = await logIn(testApp.app, user);
    const elsewhere = await logIn(testApp.app, user);
    const change = (currentPassword: string, newPassword: string) =>
      testApp.app.inject({
        method: 'POST',
        url: '/api/v1/me/password',
        headers: here.headers,
        payload: { currentPassword, newPassword },
      });
    const wrong = await change('not the right password at all', NEW_PASSWORD);
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors).toEqual([{ field: 'currentPassword', message: expect.any(String) }]);
    expect((await change(TEST_PASSWORD, '123456789012')).json().errors[0].field).toBe('newPassword');
    expect((await change(TEST_PASSWORD, NEW_PASSWORD)).statusCode).toBe(204);
    expect((await me(here.headers)).statusCode).toBe(200);
    expect((await me(elsewhere.headers)).statusCode).toBe(401);
    expect((await login(user.email, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('lists one’s own logins with their client, and ends one; another user’s login is 404', async () => {
    const user = await createUser(testApp.app, { role: 'shelter_worker' });
    const phone = (await login(user.email, TEST_PASSWORD, 'Mozilla/5.0 (Linux; Android 10) Phone')).json();
    const laptop = (await login(user.email, TEST_PASSWORD, 'Mozilla/5.0 (X11; Linux) Laptop')).json();
    const headers = { authorization: `Bearer ${laptop.accessToken}` };
    const listed = await testApp.app.inject({ method: 'GET', url: '/api/v1/me/sessions', headers });
    expect(listed.statusCode).toBe(200);
    const items = listed.json().items as { id: string; userAgent: string; current: boolean; createdAt: string }[];
    expect(items.map((item) => [item.userAgent, item.current])).toEqual([
      ['Mozilla/5.0 (X11; Linux) Laptop', true],
      ['Mozilla/5.0 (Linux; Android 10) Phone', false],
    ]);
    expect(items[0]).toMatchObject({ createdAt: expect.any(String), lastUsedAt: expect.any(String) });

    const other = await loggedInUser(testApp.app, { role: 'shelter_worker' });
    const otherSessions = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/me/sessions',
      headers: other.headers,
    });
    const foreignId = otherSessions.json().items[0].id as string;
    const foreign = await testApp.app.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${foreignId}`, headers });
    expect(foreign.statusCode).toBe(404);
    expect((await me(other.headers)).statusCode).toBe(200);

    const phoneHeaders = { authorization: `Bearer ${phone.accessToken}` };
    const ended = await testApp.app.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${items[1].id}`, headers });
    expect(ended.statusCode).toBe(204);
    expect((await me(phoneHeaders)).statusCode).toBe(401);
    expect((await me(headers)).statusCode).toBe(200);
    const after = await testApp.app.inject({ method: 'GET', url: '/api/v1/me/sessions', headers });
    expect(after.json().items.map((item: { id: string }) => item.id)).toEqual([items[0].id]);
    const again = await testApp.app.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${items[1].id}`, headers });
    expect(again.statusCode).toBe(404);
  });
});
