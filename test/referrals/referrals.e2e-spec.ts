import { allowedTransitionsFrom, REFERRAL_STATUSES, ReferralStatus } from '@albergue/referrals';
import { Client } from 'pg';

import { createShelter, familyOfFour, person, postIntake, ShelterView } from '../factories/intake.factory';
import { changeStatus, createOrganization, createService, postReferral, referral } from '../factories/referral.factory';
import { LoggedIn, loggedInUser } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

describe('referrals', () => {
  let testApp: TestApp;
  let db: Client;
  let admin: LoggedIn;
  let palenque: ShelterView;
  let tenosique: ShelterView;
  let worker: LoggedIn;
  let otherWorker: LoggedIn;
  let clinicPartner: LoggedIn;
  let healthPartner: LoggedIn;
  let legalService: string;
  let medicalService: string;
  let headId: string;
  let childId: string;
  let otherPersonId: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    db = new Client({ connectionString: testApp.config.databaseUrl });
    await db.connect();
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    palenque = await createShelter(testApp.app, admin, { code: 'PAL' });
    tenosique = await createShelter(testApp.app, admin, { code: 'TEN' });
    worker = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [palenque.id] });
    otherWorker = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [tenosique.id] });
    const clinic = await createOrganization(testApp.app, admin, { name: 'Clínica Jurídica' });
    const health = await createOrganization(testApp.app, admin, { name: 'Centro de Salud' });
    legalService = (await createService(testApp.app, admin, clinic.id)).id;
    medicalService = (await createService(testApp.app, admin, health.id, { name: 'Consulta', category: 'medical' })).id;
    clinicPartner = await loggedInUser(testApp.app, { role: 'partner', organizationId: clinic.id });
    healthPartner = await loggedInUser(testApp.app, { role: 'partner', organizationId: health.id });
    const family = (await postIntake(testApp.app, worker, familyOfFour(palenque.id))).json();
    headId = family.stays[0].personId;
    childId = family.stays[2].personId;
    const other = await postIntake(testApp.app, otherWorker, {
      ...familyOfFour(tenosique.id),
      members: [{ person: person({ givenNames: 'Otra', familyNames: 'Persona' }), relationship: 'head' }],
    });
    otherPersonId = other.json().stays[0].personId;
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  const get = (url: string, as: LoggedIn) => testApp.app.inject({ method: 'GET', url, headers: as.headers });
  const newReferral = async (overrides: Record<string, unknown> = {}, serviceId = legalService) => {
    const response = await postReferral(testApp.app, worker, referral(headId, serviceId, overrides));
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string; status: string }>();
  };
  const referralCount = async () => Number((await db.query('SELECT count(*) FROM referrals')).rows[0].count);

  describe('the consent gate', () => {
    it('refuses a referral without the person’s consent with 422 naming consentObtained, and stores nothing', async () => {
      const before = await referralCount();
      const response = await postReferral(
        testApp.app,
        worker,
        referral(headId, legalService, { consentObtained: false }),
      );
      expect(response.statusCode).toBe(422);
      expect(response.json().errors).toEqual([expect.objectContaining({ field: 'consentObtained' })]);
      expect(await referralCount()).toBe(before);
    });

    it('refuses a request that leaves consentObtained out', async () => {
      const withoutConsent: Partial<ReturnType<typeof referral>> = referral(headId, legalService);
      delete withoutConsent.consentObtained;
      const response = await postReferral(testApp.app, worker, withoutConsent);
      expect(response.statusCode).toBe(400);
      expect(JSON.stringify(response.json().errors)).toContain('consentObtained');
    });
  });

  it('creates a pending referral from the person’s shelter, reason encrypted, consent and history recorded', async () => {
    const response = await postReferral(testApp.app, worker, referral(headId, legalService, { urgency: 'urgent' }));
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      status: 'pending',
      personId: headId,
      fromShelterId: palenque.id,
      serviceId: legalService,
      urgency: 'urgent',
      sharedFields: ['givenNames', 'familyNames'],
      consentObtained: true,
      consentTakenBy: worker.user.id,
      overdue: false,
    });
    expect(body.history).toEqual([expect.objectContaining({ fromStatus: null, toStatus: 'pending' })]);
    const raw = await db.query('SELECT reason_ciphertext FROM referrals WHERE id = $1', [body.id]);
    expect(raw.rows[0].reason_ciphertext).toMatch(/^v2\./);
    expect(raw.rows[0].reason_ciphertext).not.toContain('refugiado');
    expect((await get(`/api/v1/referrals/${body.id}`, worker)).json().reason).toContain('refugiado');
  });

  it.each(['inactive', 'defunct'])('refuses a referral to a %s service with 422 naming serviceId', async (status) => {
    const organization = await createOrganization(testApp.app, admin);
    const service = await createService(testApp.app, admin, organization.id, { status });
    const response = await postReferral(testApp.app, worker, referral(headId, service.id));
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([expect.objectContaining({ field: 'serviceId' })]);
  });

  it('accepts a referral to a temporarily closed service (it will answer when it reopens)', async () => {
    const organization = await createOrganization(testApp.app, admin);
    const service = await createService(testApp.app, admin, organization.id, { status: 'temporarily closed' });
    expect((await postReferral(testApp.app, worker, referral(headId, service.id))).statusCode).toBe(201);
  });

  it('refuses a person of another shelter with 422 naming personId', async () => {
    const response = await postReferral(testApp.app, worker, referral(otherPersonId, legalService));
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([expect.objectContaining({ field: 'personId' })]);
  });

  it('refuses a referring shelter outside the caller’s shelters with 422 naming shelterId', async () => {
    const response = await postReferral(
      testApp.app,
      worker,
      referral(headId, legalService, { shelterId: tenosique.id }),
    );
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([expect.objectContaining({ field: 'shelterId' })]);
  });

  describe('the lifecycle', () => {
    /** How to bring a fresh referral to each status, by the side allowed to. */
    const PATHS: Record<ReferralStatus, ['partner' | 'worker', ReferralStatus][]> = {
      pending: [],
      accepted: [['partner', 'accepted']],
      declined: [['partner', 'declined']],
      completed: [
        ['partner', 'accepted'],
        ['partner', 'completed'],
      ],
      no_show: [
        ['partner', 'accepted'],
        ['partner', 'no_show'],
      ],
      cancelled: [['worker', 'cancelled']],
    };
    const LEGAL: [ReferralStatus, ReferralStatus][] = [
      ['pending', 'accepted'],
      ['pending', 'declined'],
      ['pending', 'cancelled'],
      ['accepted', 'completed'],
      ['accepted', 'no_show'],
      ['accepted', 'cancelled'],
    ];
    const isLegal = (from: ReferralStatus, to: ReferralStatus) => LEGAL.some(([f, t]) => f === from && t === to);
    const cases = REFERRAL_STATUSES.flatMap((from) =>
      REFERRAL_STATUSES.map((to) => [from, to, isLegal(from, to) ? 200 : 409] as const),
    );

    it.each(cases)('%s -> %s answers %s', async (from, to, expected) => {
      const created = await newReferral();
      const as = (side: 'partner' | 'worker') => (side === 'partner' ? clinicPartner : worker);
      for (const [side, status] of PATHS[from]) {
        expect((await changeStatus(testApp.app, as(side), created.id, { status })).statusCode).toBe(200);
      }
      const response = await changeStatus(testApp.app, as(to === 'cancelled' ? 'worker' : 'partner'), created.id, {
        status: to,
        note: 'Nota de seguimiento.',
      });
      expect(response.statusCode).toBe(expected);
      if (expected === 409) {
        expect(response.json().allowed.sort()).toEqual(allowedTransitionsFrom(from).sort());
        expect(response.json().errors).toEqual([expect.objectContaining({ field: 'status' })]);
      } else {
        expect(response.json().status).toBe(to);
        const shown = (await get(`/api/v1/referrals/${created.id}`, worker)).json();
        expect(shown.status).toBe(to);
        expect(shown.history.at(-1)).toMatchObject({ fromStatus: from, toStatus: to, note: 'Nota de seguimiento.' });
      }
    });

    it('keeps each side to its own moves: 403 for a shelter accepting or an organization cancelling', async () => {
      const created = await newReferral();
      expect((await changeStatus(testApp.app, worker, created.id, { status: 'accepted' })).statusCode).toBe(403);
      expect((await changeStatus(testApp.app, clinicPartner, created.id, { status: 'cancelled' })).statusCode).toBe(
        403,
      );
      expect((await get(`/api/v1/referrals/${created.id}`, worker)).json().status).toBe('pending');
    });

    it('stores status notes encrypted', async () => {
      const created = await newReferral();
      await changeStatus(testApp.app, clinicPartner, created.id, { status: 'declined', note: 'Sin cupo esta semana.' });
      const raw = await db.query('SELECT note_ciphertext FROM referral_status_changes WHERE referral_id = $1', [
        created.id,
      ]);
      const notes = raw.rows.map((row) => row.note_ciphertext).filter(Boolean);
      expect(notes).toHaveLength(1);
      expect(notes[0]).not.toContain('cupo');
    });
  });

  describe('the receiving organization', () => {
    it('sees in its inbox only referrals to its services, with only the person fields shared', async () => {
      const toClinic = await newReferral({ sharedFields: ['givenNames', 'birthYear', 'phone'] });
      const toHealth = await newReferral({}, medicalService);
      const inbox = (await get('/api/v1/referrals/inbox?limit=500', clinicPartner)).json();
      const ids = inbox.items.map((item: { id: string }) => item.id);
      expect(ids).toContain(toClinic.id);
      expect(ids).not.toContain(toHealth.id);
      const shown = inbox.items.find((item: { id: string }) => item.id === toClinic.id);
      expect(shown.person).toEqual({ givenNames: 'Carlos Ernesto', birthYear: 1986, phone: '+50370123456' });
      expect(JSON.stringify(shown)).not.toContain('Ramírez');
      expect(JSON.stringify(shown)).not.toContain(headId);

      const other = (await get('/api/v1/referrals/inbox?limit=500', healthPartner)).json();
      expect(other.items.map((item: { id: string }) => item.id)).toEqual([toHealth.id]);
      expect(other.items[0].person).toEqual({ givenNames: 'Carlos Ernesto', familyNames: 'Ramírez Soto' });
    });

    it('audits the inbox with the ids it returned', async () => {
      const created = await newReferral();
      await get('/api/v1/referrals/inbox?limit=500', clinicPartner);
      const audit = await db.query(
        `SELECT 1 FROM audit_events WHERE actor_id = $1 AND action = 'list' AND entity_type = 'referral'
           AND details -> 'ids' ? $2`,
        [clinicPartner.user.id, created.id],
      );
      expect(audit.rowCount).toBe(1);
    });

    it('records which persons the inbox disclosed, so the person’s own audit trail shows it', async () => {
      const created = await newReferral({ sharedFields: ['givenNames'] });
      await get('/api/v1/referrals/inbox?limit=500', clinicPartner);
      const audit = await db.query(
        `SELECT 1 FROM audit_events WHERE actor_id = $1 AND action = 'list' AND entity_type = 'person'
           AND details -> 'ids' ? $2`,
        [clinicPartner.user.id, headId],
      );
      expect(audit.rowCount).toBeGreaterThan(0);
      expect(created.id).toEqual(expect.any(String));
    });

    it('stops showing the person once the referral is cancelled or declined', async () => {
      const cancelled = await newReferral({ sharedFields: ['givenNames', 'phone'] });
      await changeStatus(testApp.app, worker, cancelled.id, { status: 'cancelled' });
      const declined = await newReferral({ sharedFields: ['givenNames', 'phone'] });
      const answer = await changeStatus(testApp.app, clinicPartner, declined.id, { status: 'declined' });
      expect(answer.json().person).toEqual({});
      const inbox = (await get('/api/v1/referrals/inbox?limit=500', clinicPartner)).json();
      for (const id of [cancelled.id, declined.id]) {
        expect(inbox.items.find((item: { id: string }) => item.id === id).person).toEqual({});
      }
    });

    it('answers 404 to another organization’s referral, and 403 to the shelter’s own views', async () => {
      const created = await newReferral();
      const response = await changeStatus(testApp.app, healthPartner, created.id, { status: 'accepted' });
      expect(response.statusCode).toBe(404);
      expect((await get(`/api/v1/referrals/${created.id}`, clinicPartner)).statusCode).toBe(403);
      expect((await get('/api/v1/referrals', clinicPartner)).statusCode).toBe(403);
    });

    it('answers a status change with its own view, shared fields only', async () => {
      const created = await newReferral({ sharedFields: ['nationality'] });
      const response = await changeStatus(testApp.app, clinicPartner, created.id, { status: 'accepted' });
      expect(response.statusCode).toBe(200);
      expect(response.json().person).toEqual({ nationality: 'SV' });
      expect(response.json().personId).toBeUndefined();
      expect(response.json().history).toBeUndefined();
    });
  });

  describe('the referring side', () => {
    it('lists its shelters’ referrals by person and status, audited; another shelter gets 404', async () => {
      const forChild = (await postReferral(testApp.app, worker, referral(childId, medicalService))).json();
      const list = (await get(`/api/v1/referrals?personId=${childId}&status=pending`, worker)).json();
      expect(list.items.map((item: { id: string }) => item.id)).toEqual([forChild.id]);
      const audit = await db.query(
        `SELECT 1 FROM audit_events WHERE actor_id = $1 AND action = 'list' AND details -> 'ids' ? $2`,
        [worker.user.id, forChild.id],
      );
      expect(audit.rowCount).toBe(1);

      expect((await get(`/api/v1/referrals/${forChild.id}`, otherWorker)).statusCode).toBe(404);
      expect((await get('/api/v1/referrals?limit=500', otherWorker)).json().items).toEqual([]);
      expect((await changeStatus(testApp.app, otherWorker, forChild.id, { status: 'cancelled' })).statusCode).toBe(404);
      expect((await get(`/api/v1/referrals/${forChild.id}`, admin)).statusCode).toBe(200);
      const read = await db.query(
        `SELECT 1 FROM audit_events WHERE actor_id = $1 AND action = 'read' AND entity_id = $2`,
        [admin.user.id, forChild.id],
      );
      expect(read.rowCount).toBe(1);
    });
  });

  describe('overdue referrals', () => {
    it('counts a referral pending past its urgency’s limit as overdue, per shelter', async () => {
      const shelter = await createShelter(testApp.app, admin);
      const desk = await loggedInUser(testApp.app, { role: 'coordinator', shelterIds: [shelter.id] });
      const arrival = await postIntake(testApp.app, desk, {
        ...familyOfFour(shelter.id),
        members: [{ person: person({ givenNames: 'Plazo', familyNames: 'Vencido' }), relationship: 'head' }],
      });
      const personId = arrival.json().stays[0].personId;
      const make = async (urgency: string, daysAgo: number, status = 'pending') => {
        const created = (await postReferral(testApp.app, desk, referral(personId, legalService, { urgency }))).json();
        await db.query(
          `UPDATE referrals SET status = $2, created_at = now() - make_interval(days => $3) WHERE id = $1`,
          [created.id, status, daysAgo],
        );
        return created.id as string;
      };
      const emergencyLate = await make('emergency', 2);
      const urgentInTime = await make('urgent', 2);
      const routineLate = await make('routine', 11);
      const routineInTime = await make('routine', 9);
      const acceptedLong = await make('emergency', 30, 'accepted');

      const overdueResponse = await get('/api/v1/referrals?overdue=true', desk);
      expect(overdueResponse.statusCode).toBe(200);
      const overdue = overdueResponse.json();
      expect(overdue.items.map((item: { id: string }) => item.id).sort()).toEqual([emergencyLate, routineLate].sort());
      expect(overdue.items.every((item: { overdue: boolean }) => item.overdue)).toBe(true);
      const notOverdue = (await get('/api/v1/referrals?overdue=false', desk)).json();
      expect(notOverdue.items.map((item: { id: string }) => item.id).sort()).toEqual(
        [urgentInTime, routineInTime, acceptedLong].sort(),
      );

      const counts = (await get('/api/v1/referrals/overdue-counts', desk)).json();
      expect(counts.items).toEqual([{ shelterId: shelter.id, emergency: 1, urgent: 0, routine: 1, total: 2 }]);
      const all = (await get('/api/v1/referrals/overdue-counts', admin)).json();
      expect(all.items).toContainEqual({ shelterId: shelter.id, emergency: 1, urgent: 0, routine: 1, total: 2 });
    });
  });
});
