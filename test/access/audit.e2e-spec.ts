import { AuditService } from '@albergue/access';
import { Client } from 'pg';

import { loggedInUser, LoggedIn } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

describe('audit log', () => {
  let testApp: TestApp;
  let db: Client;
  let admin: LoggedIn;

  beforeAll(async () => {
    testApp = await startTestApp();
    db = new Client({ connectionString: testApp.config.databaseUrl });
    await db.connect();
    admin = await loggedInUser(testApp.app, { role: 'admin' });
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  const auditEvents = (query: string, as: LoggedIn = admin) =>
    testApp.app.inject({ method: 'GET', url: `/api/v1/audit-events?${query}`, headers: as.headers });

  describe('in Postgres itself', () => {
    it.each([
      ['UPDATE', "UPDATE audit_events SET action = 'nothing'"],
      ['DELETE', 'DELETE FROM audit_events'],
      ['TRUNCATE', 'TRUNCATE audit_events'],
    ])('refuses %s, even to the owner of the table', async (operation, sql) => {
      const before = await db.query('SELECT count(*)::int AS n FROM audit_events');
      expect(before.rows[0].n).toBeGreaterThan(0);
      await expect(db.query(sql)).rejects.toThrow(`audit_events is append-only: ${operation} refused`);
      const after = await db.query('SELECT count(*)::int AS n FROM audit_events');
      expect(after.rows[0].n).toBe(before.rows[0].n);
    });

    it('still takes new events', async () => {
      await expect(
        db.query("INSERT INTO audit_events (action, entity_type) VALUES ('read', 'person') RETURNING id"),
      ).resolves.toMatchObject({ rowCount: 1 });
    });
  });

  it('records a user created through the API, with who did it', async () => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { ...admin.headers, 'x-request-id': 'create-user-7' },
      payload: {
        email: 'nuevo.trabajador@test.albergue.example',
        name: 'Nuevo Trabajador',
        password: 'la bestia pasa de noche',
        role: 'shelter_worker',
        shelterIds: [crypto.randomUUID()],
      },
    });
    expect(response.statusCode).toBe(201);
    const created = response.json();
    const events = (await auditEvents(`entityType=user&entityId=${created.id}`)).json();
    expect(events.items).toEqual([
      expect.objectContaining({
        action: 'create',
        actorId: admin.user.id,
        actorRole: 'admin',
        entityId: created.id,
        requestId: 'create-user-7',
        details: { role: 'shelter_worker' },
      }),
    ]);
  });

  it('records the ids a list read returned, and finds that read by one of them', async () => {
    const actor = await testApp.app.get(AuditService);
    const shown = [crypto.randomUUID(), crypto.randomUUID()];
    await actor.recordList(
      { ...admin.user, userId: admin.user.id, sessionId: 's', requestId: 'list-1', ip: '127.0.0.1' },
      'person',
      shown,
    );
    const found = (await auditEvents(`entityId=${shown[1]}`)).json();
    expect(found.items).toEqual([
      expect.objectContaining({ action: 'list', entityType: 'person', details: { ids: shown }, requestId: 'list-1' }),
    ]);
  });

  it('pages newest first with a cursor, and filters by actor and time', async () => {
    const first = (await auditEvents(`actorId=${admin.user.id}&limit=1`)).json();
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await auditEvents(`actorId=${admin.user.id}&limit=1&cursor=${first.nextCursor}`)).json();
    expect(Number(second.items[0].id)).toBeLessThan(Number(first.items[0].id));
    const future = (await auditEvents(`from=${encodeURIComponent('2999-01-01T00:00:00Z')}`)).json();
    expect(future).toEqual({ items: [], nextCursor: null });
  });

  it('answers 400 naming the field for a bad filter or cursor', async () => {
    const badCursor = await auditEvents('cursor=garbage');
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    const badLimit = await auditEvents('limit=501');
    expect(badLimit.json().errors).toEqual([expect.objectContaining({ field: 'limit' })]);
    const badDate = await auditEvents('from=yesterday');
    expect(badDate.json().errors).toEqual([expect.objectContaining({ field: 'from' })]);
  });

  it('refuses a time filter that is no date, which the Date constructor used to read as 2001-01-01', async () => {
    for (const garbage of ['1', "' OR '1'='1", 'x 5']) {
      const response = await auditEvents(`from=${encodeURIComponent(garbage)}`);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([expect.objectContaining({ field: 'from' })]);
    }
    expect((await auditEvents('to=2026-02-30')).statusCode).toBe(400);
    expect((await auditEvents('from=2026-03-14')).statusCode).toBe(200);
    expect((await auditEvents(`to=${encodeURIComponent('2999-01-01T00:00:00-06:00')}`)).statusCode).toBe(200);
  });

  it('is for admins only', async () => {
    const coordinator = await loggedInUser(testApp.app, { role: 'coordinator' });
    expect((await auditEvents('', coordinator)).statusCode).toBe(403);
  });
});
