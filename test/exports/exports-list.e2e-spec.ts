import { DataSource } from 'typeorm';

import { createPartner, exportPayload, partnerKeys, partnerPayload, requestExport } from '../factories/export.factory';
import { createOrganization } from '../factories/referral.factory';
import { loggedInUser, LoggedIn, randomUuid } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

/** GET /exports: the list admins keep across pages, and the one partner users see of their own. */
describe('GET /exports', () => {
  let testApp: TestApp;
  let admin: LoggedIn;
  let userOfA: LoggedIn;
  let userOfB: LoggedIn;
  let partnerA: string;
  let partnerB: string;
  const exportsOfA: string[] = [];
  let exportOfB: string;

  const list = (as: LoggedIn, search = '') =>
    testApp.app.inject({ method: 'GET', url: `/api/v1/exports${search}`, headers: as.headers });
  const ids = (response: { json(): { items: { id: string }[] } }) => response.json().items.map((item) => item.id);

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    const [keysA, keysB] = await Promise.all([partnerKeys(), partnerKeys()]);
    const organizationA = await createOrganization(testApp.app, admin, { name: 'Clínica A' });
    const organizationB = await createOrganization(testApp.app, admin, { name: 'Clínica B' });
    partnerA = (
      await createPartner(
        testApp.app,
        admin,
        partnerPayload(keysA.publicKey, { name: 'Clínica A', organizationId: organizationA.id }),
      )
    ).id;
    partnerB = (
      await createPartner(
        testApp.app,
        admin,
        partnerPayload(keysB.publicKey, { name: 'Clínica B', organizationId: organizationB.id }),
      )
    ).id;
    userOfA = await loggedInUser(testApp.app, { role: 'partner', organizationId: organizationA.id });
    userOfB = await loggedInUser(testApp.app, { role: 'partner', organizationId: organizationB.id });
    for (const period of [
      { from: '2026-01-01', to: '2026-01-31' },
      { from: '2026-02-01', to: '2026-02-28' },
      { from: '2026-03-01', to: '2026-03-31' },
    ]) {
      const response = await requestExport(testApp.app, admin, exportPayload(partnerA, period));
      expect(response.statusCode).toBe(202);
      exportsOfA.push(response.json().id);
    }
    exportOfB = (await requestExport(testApp.app, admin, exportPayload(partnerB))).json().id;
    // The one of February finished (no worker runs here): the status filter finds it.
    await testApp.app
      .get(DataSource)
      .query(`UPDATE exports SET status = 'completed', progress = 100 WHERE id = $1`, [exportsOfA[1]]);
  });

  afterAll(() => testApp.close());

  it('lists every export to an admin, newest first, a page at a time with the cursor', async () => {
    const all = await list(admin);
    expect(all.statusCode).toBe(200);
    expect(ids(all)).toEqual([exportOfB, ...[...exportsOfA].reverse()]);
    expect(all.json().items[0]).toMatchObject({ partnerId: partnerB, dataset: 'incidents_aggregate', format: 'csv' });
    expect(all.json().items[0]).not.toHaveProperty('deliveries');

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(admin, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.statusCode).toBe(200);
      seen.push(...ids(page));
      cursor = page.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids(all));
  });

  it('filters by partner and by status', async () => {
    expect(ids(await list(admin, `?partnerId=${partnerB}`))).toEqual([exportOfB]);
    expect(ids(await list(admin, `?partnerId=${partnerA}&status=completed`))).toEqual([exportsOfA[1]]);
    expect(ids(await list(admin, `?status=queued`))).not.toContain(exportsOfA[1]);
  });

  it("shows a partner user only its organization's exports; another's partner id answers as an id of no partner", async () => {
    expect(ids(await list(userOfA))).toEqual([...exportsOfA].reverse());
    expect(ids(await list(userOfB))).toEqual([exportOfB]);
    const foreign = await list(userOfA, `?partnerId=${partnerB}`);
    const unknown = await list(userOfA, `?partnerId=${randomUuid()}`);
    expect(foreign.statusCode).toBe(200);
    expect(foreign.json()).toEqual({ items: [], nextCursor: null });
    expect(unknown.json()).toEqual(foreign.json());
    expect(ids(await list(userOfA, `?partnerId=${partnerA}&status=completed`))).toEqual([exportsOfA[1]]);
  });

  it('answers a partner user whose organization has no partner with nothing, and other roles 403', async () => {
    const unlinked = await loggedInUser(testApp.app, { role: 'partner' });
    expect((await list(unlinked)).json().items).toEqual([]);
    for (const role of ['coordinator', 'shelter_worker', 'lawyer'] as const) {
      const other = await loggedInUser(testApp.app, { role });
      expect((await list(other)).statusCode).toBe(403);
    }
  });

  it('refuses a bad status, partner id or cursor with a problem naming the field', async () => {
    for (const [search, field] of [
      ['?status=done', 'status'],
      ['?partnerId=not-a-uuid', 'partnerId'],
      ['?cursor=%21%21%21', 'cursor'],
      ['?limit=0', 'limit'],
    ]) {
      const response = await list(admin, search);
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors.map((error: { field: string }) => error.field)).toContain(field);
    }
  });
});
