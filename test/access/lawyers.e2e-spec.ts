import { createUser, loggedInUser, LoggedIn } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

/** GET /lawyers: whom a coordinator may assign an application to, picked by name rather than typed as an id. */
describe('GET /lawyers', () => {
  let testApp: TestApp;
  let admin: LoggedIn;
  let coordinator: LoggedIn;
  const list = (as: LoggedIn, search = '') =>
    testApp.app.inject({ method: 'GET', url: `/api/v1/lawyers${search}`, headers: as.headers });

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    coordinator = await loggedInUser(testApp.app, { role: 'coordinator' });
  });
  afterAll(() => testApp.close());

  it('lists the active lawyers only, with name and email and nothing else, a page at a time', async () => {
    const active = await createUser(testApp.app, { role: 'lawyer', name: 'Licenciada Activa' });
    const second = await createUser(testApp.app, { role: 'lawyer', name: 'Licenciado Segundo' });
    const inactive = await createUser(testApp.app, { role: 'lawyer', name: 'Licenciada Baja', active: false });
    await createUser(testApp.app, { role: 'shelter_worker' });
    for (const as of [admin, coordinator]) {
      const response = await list(as);
      expect(response.statusCode).toBe(200);
      const items = response.json().items as Record<string, unknown>[];
      expect(items.map((item) => item.id).sort()).toEqual([active.id, second.id].sort());
      expect(Object.keys(items[0]).sort()).toEqual(['email', 'id', 'name']);
      expect(items.map((item) => item.id)).not.toContain(inactive.id);
    }
    const first = await list(coordinator, '?limit=1');
    const next = await list(coordinator, `?limit=1&cursor=${first.json().nextCursor}`);
    expect([...first.json().items, ...next.json().items].map((item: { id: string }) => item.id).sort()).toEqual(
      [active.id, second.id].sort(),
    );
    expect(next.json().nextCursor).toBeNull();
  });

  it('is closed to the other roles, and refuses a forged cursor naming it', async () => {
    for (const role of ['shelter_worker', 'lawyer', 'partner'] as const) {
      expect((await list(await loggedInUser(testApp.app, { role }))).statusCode).toBe(403);
    }
    const forged = await list(admin, '?cursor=WzFd');
    expect(forged.statusCode).toBe(400);
    expect(forged.json().errors[0].field).toBe('cursor');
  });
});
