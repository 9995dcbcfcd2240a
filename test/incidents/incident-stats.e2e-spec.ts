import {
  actBy,
  createIncident,
  decideConsent,
  incidentPayload,
  recordConsent,
  reviewIncident,
} from '../factories/incident.factory';
import { createShelter, ShelterView } from '../factories/intake.factory';
import { loggedInUser, LoggedIn } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

interface Cell {
  key: string;
  count: number | null;
  suppressed: boolean;
}

describe('incident statistics', () => {
  let testApp: TestApp;
  let admin: LoggedIn;
  let palenque: ShelterView;
  let tenosique: ShelterView;
  let worker: LoggedIn;
  let coordinator: LoggedIn;
  let otherCoordinator: LoggedIn;

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    palenque = await createShelter(testApp.app, admin);
    tenosique = await createShelter(testApp.app, admin);
    worker = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [palenque.id] });
    coordinator = await loggedInUser(testApp.app, { role: 'coordinator', shelterIds: [palenque.id] });
    otherCoordinator = await loggedInUser(testApp.app, { role: 'coordinator', shelterIds: [tenosique.id] });
  });
  afterAll(async () => {
    await testApp.close();
  });

  /** An incident recorded by the Palenque worker; verified by its coordinator unless told otherwise. */
  async function incident(overrides: Record<string, unknown>, review: 'verified' | 'rejected' | null = 'verified') {
    const id = await createIncident(testApp.app, worker, incidentPayload(palenque.id, overrides));
    if (review) expect((await reviewIncident(testApp.app, coordinator, id, review)).statusCode).toBe(200);
    return id;
  }

  const stats = async (query: string, as: LoggedIn = admin) => {
    const response = await testApp.app.inject({
      method: 'GET',
      url: `/api/v1/stats/incidents?${query}`,
      headers: as.headers,
    });
    expect(response.statusCode).toBe(200);
    return response.json();
  };
  const cell = (body: { cells: Cell[] }, key: string) => body.cells.find((c) => c.key === key);

  it('hides a count under 5 and the cell that would give it away, and publishes the total', async () => {
    for (let day = 1; day <= 12; day++) {
      await incident({ occurredOn: `2026-03-${String(day).padStart(2, '0')}`, acts: [actBy('inm_agent')] });
    }
    for (let day = 13; day <= 15; day++)
      await incident({ occurredOn: `2026-03-${day}`, acts: [actBy('organized_crime')] });
    // None of these may count: not reviewed, rejected, or without consent to share.
    await incident({ occurredOn: '2026-03-20', acts: [actBy('military')] }, null);
    await incident({ occurredOn: '2026-03-21', acts: [actBy('military')] }, 'rejected');
    await incident({ occurredOn: '2026-03-22', acts: [actBy('smuggler')], consent: { level: 'none' } });

    const byPerpetrator = await stats('groupBy=perpetratorType&from=2026-03-01&to=2026-03-31');
    expect(byPerpetrator).toMatchObject({
      groupBy: 'perpetratorType',
      from: '2026-03-01',
      to: '2026-03-31',
      minCellSize: 5,
    });
    expect(cell(byPerpetrator, 'organized_crime')).toEqual({ key: 'organized_crime', count: null, suppressed: true });
    // 12 alone is safe, but with the total published it would give the 3 away.
    expect(cell(byPerpetrator, 'inm_agent')).toEqual({ key: 'inm_agent', count: null, suppressed: true });
    expect(cell(byPerpetrator, 'military')).toEqual({ key: 'military', count: 0, suppressed: false });
    expect(cell(byPerpetrator, 'smuggler')).toEqual({ key: 'smuggler', count: 0, suppressed: false });
    expect(byPerpetrator.cells.map((c: Cell) => c.key)).toHaveLength(11);
    expect(byPerpetrator.total).toEqual({ count: 15, suppressed: false });

    expect((await stats('groupBy=state&from=2026-03-01&to=2026-03-31')).cells).toEqual([
      { key: 'Chiapas', count: 15, suppressed: false },
    ]);
    expect((await stats('groupBy=month&from=2026-03-01&to=2026-03-31')).cells).toEqual([
      { key: '2026-03', count: 15, suppressed: false },
    ]);
    const byAct = await stats('groupBy=actType&from=2026-03-01&to=2026-03-31');
    expect(cell(byAct, 'extortion')).toEqual({ key: 'extortion', count: 15, suppressed: false });
    expect(byAct.total).toEqual({ count: 15, suppressed: false });
  });

  it('shows every count of 5 or more of a calendar quarter when nothing small needs hiding', async () => {
    for (let day = 1; day <= 5; day++) await incident({ occurredOn: `2025-07-0${day}`, acts: [actBy('military')] });
    for (let day = 1; day <= 7; day++) await incident({ occurredOn: `2025-09-0${day}`, acts: [actBy('state_police')] });
    const byMonth = await stats('groupBy=month&from=2025-07-01&to=2025-09-30');
    expect(byMonth).toMatchObject({ from: '2025-07-01', to: '2025-09-30' });
    expect(byMonth.cells).toEqual([
      { key: '2025-07', count: 5, suppressed: false },
      { key: '2025-09', count: 7, suppressed: false },
    ]);
    expect(byMonth.total).toEqual({ count: 12, suppressed: false });
  });

  it('drops an incident from the counts once its consent is withdrawn, and takes it back on a new consent', async () => {
    const tabasco = { state: 'Tabasco', municipality: 'Tenosique', placeType: 'highway' };
    const ids: string[] = [];
    for (let day = 1; day <= 6; day++) {
      ids.push(await incident({ occurredOn: `2026-04-0${day}`, location: tabasco, acts: [actBy('federal_police')] }));
    }
    const april = 'groupBy=state&from=2026-04-01&to=2026-04-30';
    expect(cell(await stats(april), 'Tabasco')).toEqual({ key: 'Tabasco', count: 6, suppressed: false });

    expect((await recordConsent(testApp.app, worker, ids[0], { level: 'none' })).statusCode).toBe(201);
    expect(cell(await stats(april), 'Tabasco')).toEqual({ key: 'Tabasco', count: 5, suppressed: false });

    await recordConsent(testApp.app, worker, ids[1], { level: 'none' });
    const four = await stats(april);
    expect(cell(four, 'Tabasco')).toEqual({ key: 'Tabasco', count: null, suppressed: true });
    expect(four.total).toEqual({ count: null, suppressed: true });

    // A raise by a worker counts only once a coordinator has confirmed it.
    const raised = await recordConsent(testApp.app, worker, ids[1], { level: 'identified' });
    expect(raised.json().status).toBe('pending');
    expect(cell(await stats(april), 'Tabasco')).toEqual({ key: 'Tabasco', count: null, suppressed: true });
    expect((await decideConsent(testApp.app, coordinator, ids[1], raised.json().version)).statusCode).toBe(200);
    expect(cell(await stats(april), 'Tabasco')).toEqual({ key: 'Tabasco', count: 5, suppressed: false });
  });

  it("counts a coordinator's own shelters only", async () => {
    const mine = await stats('groupBy=perpetratorType&from=2026-03-01&to=2026-03-31', coordinator);
    expect(mine.total).toEqual({ count: 15, suppressed: false });
    const theirs = await stats('groupBy=perpetratorType&from=2026-03-01&to=2026-03-31', otherCoordinator);
    expect(theirs.total).toEqual({ count: 0, suppressed: false });
    expect(theirs.cells.every((c: Cell) => c.count === 0)).toBe(true);
    expect((await stats('groupBy=state&from=2026-03-01&to=2026-03-31', otherCoordinator)).cells).toEqual([]);
  });

  it('is for admins and coordinators only', async () => {
    for (const role of ['shelter_worker', 'lawyer', 'partner'] as const) {
      const user = await loggedInUser(testApp.app, {
        role,
        shelterIds: role === 'shelter_worker' ? [palenque.id] : undefined,
      });
      const response = await testApp.app.inject({
        method: 'GET',
        url: '/api/v1/stats/incidents?groupBy=state&from=2026-03-01&to=2026-03-31',
        headers: user.headers,
      });
      expect(response.statusCode).toBe(403);
    }
  });

  it.each([
    ['groupBy=nationality', 'groupBy'],
    ['', 'groupBy'],
    ['groupBy=state&from=2026-04-30&to=2026-04-01', 'to'],
    ['groupBy=state&from=2026-02-30&to=2026-03-31', 'from'],
    ['groupBy=state&to=2026-03-31', 'from'],
    ['groupBy=state&from=2026-03-01', 'to'],
  ])('refuses ?%s with 400 naming %s', async (query, field) => {
    const response = await testApp.app.inject({
      method: 'GET',
      url: `/api/v1/stats/incidents?${query}`,
      headers: admin.headers,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((error: { field: string }) => error.field)).toContain(field);
  });

  // Two tables over overlapping free periods differ by a few days: that difference singled out one incident.
  it.each([
    ['from=2026-03-02&to=2026-03-31', 'from'],
    ['from=2026-03-01&to=2026-03-30', 'to'],
    ['from=2026-02-01&to=2026-03-31', 'to'],
    ['from=2026-03-01&to=2026-05-31', 'to'],
    ['from=2026-02-01&to=2027-01-31', 'to'],
  ])(
    'refuses the period ?%s, which is no whole calendar month, quarter, half-year or year, with 422 naming %s',
    async (period, field) => {
      const response = await testApp.app.inject({
        method: 'GET',
        url: `/api/v1/stats/incidents?groupBy=actType&${period}`,
        headers: admin.headers,
      });
      expect(response.statusCode).toBe(422);
      expect(response.json().errors.map((error: { field: string }) => error.field)).toEqual([field]);
    },
  );

  it('takes a calendar year and a half-year as periods', async () => {
    expect((await stats('groupBy=month&from=2026-01-01&to=2026-12-31')).total.count).toBeGreaterThanOrEqual(15);
    expect((await stats('groupBy=month&from=2026-01-01&to=2026-06-30')).total.count).toBeGreaterThanOrEqual(15);
  });
});
