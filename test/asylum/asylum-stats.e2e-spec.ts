import { admitted, comarApplication, createAssignedApplication, postEvent } from '../factories/asylum.factory';
import { createShelter, person } from '../factories/intake.factory';
import { loggedInUser, LoggedIn } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

describe('asylum statistics', () => {
  let testApp: TestApp;
  let lawyer: LoggedIn;

  /** One application of the lawyer taken to a first-instance outcome on `decidedOn`. */
  async function decided(personId: string, jurisdiction: string, outcome: string, decidedOn: string) {
    const application = await createAssignedApplication(testApp.app, lawyer, {
      ...comarApplication(personId, { enteredCountryOn: '2026-02-02' }),
      jurisdiction,
    });
    const filed = await postEvent(testApp.app, lawyer, application.id, {
      type: 'filed',
      occurredOn: '2026-02-20',
    });
    expect(filed.statusCode).toBe(201);
    const decision = await postEvent(testApp.app, lawyer, application.id, {
      type: 'decision',
      occurredOn: decidedOn,
      outcome,
    });
    expect(decision.statusCode).toBe(201);
  }

  beforeAll(async () => {
    testApp = await startTestApp();
    const admin = await loggedInUser(testApp.app, { role: 'admin' });
    const shelter = await createShelter(testApp.app, admin);
    lawyer = await loggedInUser(testApp.app, { role: 'lawyer' });
    const [sv1, sv2, sv3, hn1, hn2] = await admitted(testApp.app, admin, shelter.id, [
      person({ givenNames: 'A', nationality: 'SV' }),
      person({ givenNames: 'B', nationality: 'SV' }),
      person({ givenNames: 'C', nationality: 'SV' }),
      person({ givenNames: 'D', nationality: 'HN' }),
      person({ givenNames: 'E', nationality: 'HN' }),
    ]);
    await decided(sv1, 'MX_COMAR', 'denied', '2026-05-04');
    await decided(sv2, 'MX_COMAR', 'recognized', '2026-05-05');
    await decided(sv3, 'MX_COMAR', 'complementary_protection', '2026-08-03');
    await decided(hn1, 'MX_COMAR', 'denied', '2026-05-06');
    await decided(hn2, 'US_AFFIRMATIVE', 'referred_to_court', '2026-05-07');
    // Another lawyer's decision stays out of this lawyer's numbers.
    const other = await loggedInUser(testApp.app, { role: 'lawyer' });
    const foreign = await createAssignedApplication(
      testApp.app,
      other,
      comarApplication(sv1, { enteredCountryOn: '2026-02-02' }),
    );
    await postEvent(testApp.app, other, foreign.id, { type: 'filed', occurredOn: '2026-02-20' });
    await postEvent(testApp.app, other, foreign.id, {
      type: 'decision',
      occurredOn: '2026-05-04',
      outcome: 'recognized',
    });
  });
  afterAll(async () => {
    await testApp.close();
  });

  const stats = (query: string) =>
    testApp.app.inject({ method: 'GET', url: `/api/v1/stats/asylum${query}`, headers: lawyer.headers });

  it('counts decisions, grants of any protection, denials and the grant rate by nationality', async () => {
    const response = await stats('?groupBy=nationality');
    expect(response.statusCode).toBe(200);
    expect(response.json().items).toEqual([
      { key: 'HN', decided: 1, granted: 0, denied: 1, referred: 1, grantRate: 0 },
      { key: 'SV', decided: 3, granted: 2, denied: 1, referred: 0, grantRate: 0.6667 },
    ]);
    expect(response.json().total).toEqual({ decided: 4, granted: 2, denied: 2, referred: 1, grantRate: 0.5 });
  });

  it('groups by jurisdiction and keeps to the decisions between from and to', async () => {
    const response = await stats('?groupBy=jurisdiction&from=2026-05-01&to=2026-05-31');
    expect(response.json().items).toEqual([
      { key: 'MX_COMAR', decided: 3, granted: 1, denied: 2, referred: 0, grantRate: 0.3333 },
      { key: 'US_AFFIRMATIVE', decided: 0, granted: 0, denied: 0, referred: 1, grantRate: null },
    ]);
  });

  it('refuses an unknown grouping or a bad date, naming it', async () => {
    expect((await stats('?groupBy=shelter')).json().errors).toEqual([expect.objectContaining({ field: 'groupBy' })]);
    expect((await stats('?groupBy=nationality&from=2026-13-01')).json().errors).toEqual([
      expect.objectContaining({ field: 'from' }),
    ]);
  });
});
