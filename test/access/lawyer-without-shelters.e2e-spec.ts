import { Client } from 'pg';
import { DataSource } from 'typeorm';

import { LawyersWithoutShelters1795961000000 } from '../../migrations/1795961000000-lawyers-without-shelters';
import { createShelter, person, postIntake, familyOfFour, ShelterView } from '../factories/intake.factory';
import { loggedInUser, LoggedIn, TEST_PASSWORD } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

/** Issue 14, finding 4: shelters given to a lawyer let her list every resident of them. */
describe('lawyers hold no shelters', () => {
  let testApp: TestApp;
  let db: Client;
  let admin: LoggedIn;
  let shelter: ShelterView;

  beforeAll(async () => {
    testApp = await startTestApp();
    db = new Client({ connectionString: testApp.config.databaseUrl });
    await db.connect();
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    shelter = await createShelter(testApp.app, admin);
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  const send = (method: 'POST' | 'PATCH', url: string, payload: Record<string, unknown>) =>
    testApp.app.inject({ method, url, headers: admin.headers, payload });
  const lawyerBody = (shelterIds?: string[]) => ({
    email: `abogada-${Math.random()}@test.albergue.example`,
    name: 'Abogada de Prueba',
    password: TEST_PASSWORD,
    role: 'lawyer',
    ...(shelterIds ? { shelterIds } : {}),
  });
  const expectShelterIdsRefused = (response: Awaited<ReturnType<typeof send>>) => {
    expect(response.statusCode).toBe(422);
    expect(response.json().type).toBe('urn:albergue:problem:role_scope_mismatch');
    expect(response.json().errors).toEqual([expect.objectContaining({ field: 'shelterIds' })]);
  };

  it('refuses shelterIds on a new lawyer with 422 naming the field, and creates none', async () => {
    const body = lawyerBody([shelter.id]);
    expectShelterIdsRefused(await send('POST', '/api/v1/users', body));
    const { rows } = await db.query('SELECT 1 FROM users WHERE email = $1', [body.email]);
    expect(rows).toEqual([]);
    expect((await send('POST', '/api/v1/users', lawyerBody([]))).statusCode).toBe(201);
  });

  it('refuses shelters given to a lawyer by PATCH, and a coordinator made a lawyer with her shelters', async () => {
    const lawyer = (await send('POST', '/api/v1/users', lawyerBody())).json();
    expectShelterIdsRefused(await send('PATCH', `/api/v1/users/${lawyer.id}`, { shelterIds: [shelter.id] }));
    const coordinator = (
      await send('POST', '/api/v1/users', { ...lawyerBody([shelter.id]), role: 'coordinator' })
    ).json();
    expectShelterIdsRefused(await send('PATCH', `/api/v1/users/${coordinator.id}`, { role: 'lawyer' }));
    const moved = await send('PATCH', `/api/v1/users/${coordinator.id}`, { role: 'lawyer', shelterIds: [] });
    expect(moved.statusCode).toBe(200);
    const { rows } = await db.query('SELECT role, shelter_ids FROM users WHERE id = ANY($1) ORDER BY role', [
      [lawyer.id, coordinator.id],
    ]);
    expect(rows).toEqual([
      { role: 'lawyer', shelter_ids: [] },
      { role: 'lawyer', shelter_ids: [] },
    ]);
  });

  it('clears the shelters of existing lawyers in a migration, and Postgres refuses them afterwards', async () => {
    const worker = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [shelter.id] });
    const resident = (
      await postIntake(testApp.app, worker, {
        ...familyOfFour(shelter.id),
        members: [{ person: person({ givenNames: 'Residente', familyNames: 'Sin Abogada' }), relationship: 'head' }],
      })
    ).json().stays[0].personId;
    const lawyer = await loggedInUser(testApp.app, { role: 'lawyer' });
    const migration = new LawyersWithoutShelters1795961000000();
    const runner = testApp.app.get(DataSource).createQueryRunner();
    try {
      // The database as it was before the migration: a lawyer holding a shelter.
      await migration.down(runner);
      await db.query('UPDATE users SET shelter_ids = $2 WHERE id = $1', [lawyer.user.id, [shelter.id]]);
      // Even so, the shelter widens nothing: scope ignores a lawyer's shelters.
      const search = await testApp.app.inject({
        method: 'GET',
        url: '/api/v1/persons?q=residente%20sin%20abogada',
        headers: lawyer.headers,
      });
      expect(search.json().items).toEqual([]);
      const opened = await testApp.app.inject({
        method: 'GET',
        url: `/api/v1/persons/${resident}`,
        headers: lawyer.headers,
      });
      expect(opened.statusCode).toBe(404);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    const { rows } = await db.query('SELECT shelter_ids FROM users WHERE id = $1', [lawyer.user.id]);
    expect(rows[0].shelter_ids).toEqual([]);
    await expect(
      db.query('UPDATE users SET shelter_ids = $2 WHERE id = $1', [lawyer.user.id, [shelter.id]]),
    ).rejects.toThrow(/users_lawyer_without_shelters/);
  });
});
