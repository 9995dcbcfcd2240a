import { admitted, comarApplication, createAssignedApplication, postEvent } from '../factories/asylum.factory';
import { createShelter, person } from '../factories/intake.factory';
import { loggedInUser, LoggedIn } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

interface DeadlineView {
  kind: string;
  dueOn: string;
  met: boolean;
  late: boolean;
  open: boolean;
  basis: string;
  ruleVersion: string;
}

describe('asylum: closures per office, late filings, remedies after COMAR', () => {
  let testApp: TestApp;
  let admin: LoggedIn;
  let lawyer: LoggedIn;
  let persons: string[];

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    const shelter = await createShelter(testApp.app, admin);
    lawyer = await loggedInUser(testApp.app, { role: 'lawyer' });
    persons = await admitted(
      testApp.app,
      admin,
      shelter.id,
      ['Uno', 'Dos', 'Tres'].map((givenNames) => person({ givenNames })),
    );
  });
  afterAll(() => testApp.close());

  const shown = async (id: string) => {
    const response = await testApp.app.inject({
      method: 'GET',
      url: `/api/v1/asylum-applications/${id}`,
      headers: lawyer.headers,
    });
    expect(response.statusCode).toBe(200);
    return response.json() as {
      status: string;
      deadlines: DeadlineView[];
      events: { type: string; late: boolean }[];
    };
  };
  const deadlineOf = async (id: string, kind: string) => (await shown(id)).deadlines.find((d) => d.kind === kind);
  const recorded = async (id: string, payload: object) => {
    const response = await postEvent(testApp.app, lawyer, id, payload);
    expect(response.statusCode).toBe(201);
    return response.json();
  };

  it('applies a closure to the offices it names, and clears the late flag of a filing it puts back in time', async () => {
    // Entry Fri 5 Jun 2026: filing due Fri 17 Jul; filed Mon 20 Jul, late.
    const palenque = await createAssignedApplication(
      testApp.app,
      lawyer,
      comarApplication(persons[0], { office: 'COMAR Palenque' }),
    );
    const tapachula = await createAssignedApplication(
      testApp.app,
      lawyer,
      comarApplication(persons[1], { office: 'Oficina de la COMAR en Tapachula' }),
    );
    await recorded(palenque.id, {
      type: 'filed',
      occurredOn: '2026-07-20',
      lateJustification: 'Estuvo hospitalizado.',
    });
    expect((await shown(palenque.id)).events[0]).toMatchObject({ type: 'filed', late: true });

    const entered = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/calendar/closures',
      headers: admin.headers,
      payload: { date: '2026-07-01', reference: 'Aviso de la COMAR, oficina de Palenque', offices: ['Palenque'] },
    });
    expect(entered.statusCode).toBe(201);
    expect(entered.json()).toMatchObject({ date: '2026-07-01', offices: ['Palenque'] });

    // Palenque counts one business day fewer: due Mon 20 Jul, the day it was filed. Tapachula does not.
    expect(await deadlineOf(palenque.id, 'comar_filing')).toMatchObject({
      dueOn: '2026-07-20',
      met: true,
      late: false,
    });
    expect((await shown(palenque.id)).events[0]).toMatchObject({ type: 'filed', late: false });
    expect(await deadlineOf(tapachula.id, 'comar_filing')).toMatchObject({ dueOn: '2026-07-17', open: true });

    const listed = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/calendar/closures',
      headers: lawyer.headers,
    });
    expect(listed.json().items).toEqual([expect.objectContaining({ date: '2026-07-01', offices: ['Palenque'] })]);

    const notAName = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/calendar/closures',
      headers: admin.headers,
      payload: { date: '2026-07-02', reference: 'Aviso', offices: ['123'] },
    });
    expect(notAName.statusCode).toBe(400);
    expect(notAName.json().errors).toEqual([expect.objectContaining({ field: 'offices' })]);
  });

  it('follows an abandonment to its recurso de revisión, and the appeal ruling to the courts', async () => {
    const application = await createAssignedApplication(testApp.app, lawyer, comarApplication(persons[2]));
    await recorded(application.id, { type: 'filed', occurredOn: '2026-06-10' });
    // Notified Wed 5 Aug: Aug 6-7 = 1-2, 10-14 = 3-7, 17-21 = 8-12, 24-26 = 13-15.
    await recorded(application.id, { type: 'abandoned', occurredOn: '2026-08-03', notifiedOn: '2026-08-05' });
    const revision = await deadlineOf(application.id, 'abandonment_appeal');
    expect(revision).toMatchObject({ dueOn: '2026-08-26', open: true, met: false });
    expect(revision!.basis).toContain('art. 25');

    await recorded(application.id, { type: 'appeal_filed', occurredOn: '2026-08-20' });
    expect(await deadlineOf(application.id, 'abandonment_appeal')).toMatchObject({ met: true, open: false });
    await recorded(application.id, {
      type: 'appeal_decision',
      occurredOn: '2026-09-04',
      outcome: 'denied',
    });
    expect(await deadlineOf(application.id, 'amparo')).toMatchObject({ dueOn: '2026-09-28', open: true });
    expect(await deadlineOf(application.id, 'nullity_suit')).toMatchObject({ dueOn: '2026-10-19', open: true });
    const open = await testApp.app.inject({
      method: 'GET',
      url: `/api/v1/deadlines?lawyerId=${lawyer.user.id}`,
      headers: lawyer.headers,
    });
    const kinds = (open.json().items as { applicationId: string; kind: string }[])
      .filter((item) => item.applicationId === application.id)
      .map((item) => item.kind);
    expect(kinds).toEqual(['amparo', 'nullity_suit']);

    const inCourt = await recorded(application.id, { type: 'amparo_filed', occurredOn: '2026-09-25' });
    expect(inCourt.status).toBe('in_court');
    expect(await deadlineOf(application.id, 'amparo')).toMatchObject({ met: true, open: false });
    expect(await deadlineOf(application.id, 'nullity_suit')).toMatchObject({ met: false, open: false });
  });
});
