import { loggedInUser, LoggedIn, TEST_PASSWORD } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

describe('users', () => {
  let testApp: TestApp;
  let admin: LoggedIn;

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await loggedInUser(testApp.app, { role: 'admin' });
  });
  afterAll(async () => {
    await testApp.close();
  });

  const createUser = (payload: Record<string, unknown>) =>
    testApp.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin.headers, payload });
  const valid = {
    email: 'Marta.Coord@Test.Albergue.Example',
    name: 'Marta Coordinadora',
    password: TEST_PASSWORD,
    role: 'coordinator',
    shelterIds: [crypto.randomUUID()],
  };

  it('creates a user with a lower-cased email and never returns the password', async () => {
    const response = await createUser(valid);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      id: expect.any(String),
      email: 'marta.coord@test.albergue.example',
      name: 'Marta Coordinadora',
      role: 'coordinator',
      shelterIds: valid.shelterIds,
      organizationId: null,
      active: true,
      twoFactorEnabled: false,
    });
    expect(response.body).not.toContain(TEST_PASSWORD);
    expect((await createUser({ ...valid, email: 'MARTA.coord@test.albergue.example' })).statusCode).toBe(409);
  });

  it.each([
    ['password', { password: 'short' }, 400, 'password_too_short'],
    ['password', { password: 'password1234' }, 400, 'password_too_common'],
    ['password', { password: 'coordinadora marta 1' }, 400, 'password_contains_identity'],
    ['email', { email: 'not-an-email' }, 400, 'validation_failed'],
    ['role', { role: 'superuser' }, 400, 'validation_failed'],
    ['shelterIds', { shelterIds: ['nope'] }, 400, 'validation_failed'],
    ['shelterIds', { shelterIds: [] }, 422, 'role_scope_mismatch'],
    ['organizationId', { role: 'partner', shelterIds: undefined }, 422, 'role_scope_mismatch'],
    ['isAdmin', { isAdmin: true }, 400, 'validation_failed'],
  ])('refuses a bad %s with %i naming it', async (field, change, status, code) => {
    const response = await createUser({ ...valid, email: `u${Math.random()}@test.albergue.example`, ...change });
    expect(response.statusCode).toBe(status);
    expect(response.json().type).toBe(`urn:albergue:problem:${code}`);
    expect(response.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('refuses an email holding a lone surrogate with 400 naming it (the email check used to throw)', async () => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ ...valid, email: '\ud800@test.albergue.example' }),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ field: 'email', message: expect.stringContaining('Unicode') }]);
  });

  it('lists users in pages by email', async () => {
    const first = (
      await testApp.app.inject({ method: 'GET', url: '/api/v1/users?limit=1', headers: admin.headers })
    ).json();
    expect(first.items).toHaveLength(1);
    const second = (
      await testApp.app.inject({
        method: 'GET',
        url: `/api/v1/users?limit=1&cursor=${first.nextCursor}`,
        headers: admin.headers,
      })
    ).json();
    expect(second.items[0].email > first.items[0].email).toBe(true);
  });

  it('changes a role and shelters, effective on the next request', async () => {
    const worker = await loggedInUser(testApp.app, { role: 'shelter_worker' });
    const shelterId = crypto.randomUUID();
    const patch = await testApp.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${worker.user.id}`,
      headers: admin.headers,
      payload: { role: 'coordinator', shelterIds: [shelterId] },
    });
    expect(patch.statusCode).toBe(200);
    const me = await testApp.app.inject({ method: 'GET', url: '/api/v1/me', headers: worker.headers });
    expect(me.json()).toMatchObject({ role: 'coordinator', shelterIds: [shelterId] });
  });

  it('refuses a PATCH whose body is JSON null, which used to read as no change', async () => {
    const target = await loggedInUser(testApp.app, { role: 'lawyer' });
    const response = await testApp.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${target.user.id}`,
      headers: { ...admin.headers, 'content-type': 'application/json' },
      payload: 'null',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ field: '(body)', message: 'the body must be a JSON object' }]);
  });

  it('answers 404 for an unknown user and 400 for a malformed id', async () => {
    const unknown = await testApp.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${crypto.randomUUID()}`,
      headers: admin.headers,
      payload: { name: 'x' },
    });
    expect(unknown.statusCode).toBe(404);
    const malformed = await testApp.app.inject({
      method: 'PATCH',
      url: '/api/v1/users/1%20OR%201=1',
      headers: admin.headers,
      payload: { name: 'x' },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
  });
});
