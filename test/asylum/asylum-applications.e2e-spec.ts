import { Client } from 'pg';

import { admitted, comarApplication, createApplication, postApplication, postEvent } from '../factories/asylum.factory';
import { createShelter, person, ShelterView } from '../factories/intake.factory';
import { loggedInUser, LoggedIn } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

describe('asylum applications', () => {
  let testApp: TestApp;
  let db: Client;
  let admin: LoggedIn;
  let palenque: ShelterView;
  let tenosique: ShelterView;
  let lawyer: LoggedIn;
  let otherLawyer: LoggedIn;
  let coordinator: LoggedIn;
  let otherCoordinator: LoggedIn;
  /** principal, spouse, child admitted at Palenque */
  let family: string[];
  /** two persons admitted at Tenosique */
  let tenosiquePersons: string[];

  beforeAll(async () => {
    testApp = await startTestApp();
    db = new Client({ connectionString: testApp.config.databaseUrl });
    await db.connect();
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    palenque = await createShelter(testApp.app, admin);
    tenosique = await createShelter(testApp.app, admin);
    lawyer = await loggedInUser(testApp.app, { role: 'lawyer' });
    otherLawyer = await loggedInUser(testApp.app, { role: 'lawyer' });
    coordinator = await loggedInUser(testApp.app, { role: 'coordinator', shelterIds: [palenque.id] });
    otherCoordinator = await loggedInUser(testApp.app, { role: 'coordinator', shelterIds: [tenosique.id] });
    family = await admitted(testApp.app, admin, palenque.id, [
      person({ givenNames: 'Principal', nationality: 'SV' }),
      person({ givenNames: 'Cónyuge', sex: 'female', nationality: 'SV' }),
      person({ givenNames: 'Hija', sex: 'female', birthDate: '2018-07-01', nationality: 'SV' }),
    ]);
    tenosiquePersons = await admitted(testApp.app, admin, tenosique.id, [
      person({ givenNames: 'Solicitante', nationality: 'GT' }),
      person({ givenNames: 'Ajena', sex: 'female', nationality: 'GT' }),
    ]);
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  const get = (url: string, as: LoggedIn) => testApp.app.inject({ method: 'GET', url, headers: as.headers });
  const deadline = (body: { deadlines: { kind: string }[] }, kind: string) =>
    body.deadlines.find((candidate) => candidate.kind === kind);

  it('follows a COMAR case: a late filing needs its justification, a denial opens the appeal, the appeal meets it', async () => {
    // Assigned to the lawyer by an admin: a lawyer reaches persons only through her applications.
    const created = await postApplication(
      testApp.app,
      admin,
      comarApplication(family[0], { dependentIds: [family[1], family[2]], lawyerId: lawyer.user.id }),
    );
    expect(created.statusCode).toBe(201);
    const application = created.json();
    expect(application).toMatchObject({
      status: 'preparing',
      lawyerId: lawyer.user.id,
      shelterId: palenque.id,
      nationality: 'SV',
      dependentIds: expect.arrayContaining([family[1], family[2]]),
      allowedEvents: ['filed', 'withdrawn', 'closed'],
    });
    // Entry Fri 5 Jun 2026: 30 business days from Mon 8 Jun, no holiday on the way.
    expect(application.deadlines).toEqual([
      {
        kind: 'comar_filing',
        dueOn: '2026-07-17',
        basis: expect.stringContaining('art. 18'),
        ruleVersion: expect.any(String),
        met: false,
        fulfilledOn: null,
        late: false,
        informative: false,
        open: true,
      },
    ]);

    const unjustified = await postEvent(testApp.app, lawyer, application.id, {
      type: 'filed',
      occurredOn: '2026-07-20',
    });
    expect(unjustified.statusCode).toBe(422);
    expect(unjustified.json().errors).toEqual([expect.objectContaining({ field: 'lateJustification' })]);
    expect(unjustified.json().filingDeadline).toBe('2026-07-17');

    const filed = await postEvent(testApp.app, lawyer, application.id, {
      type: 'filed',
      occurredOn: '2026-07-20',
      lateJustification: 'Estuvo hospitalizado tras el asalto en el camino.',
      note: 'Presentada en la oficina de Palenque.',
    });
    expect(filed.statusCode).toBe(201);
    const afterFiling = filed.json();
    expect(afterFiling.status).toBe('filed');
    expect(afterFiling.events).toEqual([
      expect.objectContaining({
        type: 'filed',
        occurredOn: '2026-07-20',
        late: true,
        lateJustification: 'Estuvo hospitalizado tras el asalto en el camino.',
        note: 'Presentada en la oficina de Palenque.',
        recordedBy: lawyer.user.id,
      }),
    ]);
    expect(deadline(afterFiling, 'comar_filing')).toMatchObject({ met: false, late: true, open: false });
    expect(deadline(afterFiling, 'comar_decision')).toMatchObject({ informative: true, open: true });
    const raw = await db.query(
      'SELECT late_justification_ciphertext, note_ciphertext FROM asylum_events WHERE application_id = $1',
      [application.id],
    );
    expect(raw.rows[0].late_justification_ciphertext).toMatch(/^v2\./);
    expect(raw.rows[0].late_justification_ciphertext).not.toContain('hospitalizado');
    expect(raw.rows[0].note_ciphertext).not.toContain('Palenque');

    // Notified Fri 4 Sep: Sep 7-11 = 1-5, 14-15 = 6-7, 16 Sep holiday, 17-18 = 8-9, 21-25 = 10-14, Mon 28 = 15.
    const denied = await postEvent(testApp.app, lawyer, application.id, {
      type: 'decision',
      occurredOn: '2026-09-01',
      notifiedOn: '2026-09-04',
      outcome: 'denied',
    });
    expect(denied.statusCode).toBe(201);
    expect(denied.json().status).toBe('denied');
    expect(deadline(denied.json(), 'appeal')).toMatchObject({ dueOn: '2026-09-28', open: true, met: false });
    expect(deadline(denied.json(), 'signature')).toBeUndefined();

    const appealed = await postEvent(testApp.app, lawyer, application.id, {
      type: 'appeal_filed',
      occurredOn: '2026-09-25',
    });
    expect(appealed.statusCode).toBe(201);
    expect(appealed.json().status).toBe('appeal_filed');
    expect(deadline(appealed.json(), 'appeal')).toMatchObject({
      dueOn: '2026-09-28',
      met: true,
      fulfilledOn: '2026-09-25',
      open: false,
    });

    const shown = (await get(`/api/v1/asylum-applications/${application.id}`, lawyer)).json();
    expect(shown.events.map((event: { type: string }) => event.type)).toEqual(['filed', 'decision', 'appeal_filed']);
    expect(shown.status).toBe('appeal_filed');
  });

  it('records a timely filing as not late, without asking why', async () => {
    const application = await createApplication(
      testApp.app,
      admin,
      comarApplication(family[1], { lawyerId: lawyer.user.id }),
    );
    const filed = await postEvent(testApp.app, lawyer, application.id, { type: 'filed', occurredOn: '2026-07-17' });
    expect(filed.statusCode).toBe(201);
    expect(filed.json().events[0].late).toBe(false);
    expect(deadline(filed.json(), 'comar_filing')).toMatchObject({ met: true, late: false, open: false });
  });

  it('refuses an event the status does not accept with 409 naming the allowed events', async () => {
    const application = await createApplication(
      testApp.app,
      admin,
      comarApplication(family[2], { lawyerId: lawyer.user.id }),
    );
    const refused = await postEvent(testApp.app, lawyer, application.id, {
      type: 'interview_held',
      occurredOn: '2026-07-01',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json().allowed).toEqual(['filed', 'withdrawn', 'closed']);
    expect(refused.json().detail).toContain('filed, withdrawn, closed');
    const stored = await db.query('SELECT status FROM asylum_applications WHERE id = $1', [application.id]);
    expect(stored.rows[0].status).toBe('preparing');
    expect((await db.query('SELECT 1 FROM asylum_events WHERE application_id = $1', [application.id])).rowCount).toBe(
      0,
    );
  });

  it.each([
    ['a decision without its outcome', { type: 'decision', occurredOn: '2026-07-01' }, 400, 'outcome'],
    [
      'an outcome of another jurisdiction',
      { type: 'decision', occurredOn: '2026-07-01', outcome: 'granted' },
      400,
      'outcome',
    ],
    [
      'an outcome on an event that takes none',
      { type: 'filed', occurredOn: '2026-07-01', outcome: 'denied' },
      400,
      'outcome',
    ],
    ['an unknown event type', { type: 'bribed', occurredOn: '2026-07-01' }, 400, 'type'],
    ['an unknown outcome', { type: 'decision', occurredOn: '2026-07-01', outcome: 'maybe' }, 400, 'outcome'],
    ['an impossible date', { type: 'filed', occurredOn: '2026-02-30' }, 400, 'occurredOn'],
    ['a date in the future', { type: 'filed', occurredOn: '2999-01-01' }, 400, 'occurredOn'],
    [
      'a notification date on a filing',
      { type: 'filed', occurredOn: '2026-07-01', notifiedOn: '2026-07-02' },
      400,
      'notifiedOn',
    ],
    ['an unknown field', { type: 'filed', occurredOn: '2026-07-01', urgent: true }, 400, 'urgent'],
    ['an event before the entry into the country', { type: 'filed', occurredOn: '2026-05-01' }, 422, 'occurredOn'],
  ])('refuses %s naming the field', async (_case, payload, status, field) => {
    const application = await createApplication(testApp.app, admin, {
      ...comarApplication(family[0]),
      lawyerId: lawyer.user.id,
    });
    const refused = await postEvent(testApp.app, lawyer, application.id, payload);
    expect(refused.statusCode).toBe(status);
    expect(refused.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it.each([
    ['an unknown field', { secret: 'x' }, 400, 'secret'],
    ['an unknown jurisdiction', { jurisdiction: 'MX_INM' }, 400, 'jurisdiction'],
    ['unknown grounds', { grounds: 'poverty' }, 400, 'grounds'],
    ['an entry in the future', { enteredCountryOn: '2999-01-01' }, 400, 'enteredCountryOn'],
    ['an impossible entry date', { enteredCountryOn: '2026-02-30' }, 400, 'enteredCountryOn'],
    ['an entry in a year the database does not have', { enteredCountryOn: '0000-06-01' }, 400, 'enteredCountryOn'],
    ['a person id that is not a UUID', { personId: 'nobody' }, 400, 'personId'],
    ['a person who does not exist', { personId: crypto.randomUUID() }, 422, 'personId'],
    ['a dependent who does not exist', { dependentIds: [crypto.randomUUID()] }, 422, 'dependentIds[0]'],
    ['someone else as the lawyer', { lawyerId: crypto.randomUUID() }, 422, 'lawyerId'],
  ])('refuses an application with %s, naming the field', async (_case, change, status, field) => {
    const refused = await postApplication(testApp.app, lawyer, { ...comarApplication(family[0]), ...change });
    expect(refused.statusCode).toBe(status);
    expect(refused.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('answers 422 for a person in another shelter, as for one that does not exist', async () => {
    const refused = await postApplication(testApp.app, lawyer, comarApplication(tenosiquePersons[0]));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([expect.objectContaining({ field: 'personId' })]);
    const byCoordinator = await postApplication(testApp.app, coordinator, {
      ...comarApplication(family[0]),
      dependentIds: [tenosiquePersons[1]],
      lawyerId: lawyer.user.id,
    });
    expect(byCoordinator.statusCode).toBe(422);
    expect(byCoordinator.json().errors).toEqual([expect.objectContaining({ field: 'dependentIds[0]' })]);
  });

  it('asks an admin or coordinator for an active lawyer, and takes a lawyer’s case as their own', async () => {
    const withoutLawyer = await postApplication(testApp.app, admin, comarApplication(family[0]));
    expect(withoutLawyer.statusCode).toBe(422);
    expect(withoutLawyer.json().errors).toEqual([expect.objectContaining({ field: 'lawyerId' })]);
    const notALawyer = await postApplication(testApp.app, admin, {
      ...comarApplication(family[0]),
      lawyerId: coordinator.user.id,
    });
    expect(notALawyer.statusCode).toBe(422);
    const assigned = await postApplication(testApp.app, coordinator, {
      ...comarApplication(family[0]),
      lawyerId: otherLawyer.user.id,
    });
    expect(assigned.statusCode).toBe(201);
    expect(assigned.json()).toMatchObject({ lawyerId: otherLawyer.user.id, shelterId: palenque.id });
  });

  it('shows an application to its lawyer and its shelter’s coordinators only; 404 to the others', async () => {
    const application = await createApplication(testApp.app, lawyer, comarApplication(family[0]));
    const url = `/api/v1/asylum-applications/${application.id}`;
    expect((await get(url, lawyer)).statusCode).toBe(200);
    expect((await get(url, coordinator)).statusCode).toBe(200);
    expect((await get(url, admin)).statusCode).toBe(200);
    expect((await get(url, otherLawyer)).statusCode).toBe(404);
    expect((await get(url, otherCoordinator)).statusCode).toBe(404);
    const event = { type: 'withdrawn', occurredOn: '2026-07-01' };
    expect((await postEvent(testApp.app, otherCoordinator, application.id, event)).statusCode).toBe(404);
    expect((await postEvent(testApp.app, otherLawyer, application.id, event)).statusCode).toBe(404);
    const worker = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [palenque.id] });
    expect((await get(url, worker)).statusCode).toBe(403);
    const partner = await loggedInUser(testApp.app, { role: 'partner' });
    expect((await get('/api/v1/asylum-applications', partner)).statusCode).toBe(403);

    const mine = (await get('/api/v1/asylum-applications?limit=500', lawyer)).json();
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((item: { lawyerId: string }) => item.lawyerId === lawyer.user.id)).toBe(true);
    const theirs = (await get(`/api/v1/asylum-applications?lawyerId=${lawyer.user.id}`, otherLawyer)).json();
    expect(theirs.items).toEqual([]);
    const elsewhere = (await get('/api/v1/asylum-applications', otherCoordinator)).json();
    expect(elsewhere.items.map((item: { id: string }) => item.id)).not.toContain(application.id);
  });

  it('lets a lawyer open the persons on their own applications, wherever they stayed, and no others', async () => {
    const personUrl = (id: string) => `/api/v1/persons/${id}`;
    expect((await get(personUrl(tenosiquePersons[0]), otherLawyer)).statusCode).toBe(404);
    await createApplication(testApp.app, admin, {
      ...comarApplication(tenosiquePersons[0]),
      dependentIds: [tenosiquePersons[1]],
      lawyerId: otherLawyer.user.id,
    });
    expect((await get(personUrl(tenosiquePersons[0]), otherLawyer)).statusCode).toBe(200);
    expect((await get(personUrl(tenosiquePersons[1]), otherLawyer)).statusCode).toBe(200);
    expect((await get(personUrl(tenosiquePersons[0]), lawyer)).statusCode).toBe(404);
    const [stranger] = await admitted(testApp.app, admin, tenosique.id, [person({ givenNames: 'Desconocido' })]);
    expect((await get(personUrl(stranger), otherLawyer)).statusCode).toBe(404);
    const search = (await get('/api/v1/persons?nationality=GT', otherLawyer)).json();
    expect(search.items.map((item: { id: string }) => item.id).sort()).toEqual([...tenosiquePersons].sort());
  });

  it('lists by status and person, pages through, and audits the ids returned and every read', async () => {
    const first = await createApplication(testApp.app, otherLawyer, comarApplication(tenosiquePersons[0]));
    const second = await createApplication(testApp.app, otherLawyer, {
      ...comarApplication(tenosiquePersons[1]),
      dependentIds: [tenosiquePersons[0]],
    });
    await postEvent(testApp.app, otherLawyer, second.id, { type: 'withdrawn', occurredOn: '2026-07-01' });

    const withdrawn = (await get('/api/v1/asylum-applications?status=withdrawn', otherLawyer)).json();
    expect(withdrawn.items.map((item: { id: string }) => item.id)).toEqual([second.id]);
    const byPerson = (await get(`/api/v1/asylum-applications?personId=${tenosiquePersons[0]}`, otherLawyer)).json();
    expect(byPerson.items.map((item: { id: string }) => item.id)).toEqual(
      expect.arrayContaining([first.id, second.id]),
    );
    expect((await get('/api/v1/asylum-applications?status=lost', otherLawyer)).json().errors).toEqual([
      expect.objectContaining({ field: 'status' }),
    ]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (
        await get(`/api/v1/asylum-applications?limit=1${cursor ? `&cursor=${cursor}` : ''}`, otherLawyer)
      ).json();
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items.map((item: { id: string }) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    const all = (await get('/api/v1/asylum-applications?limit=500', otherLawyer)).json();
    expect(seen).toEqual(all.items.map((item: { id: string }) => item.id));
    expect(new Set(seen).size).toBe(seen.length);
    expect((await get('/api/v1/asylum-applications?cursor=bm9wZQ', otherLawyer)).statusCode).toBe(400);

    const lists = await db.query(
      `SELECT details FROM audit_events WHERE actor_id = $1 AND action = 'list' AND entity_type = 'asylum_application'`,
      [otherLawyer.user.id],
    );
    expect(lists.rows.map((row) => row.details.ids)).toContainEqual([second.id]);

    await get(`/api/v1/asylum-applications/${first.id}`, otherLawyer);
    const reads = await db.query(
      `SELECT request_id FROM audit_events
        WHERE actor_id = $1 AND action = 'read' AND entity_type = 'asylum_application' AND entity_id = $2`,
      [otherLawyer.user.id, first.id],
    );
    expect(reads.rowCount).toBe(1);
    expect(reads.rows[0].request_id).toEqual(expect.any(String));
  });
});
