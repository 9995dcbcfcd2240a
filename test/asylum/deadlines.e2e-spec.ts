import { Client } from 'pg';

import { admitted, comarApplication, createAssignedApplication, postEvent } from '../factories/asylum.factory';
import { createShelter, person } from '../factories/intake.factory';
import { loggedInUser, LoggedIn } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

interface OpenDeadline {
  applicationId: string;
  kind: string;
  dueOn: string;
  lawyerId: string;
  basis: string;
  ruleVersion: string;
  met: boolean;
  open: boolean;
}

describe('deadlines and the closure calendar', () => {
  let testApp: TestApp;
  let db: Client;
  let admin: LoggedIn;
  let lawyer: LoggedIn;
  let otherLawyer: LoggedIn;
  let persons: string[];

  beforeAll(async () => {
    testApp = await startTestApp();
    db = new Client({ connectionString: testApp.config.databaseUrl });
    await db.connect();
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    const shelter = await createShelter(testApp.app, admin);
    lawyer = await loggedInUser(testApp.app, { role: 'lawyer' });
    otherLawyer = await loggedInUser(testApp.app, { role: 'lawyer' });
    persons = await admitted(
      testApp.app,
      admin,
      shelter.id,
      ['Uno', 'Dos', 'Tres', 'Cuatro'].map((givenNames) => person({ givenNames })),
    );
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  const get = (url: string, as: LoggedIn) => testApp.app.inject({ method: 'GET', url, headers: as.headers });
  const openDeadlines = async (query: string, as: LoggedIn): Promise<OpenDeadline[]> => {
    const response = await get(`/api/v1/deadlines${query}`, as);
    expect(response.statusCode).toBe(200);
    return response.json().items;
  };

  it('lists open deadlines soonest first, only the caller’s, cut by dueBefore, page by page', async () => {
    // Entry Fri 7 Aug 2026: filing due Mon 21 Sep (16 Sep is a holiday); entry Fri 5 Jun: due Fri 17 Jul.
    const later = await createAssignedApplication(
      testApp.app,
      lawyer,
      comarApplication(persons[0], { enteredCountryOn: '2026-08-07' }),
    );
    const sooner = await createAssignedApplication(
      testApp.app,
      lawyer,
      comarApplication(persons[1], { enteredCountryOn: '2026-06-05' }),
    );
    const met = await createAssignedApplication(testApp.app, lawyer, comarApplication(persons[2]));
    await postEvent(testApp.app, lawyer, met.id, { type: 'withdrawn', occurredOn: '2026-06-10' });
    const someoneElses = await createAssignedApplication(testApp.app, otherLawyer, comarApplication(persons[3]));

    const mine = await openDeadlines('', lawyer);
    expect(mine.map((item) => [item.applicationId, item.kind, item.dueOn])).toEqual([
      [sooner.id, 'comar_filing', '2026-07-17'],
      [later.id, 'comar_filing', '2026-09-21'],
    ]);
    expect(mine[0]).toMatchObject({
      lawyerId: lawyer.user.id,
      met: false,
      open: true,
      ruleVersion: expect.any(String),
    });
    expect(mine[0].basis).toContain('art. 18');

    expect((await openDeadlines('?dueBefore=2026-09-21', lawyer)).map((item) => item.applicationId)).toEqual([
      sooner.id,
    ]);
    expect((await openDeadlines('?dueBefore=2026-09-22', lawyer)).map((item) => item.applicationId)).toEqual([
      sooner.id,
      later.id,
    ]);
    const filtered = await openDeadlines(`?lawyerId=${otherLawyer.user.id}`, admin);
    expect(filtered.map((item) => item.applicationId)).toEqual([someoneElses.id]);
    expect(await openDeadlines(`?lawyerId=${otherLawyer.user.id}`, lawyer)).toEqual([]);

    const first = (await get('/api/v1/deadlines?limit=1', lawyer)).json();
    expect(first.items.map((item: OpenDeadline) => item.applicationId)).toEqual([sooner.id]);
    const second = (await get(`/api/v1/deadlines?limit=1&cursor=${first.nextCursor}`, lawyer)).json();
    expect(second.items.map((item: OpenDeadline) => item.applicationId)).toEqual([later.id]);
    expect(second.nextCursor).toBeNull();

    const audited = await db.query(
      "SELECT details FROM audit_events WHERE actor_id = $1 AND action = 'list' AND entity_type = 'asylum_application'",
      [lawyer.user.id],
    );
    expect(audited.rows.map((row) => row.details.ids)).toContainEqual([sooner.id, later.id]);
  });

  it.each([
    ['an impossible date', '?dueBefore=2026-02-30', 'dueBefore'],
    ['a lawyer id that is not a UUID', '?lawyerId=ana', 'lawyerId'],
    ['a forged cursor', '?cursor=WyIyMDI2LTEzLTQwIiwieCIsMV0', 'cursor'],
  ])('refuses %s with 400 naming it', async (_case, query, field) => {
    const response = await get(`/api/v1/deadlines${query}`, lawyer);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([expect.objectContaining({ field })]);
  });

  it('moves an open deadline when an admin enters a closure day before it', async () => {
    const application = await createAssignedApplication(testApp.app, otherLawyer, comarApplication(persons[0]));
    const dueOf = async () =>
      (await openDeadlines(`?lawyerId=${otherLawyer.user.id}`, otherLawyer)).find(
        (item) => item.applicationId === application.id,
      )?.dueOn;
    expect(await dueOf()).toBe('2026-07-17');

    const closure = { date: '2026-07-01', reference: 'DOF 2026-06-20, acuerdo de días inhábiles' };
    const entered = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/calendar/closures',
      headers: admin.headers,
      payload: closure,
    });
    expect(entered.statusCode).toBe(201);
    expect(entered.json()).toMatchObject({ ...closure, enteredBy: admin.user.id });
    expect(entered.json().recomputedApplications).toBeGreaterThanOrEqual(1);
    // Wed 1 Jul no longer counts: the 30th business day moves from Fri 17 to Mon 20 Jul.
    expect(await dueOf()).toBe('2026-07-20');
    const shown = (await get(`/api/v1/asylum-applications/${application.id}`, otherLawyer)).json();
    expect(shown.deadlines[0]).toMatchObject({ kind: 'comar_filing', dueOn: '2026-07-20' });

    const after = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/calendar/closures',
      headers: admin.headers,
      payload: { date: '2026-08-03', reference: 'después del plazo' },
    });
    expect(after.statusCode).toBe(201);
    expect(await dueOf()).toBe('2026-07-20');

    const listed = (await get('/api/v1/calendar/closures', lawyer)).json();
    expect(listed.items.map((item: { date: string }) => item.date)).toEqual(['2026-07-01', '2026-08-03']);
  });

  it('refuses a closure from anyone but an admin, twice the same day, or on an impossible date', async () => {
    const post = (as: LoggedIn, payload: object) =>
      testApp.app.inject({ method: 'POST', url: '/api/v1/calendar/closures', headers: as.headers, payload });
    expect((await post(lawyer, { date: '2026-12-24', reference: 'DOF' })).statusCode).toBe(403);
    expect((await post(admin, { date: '2026-12-24', reference: 'DOF 2026-12-01' })).statusCode).toBe(201);
    const twice = await post(admin, { date: '2026-12-24', reference: 'DOF 2026-12-01' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().errors).toEqual([expect.objectContaining({ field: 'date' })]);
    const impossible = await post(admin, { date: '2026-02-30', reference: 'DOF' });
    expect(impossible.statusCode).toBe(400);
    expect(impossible.json().errors).toEqual([expect.objectContaining({ field: 'date' })]);
  });

  it('enters a closure while events are being recorded on the applications it moves, without failing either', async () => {
    const applications = await Promise.all(
      persons.map((personId) => createAssignedApplication(testApp.app, lawyer, comarApplication(personId))),
    );
    const responses = await Promise.all([
      testApp.app.inject({
        method: 'POST',
        url: '/api/v1/calendar/closures',
        headers: admin.headers,
        payload: { date: '2026-07-02', reference: 'DOF 2026-06-25' },
      }),
      ...applications.map((application) =>
        postEvent(testApp.app, lawyer, application.id, { type: 'filed', occurredOn: '2026-07-10' }),
      ),
    ]);
    expect(responses.map((response) => response.statusCode)).toEqual([201, 201, 201, 201, 201]);
    // Both closures (1 and 2 Jul) count for every one of them, whichever committed first.
    for (const application of applications) {
      const shown = (await get(`/api/v1/asylum-applications/${application.id}`, lawyer)).json();
      expect(shown.deadlines[0]).toMatchObject({ kind: 'comar_filing', dueOn: '2026-07-21', met: true });
    }
  });
});
