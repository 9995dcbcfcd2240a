import { createShelter, familyOfFour, person, postIntake, ShelterView } from '../factories/intake.factory';
import { loggedInUser, LoggedIn } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

/** The day `n` days before today in central Mexico (YYYY-MM-DD). */
const daysAgo = (n: number): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Mexico_City', dateStyle: 'short' }).format(
    new Date(Date.now() - n * 24 * 3600 * 1000),
  );
/** Ten in the morning of that day in central Mexico (no daylight saving since 2022). */
const morningOf = (day: string): string => `${day}T10:00:00-06:00`;

interface History {
  shelterId: string;
  capacity: number;
  from: string;
  to: string;
  days: { date: string; present: number }[];
  arrivals: {
    minCellSize: number;
    weeks: { week: string; count: number | null; suppressed: boolean }[];
    cells: { week: string; nationality: string; count: number | null; suppressed: boolean }[];
  };
}

describe('GET /shelters/:id/occupancy/history: the coordinator dashboard’s occupancy and arrivals', () => {
  let testApp: TestApp;
  let admin: LoggedIn;
  let coordinator: LoggedIn;
  let otherCoordinator: LoggedIn;
  let worker: LoggedIn;
  let shelter: ShelterView;
  let otherShelter: ShelterView;

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    shelter = await createShelter(testApp.app, admin, { capacity: 20 });
    otherShelter = await createShelter(testApp.app, admin);
    coordinator = await loggedInUser(testApp.app, { role: 'coordinator', shelterIds: [shelter.id] });
    otherCoordinator = await loggedInUser(testApp.app, { role: 'coordinator', shelterIds: [otherShelter.id] });
    worker = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [shelter.id] });

    // Two families of four from El Salvador ten days ago, one Honduran three days ago; one leaves five days ago.
    const first = (await postIntake(testApp.app, worker, familyOfFour(shelter.id, morningOf(daysAgo(10))))).json();
    await postIntake(testApp.app, worker, familyOfFour(shelter.id, morningOf(daysAgo(10))));
    const alone = await postIntake(testApp.app, worker, {
      shelterId: shelter.id,
      arrivedAt: morningOf(daysAgo(3)),
      members: [{ person: person({ nationality: 'HN' }), relationship: 'head' }],
      reasonsForLeaving: ['economic'],
      vulnerabilities: [],
      previousDeportations: [],
    });
    expect(alone.statusCode).toBe(201);
    const checkout = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/stays/${first.stays[0].id}/checkout`,
      headers: worker.headers,
      payload: { departedAt: morningOf(daysAgo(5)), destination: 'continued_north' },
    });
    expect(checkout.statusCode).toBe(200);
    // The other shelter's arrivals never reach this one's dashboard.
    await postIntake(testApp.app, admin, familyOfFour(otherShelter.id, morningOf(daysAgo(10))));
  });
  afterAll(() => testApp.close());

  const history = (as: LoggedIn, shelterId: string, query = '') =>
    testApp.app.inject({
      method: 'GET',
      url: `/api/v1/shelters/${shelterId}/occupancy/history${query}`,
      headers: as.headers,
    });

  it('counts the people present at the end of each of the last 90 days', async () => {
    const response = await history(coordinator, shelter.id);
    expect(response.statusCode).toBe(200);
    const body = response.json() as History;
    expect(body.days).toHaveLength(90);
    expect(body.from).toBe(daysAgo(89));
    expect(body.to).toBe(daysAgo(0));
    expect(body.capacity).toBe(20);
    const present = new Map(body.days.map((day) => [day.date, day.present]));
    expect(present.get(daysAgo(11))).toBe(0);
    expect(present.get(daysAgo(10))).toBe(8);
    expect(present.get(daysAgo(6))).toBe(8);
    expect(present.get(daysAgo(5))).toBe(7);
    expect(present.get(daysAgo(3))).toBe(8);
    expect(present.get(daysAgo(0))).toBe(8);
  });

  it('counts arrivals per week and nationality, a lone arrival suppressed (null), never shown as 0', async () => {
    const body = (await history(coordinator, shelter.id, '?days=30')).json() as History;
    expect(body.days).toHaveLength(30);
    expect(body.arrivals.minCellSize).toBe(5);
    const cells = body.arrivals.cells;
    expect(new Set(cells.map((cell) => cell.nationality))).toEqual(new Set(['HN', 'SV']));
    const lone = cells.find((cell) => cell.nationality === 'HN' && cell.count !== 0);
    expect(lone).toEqual(expect.objectContaining({ count: null, suppressed: true }));
    // Every hidden value is null, every shown one a number; the published week totals never reveal the lone one.
    for (const value of [...cells, ...body.arrivals.weeks]) {
      expect(value.suppressed ? value.count === null : typeof value.count === 'number').toBe(true);
    }
    const loneWeek = body.arrivals.weeks.find((week) => week.week === lone!.week)!;
    expect(loneWeek).toEqual(expect.objectContaining({ count: null, suppressed: true }));
    expect(body.arrivals.weeks.map((week) => week.week)).toEqual([...body.arrivals.weeks.map((w) => w.week)].sort());
  });

  it('answers 404 for a shelter of someone else, 403 to a shelter worker, 400 naming days when out of range', async () => {
    expect((await history(otherCoordinator, shelter.id)).statusCode).toBe(404);
    expect((await history(worker, shelter.id)).statusCode).toBe(403);
    for (const days of ['3', '400', 'many', '1.5']) {
      const response = await history(coordinator, shelter.id, `?days=${days}`);
      expect(response.statusCode).toBe(400);
      const fields = (response.json().errors as { field: string }[]).map((error) => error.field);
      expect(new Set(fields)).toEqual(new Set(['days']));
    }
    const admins = (await history(admin, otherShelter.id)).json() as History;
    expect(admins.days[admins.days.length - 1].present).toBe(4);
  });
});
