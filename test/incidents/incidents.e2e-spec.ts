import { ACT_TYPES, AGE_BANDS, CONSENT_LEVELS, PERPETRATOR_TYPES, PLACE_TYPES, REPORTED_TO } from '@albergue/incidents';
import { Client } from 'pg';

import { randomUUID } from 'node:crypto';

import { createPartner, partnerKeys, partnerPayload } from '../factories/export.factory';
import {
  createIncident,
  decideConsent,
  incidentPayload,
  INJURY_DETAILS,
  NARRATIVE,
  postIncident,
  recordConsent,
  reviewIncident,
} from '../factories/incident.factory';
import { createShelter, familyOfFour, person, postIntake, ShelterView } from '../factories/intake.factory';
import { createOrganization } from '../factories/referral.factory';
import { loggedInUser, LoggedIn } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

/** Fragments of every free text the factory's incident holds: none may appear outside GET /incidents/:id. */
const SECRET_FRAGMENTS = ['culata', 'costilla', 'camioneta blanca', 'Junto al puente', 'escondidos', 'registro médico'];

describe('abuse incidents', () => {
  let testApp: TestApp;
  let db: Client;
  let admin: LoggedIn;
  let palenque: ShelterView;
  let tenosique: ShelterView;
  let worker: LoggedIn;
  let coordinator: LoggedIn;
  let otherWorker: LoggedIn;
  let otherCoordinator: LoggedIn;
  let lawyer: LoggedIn;
  let partner: LoggedIn;
  /** Head of a family staying in Palenque, and their 7-year-old daughter. */
  let fatherId: string;
  let daughterId: string;
  /** A man who only ever stayed in Tenosique. */
  let outsiderId: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    db = new Client({ connectionString: testApp.config.databaseUrl });
    await db.connect();
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    palenque = await createShelter(testApp.app, admin, { code: 'PAL' });
    tenosique = await createShelter(testApp.app, admin, { code: 'TEN' });
    worker = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [palenque.id] });
    coordinator = await loggedInUser(testApp.app, { role: 'coordinator', shelterIds: [palenque.id] });
    otherWorker = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [tenosique.id] });
    otherCoordinator = await loggedInUser(testApp.app, { role: 'coordinator', shelterIds: [tenosique.id] });
    lawyer = await loggedInUser(testApp.app, { role: 'lawyer' });
    partner = await loggedInUser(testApp.app, { role: 'partner' });
    const family = (await postIntake(testApp.app, worker, familyOfFour(palenque.id))).json();
    fatherId = family.stays[0].personId;
    daughterId = family.stays[2].personId;
    const outsider = await postIntake(testApp.app, otherWorker, {
      ...familyOfFour(tenosique.id),
      members: [{ person: person({ givenNames: 'Otro', familyNames: 'Viajero' }), relationship: 'head' }],
    });
    outsiderId = outsider.json().stays[0].personId;
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  const get = (url: string, as: LoggedIn = worker) => testApp.app.inject({ method: 'GET', url, headers: as.headers });
  const fieldsOf = (body: { errors: { field: string }[] }) => body.errors.map((error) => error.field);

  it('records an incident as submitted, with its derived flags and the first version of its consent', async () => {
    const response = await postIncident(testApp.app, worker, incidentPayload(palenque.id));
    expect(response.statusCode).toBe(201);
    const created = response.json();
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: 'submitted',
      shelterId: palenque.id,
      occurredOn: '2026-03-12',
      occurredOnApproximate: false,
      timeOfDay: 'early_morning',
      location: { state: 'Chiapas', municipality: 'Palenque', placeType: 'rail_line' },
      flags: { childVictim: false, sexualViolence: false, statePerpetrator: true },
      actTypes: ['physical_assault'],
      perpetratorTypes: ['inm_agent', 'national_guard'],
      actCount: 1,
      consentLevel: 'anonymous',
      consentPending: false,
      recordedBy: worker.user.id,
      createdAt: expect.any(String),
    });
    // Free text is decrypted on GET /incidents/:id only, not even echoed here.
    for (const fragment of SECRET_FRAGMENTS) expect(response.body).not.toContain(fragment);

    const body = (await get(`/api/v1/incidents/${created.id}`)).json();
    expect(body).toMatchObject({
      id: created.id,
      status: 'submitted',
      reportedTo: ['none'],
      witnessesCount: 6,
      consent: { version: 1, level: 'anonymous', recipients: [], withdrawn: false, takenBy: worker.user.id },
      review: null,
    });
    expect(body.acts).toEqual([
      expect.objectContaining({
        type: 'physical_assault',
        victimPersonId: null,
        victim: { sex: 'male', ageBand: '26-59', nationality: 'HN' },
        injuries: true,
        medicalCareDenied: true,
        perpetrators: [
          { type: 'inm_agent', count: 4, description: 'Uniforme gris, camioneta blanca' },
          { type: 'national_guard', count: 2, description: null },
        ],
      }),
    ]);
  });

  it('keeps the narrative, the injury details and every other free text encrypted at rest', async () => {
    const id = await createIncident(
      testApp.app,
      worker,
      incidentPayload(palenque.id, { witnessesNote: 'Seis personas escondidos en el monte lo vieron.' }),
    );
    await reviewIncident(testApp.app, coordinator, id);
    const incident = (
      await db.query(
        'SELECT narrative_ciphertext, location_description_ciphertext, witnesses_note_ciphertext FROM incidents WHERE id = $1',
        [id],
      )
    ).rows[0];
    const act = (await db.query('SELECT id, injury_details_ciphertext FROM incident_acts WHERE incident_id = $1', [id]))
      .rows[0];
    const involvement = (
      await db.query('SELECT description_ciphertext FROM incident_involvements WHERE act_id = $1 AND position = 0', [
        act.id,
      ])
    ).rows[0];
    const review = (await db.query('SELECT note_ciphertext FROM incident_reviews WHERE incident_id = $1', [id]))
      .rows[0];
    for (const ciphertext of [
      incident.narrative_ciphertext,
      incident.location_description_ciphertext,
      incident.witnesses_note_ciphertext,
      act.injury_details_ciphertext,
      involvement.description_ciphertext,
      review.note_ciphertext,
    ]) {
      expect(ciphertext).toMatch(/^v2\.test1\./);
    }
    // Nowhere in the rows, whatever the column.
    const rows = await db.query(
      `SELECT row_to_json(i)::text AS json FROM incidents i WHERE i.id = $1
       UNION ALL SELECT row_to_json(a)::text FROM incident_acts a WHERE a.incident_id = $1
       UNION ALL SELECT row_to_json(v)::text FROM incident_involvements v JOIN incident_acts a ON a.id = v.act_id
                  WHERE a.incident_id = $1
       UNION ALL SELECT row_to_json(r)::text FROM incident_reviews r WHERE r.incident_id = $1`,
      [id],
    );
    const stored = rows.rows.map((row) => row.json).join('\n');
    expect(stored).not.toContain('golpearon');
    expect(stored).not.toContain('Fractura');
    for (const fragment of SECRET_FRAGMENTS) expect(stored).not.toContain(fragment);

    const shown = (await get(`/api/v1/incidents/${id}`)).json();
    expect(shown.narrative).toBe(NARRATIVE);
    expect(shown.acts[0].injuryDetails).toBe(INJURY_DETAILS);
    expect(shown.witnessesNote).toBe('Seis personas escondidos en el monte lo vieron.');
    expect(shown.location.description).toBe('Junto al puente');
    expect(shown.review).toMatchObject({ decision: 'verified', note: 'Coincide con el registro médico.' });
  });

  it('flags a child victim on record by their age on the day, and sexual violence', async () => {
    const response = await postIncident(
      testApp.app,
      worker,
      incidentPayload(palenque.id, {
        acts: [
          {
            type: 'sexual_violence',
            victimPersonId: daughterId,
            perpetrators: [{ type: 'organized_crime' }],
          },
          { type: 'extortion', victimPersonId: fatherId, perpetrators: [{ type: 'smuggler' }] },
        ],
      }),
    );
    expect(response.statusCode).toBe(201);
    expect(response.json().flags).toEqual({ childVictim: true, sexualViolence: true, statePerpetrator: false });
    const shown = (await get(`/api/v1/incidents/${response.json().id}`)).json();
    expect(shown.acts.map((act: { victimPersonId: string }) => act.victimPersonId)).toEqual([daughterId, fatherId]);
  });

  it('refuses unknown vocabulary codes with 400 naming the field', async () => {
    const payload = incidentPayload(palenque.id);
    const response = await postIncident(testApp.app, worker, {
      ...payload,
      location: { ...payload.location, placeType: 'tren' },
      acts: [
        {
          ...payload.acts[0],
          type: 'beating',
          perpetrators: [{ type: 'inm_agent' }, { type: 'el_chapo' }],
        },
      ],
      reportedTo: ['cndh', 'the_press'],
    });
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response.json())).toEqual(
      expect.arrayContaining(['location.placeType', 'acts[0].type', 'acts[0].perpetrators[1].type', 'reportedTo']),
    );
    expect(fieldsOf(response.json())).not.toContain('acts[0].perpetrators[0].type');
  });

  it('wants each victim either on record or described, never both or neither (400)', async () => {
    const payload = incidentPayload(palenque.id);
    const both = await postIncident(testApp.app, worker, {
      ...payload,
      acts: [payload.acts[0], { ...payload.acts[0], victimPersonId: fatherId }],
    });
    expect(both.statusCode).toBe(400);
    expect(fieldsOf(both.json())).toEqual(['acts[1]']);
    const neither = await postIncident(testApp.app, worker, {
      ...payload,
      acts: [{ ...payload.acts[0], victim: undefined }],
    });
    expect(neither.statusCode).toBe(400);
    expect(fieldsOf(neither.json())).toEqual(['acts[0]']);
  });

  it('refuses as victim a person the caller cannot see (422 naming the act), and writes nothing', async () => {
    const before = (await db.query('SELECT count(*)::int AS n FROM incidents')).rows[0].n;
    const payload = incidentPayload(palenque.id, {
      acts: [{ type: 'threat', victimPersonId: outsiderId, perpetrators: [{ type: 'municipal_police' }] }],
    });
    const response = await postIncident(testApp.app, worker, payload);
    expect(response.statusCode).toBe(422);
    expect(fieldsOf(response.json())).toEqual(['acts[0].victimPersonId']);
    const unknown = await postIncident(testApp.app, worker, {
      ...payload,
      acts: [{ ...payload.acts[0], victimPersonId: crypto.randomUUID() }],
    });
    expect(unknown.statusCode).toBe(422);
    expect((await db.query('SELECT count(*)::int AS n FROM incidents')).rows[0].n).toBe(before);
    // An admin sees every person.
    expect((await postIncident(testApp.app, admin, payload)).statusCode).toBe(201);
  });

  it.each([
    ['a date in the future', 'occurredOn', { occurredOn: '2099-01-01' }],
    ['an impossible date', 'occurredOn', { occurredOn: '2026-02-30' }],
    ['no consent', 'consent', { consent: undefined }],
    ['an unknown consent level', 'consent.level', { consent: { level: 'maybe' } }],
    ['recipients for no consent', 'consent.recipients', { consent: { level: 'none', recipients: ['CNDH'] } }],
    ['no narrative', 'narrative', { narrative: '   ' }],
    ['no acts', 'acts', { acts: [] }],
    [
      'an act without perpetrators',
      'acts[0].perpetrators',
      { acts: [{ type: 'robbery', victim: { sex: 'female', ageBand: '18-25' }, perpetrators: [] }] },
    ],
    [
      'an unknown age band',
      'acts[0].victim.ageBand',
      { acts: [{ type: 'robbery', victim: { sex: 'female', ageBand: '30-40' }, perpetrators: [{ type: 'unknown' }] }] },
    ],
    ['a state that is not Mexican', 'location.state', { location: { state: 'Petén', placeType: 'river_crossing' } }],
    ['a latitude without longitude', 'location.lon', { location: { state: 'Chiapas', placeType: 'train', lat: 17.5 } }],
    ['"none" with another authority', 'reportedTo', { reportedTo: ['none', 'cndh'] }],
    [
      'injury details without injuries',
      'acts[0].injuryDetails',
      {
        acts: [
          {
            type: 'robbery',
            victim: { sex: 'male', ageBand: '18-25' },
            perpetrators: [{ type: 'unknown' }],
            injuryDetails: 'x',
          },
        ],
      },
    ],
    ['an unknown field', 'fingerprint', { fingerprint: 'x' }],
  ])('refuses %s with 400 naming %s', async (_, field, overrides) => {
    const response = await postIncident(testApp.app, worker, incidentPayload(palenque.id, overrides));
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response.json())).toContain(field);
  });

  it('reads the state as written, whatever its accents or case', async () => {
    const response = await postIncident(
      testApp.app,
      worker,
      incidentPayload(palenque.id, { location: { state: 'veracruz de ignacio de la llave', placeType: 'train' } }),
    );
    expect(response.statusCode).toBe(201);
    expect(response.json().location.state).toBe('Veracruz');
  });

  it('answers 404 to the staff of another shelter, as if the incident did not exist', async () => {
    const id = await createIncident(testApp.app, worker, incidentPayload(palenque.id));
    for (const outsider of [otherWorker, otherCoordinator]) {
      const response = await get(`/api/v1/incidents/${id}`, outsider);
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('culata');
    }
    expect((await get(`/api/v1/incidents/${crypto.randomUUID()}`)).statusCode).toBe(404);
    expect((await postIncident(testApp.app, otherWorker, incidentPayload(palenque.id))).statusCode).toBe(404);
    expect((await recordConsent(testApp.app, otherWorker, id, { level: 'none' })).statusCode).toBe(404);
    expect((await get(`/api/v1/incidents/${id}`, coordinator)).statusCode).toBe(200);
    expect((await get(`/api/v1/incidents/${id}`, admin)).statusCode).toBe(200);
  });

  it('keeps lawyers and partners away from incidents, even of their own shelter (403)', async () => {
    const id = await createIncident(testApp.app, worker, incidentPayload(palenque.id));
    for (const outsider of [lawyer, partner]) {
      expect((await get(`/api/v1/incidents/${id}`, outsider)).statusCode).toBe(403);
      expect((await get('/api/v1/incidents', outsider)).statusCode).toBe(403);
      expect((await postIncident(testApp.app, outsider, incidentPayload(palenque.id))).statusCode).toBe(403);
    }
  });

  it('lists incidents latest first without any free text, and audits the ids it listed', async () => {
    const response = await get(`/api/v1/incidents?shelterId=${palenque.id}&limit=500`);
    expect(response.statusCode).toBe(200);
    const { items, nextCursor } = response.json();
    expect(items.length).toBeGreaterThan(3);
    expect(nextCursor).toBeNull();
    expect(response.body).not.toContain('golpearon');
    expect(response.body).not.toContain('Fractura');
    for (const fragment of SECRET_FRAGMENTS) expect(response.body).not.toContain(fragment);
    for (const item of items) {
      expect(item).not.toHaveProperty('narrative');
      expect(item).not.toHaveProperty('acts');
      expect(item).not.toHaveProperty('witnessesNote');
      expect(item.location).not.toHaveProperty('description');
    }
    expect(items[0]).toMatchObject({
      shelterId: palenque.id,
      location: { state: expect.any(String), placeType: expect.any(String) },
      actTypes: expect.any(Array),
      perpetratorTypes: expect.any(Array),
      consentLevel: expect.any(String),
    });
    const dates = items.map((item: { occurredOn: string }) => item.occurredOn);
    expect(dates).toEqual([...dates].sort().reverse());

    const audited = await db.query(
      `SELECT details FROM audit_events WHERE action = 'list' AND entity_type = 'incident' AND actor_id = $1
        ORDER BY id DESC LIMIT 1`,
      [worker.user.id],
    );
    expect([...audited.rows[0].details.ids].sort()).toEqual(items.map((item: { id: string }) => item.id).sort());
  });

  it('filters the list by act type, perpetrator type, status and dates, and pages with a cursor', async () => {
    const early = await createIncident(
      testApp.app,
      worker,
      incidentPayload(palenque.id, {
        occurredOn: '2025-01-15',
        acts: [
          {
            type: 'handover_to_criminals',
            victim: { sex: 'male', ageBand: '18-25' },
            perpetrators: [{ type: 'municipal_police' }, { type: 'organized_crime' }],
          },
        ],
      }),
    );
    const ids = (url: string, as: LoggedIn = worker) =>
      get(url, as).then((response) => response.json().items.map((item: { id: string }) => item.id));
    expect(await ids('/api/v1/incidents?actType=handover_to_criminals')).toEqual([early]);
    expect(await ids('/api/v1/incidents?perpetratorType=municipal_police&to=2025-12-31')).toEqual([early]);
    expect(await ids('/api/v1/incidents?from=2025-01-15&to=2025-01-15')).toEqual([early]);
    expect(await ids('/api/v1/incidents?from=2025-01-16&to=2025-12-31')).toEqual([]);
    expect(await ids('/api/v1/incidents?status=verified&actType=handover_to_criminals')).toEqual([]);
    expect(await ids('/api/v1/incidents?actType=handover_to_criminals', otherWorker)).toEqual([]);
    expect((await get(`/api/v1/incidents?shelterId=${palenque.id}`, otherWorker)).statusCode).toBe(404);
    expect((await get('/api/v1/incidents?perpetratorType=el_chapo')).statusCode).toBe(400);
    expect((await get('/api/v1/incidents?from=2026-03-01&to=2026-02-01')).statusCode).toBe(400);

    const all = await ids('/api/v1/incidents?limit=500');
    const first = (await get('/api/v1/incidents?limit=2')).json();
    const second = (await get(`/api/v1/incidents?limit=2&cursor=${first.nextCursor}`)).json();
    expect([...first.items, ...second.items].map((item: { id: string }) => item.id)).toEqual(all.slice(0, 4));
  });

  it('audits every read of an incident', async () => {
    const id = await createIncident(testApp.app, worker, incidentPayload(palenque.id));
    await get(`/api/v1/incidents/${id}`, coordinator);
    const events = await db.query(
      `SELECT action, actor_id FROM audit_events WHERE entity_type = 'incident' AND entity_id = $1 ORDER BY id`,
      [id],
    );
    expect(events.rows).toEqual([
      { action: 'create', actor_id: worker.user.id },
      { action: 'read', actor_id: coordinator.user.id },
    ]);
  });

  describe('review', () => {
    it('lets a coordinator of the shelter verify a submitted incident, once: a second review is 409', async () => {
      const id = await createIncident(testApp.app, worker, incidentPayload(palenque.id));
      const verified = await reviewIncident(testApp.app, coordinator, id);
      expect(verified.statusCode).toBe(200);
      expect(verified.json()).toMatchObject({
        id,
        status: 'verified',
        review: { decision: 'verified', note: 'Coincide con el registro médico.', reviewerId: coordinator.user.id },
      });
      const again = await reviewIncident(testApp.app, coordinator, id, 'rejected');
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ type: 'urn:albergue:problem:incident_already_reviewed' });
      expect((await reviewIncident(testApp.app, admin, id)).statusCode).toBe(409);
      expect((await get(`/api/v1/incidents/${id}`)).json().status).toBe('verified');
    });

    it('lets an admin reject an incident of any shelter', async () => {
      const id = await createIncident(testApp.app, otherWorker, incidentPayload(tenosique.id));
      const rejected = await reviewIncident(testApp.app, admin, id, 'rejected');
      expect(rejected.statusCode).toBe(200);
      expect(rejected.json().status).toBe('rejected');
    });

    it('refuses shelter workers (403) and coordinators of another shelter (404)', async () => {
      const id = await createIncident(testApp.app, worker, incidentPayload(palenque.id));
      expect((await reviewIncident(testApp.app, worker, id)).statusCode).toBe(403);
      expect((await reviewIncident(testApp.app, lawyer, id)).statusCode).toBe(403);
      expect((await reviewIncident(testApp.app, otherCoordinator, id)).statusCode).toBe(404);
      expect((await get(`/api/v1/incidents/${id}`)).json()).toMatchObject({ status: 'submitted', review: null });
    });

    it('wants a decision it knows and a note', async () => {
      const id = await createIncident(testApp.app, worker, incidentPayload(palenque.id));
      const inject = (payload: object) =>
        testApp.app.inject({
          method: 'POST',
          url: `/api/v1/incidents/${id}/review`,
          headers: coordinator.headers,
          payload,
        });
      expect(fieldsOf((await inject({ decision: 'approved', note: 'x' })).json())).toEqual(['decision']);
      expect(fieldsOf((await inject({ decision: 'verified' })).json())).toContain('note');
    });
  });

  describe('consent', () => {
    /** A directory organization and a partner of another one: what a consent may name. */
    let organizationId: string;
    let partnerId: string;
    beforeAll(async () => {
      organizationId = (await createOrganization(testApp.app, admin, { name: 'CNDH' })).id;
      const { publicKey } = await partnerKeys();
      partnerId = (await createPartner(testApp.app, admin, partnerPayload(publicKey, { name: 'ACNUR' }))).id;
    });
    const statusesOf = (view: { consentHistory: { status: string }[] }) => view.consentHistory.map((c) => c.status);

    it('keeps every change as a new version; level none withdraws at once and cancels a raise waiting', async () => {
      const id = await createIncident(testApp.app, worker, incidentPayload(palenque.id));
      const widened = await recordConsent(testApp.app, worker, id, {
        level: 'identified',
        recipients: [organizationId.toUpperCase(), ` ${partnerId} `],
      });
      expect(widened.statusCode).toBe(201);
      expect(widened.json()).toMatchObject({
        version: 2,
        level: 'identified',
        recipients: [organizationId, partnerId],
        status: 'pending',
      });
      const waiting = (await get(`/api/v1/incidents/${id}`)).json();
      expect(waiting.consent).toMatchObject({ version: 1, level: 'anonymous', status: 'effective' });
      expect(waiting.pendingConsent).toMatchObject({ version: 2, level: 'identified', status: 'pending' });
      const withdrawn = await recordConsent(testApp.app, coordinator, id, { level: 'none' });
      expect(withdrawn.json()).toMatchObject({
        version: 3,
        level: 'none',
        status: 'effective',
        withdrawn: true,
        takenBy: coordinator.user.id,
      });

      const shown = (await get(`/api/v1/incidents/${id}`)).json();
      expect(shown.consent).toMatchObject({ version: 3, level: 'none', withdrawn: true });
      expect(shown.pendingConsent).toBeNull();
      expect(shown.consentHistory.map((c: { level: string }) => c.level)).toEqual(['anonymous', 'identified', 'none']);
      expect(statusesOf(shown)).toEqual(['effective', 'cancelled', 'effective']);
      expect(shown.consentHistory[1]).toMatchObject({ decidedBy: coordinator.user.id });
      const listed = (await get('/api/v1/incidents?limit=500')).json().items.find((i: { id: string }) => i.id === id);
      expect(listed).toMatchObject({ consentLevel: 'none', consentPending: false });

      const again = await recordConsent(testApp.app, worker, id, { level: 'anonymous' });
      expect(again.json()).toMatchObject({ version: 4, level: 'anonymous', status: 'effective', withdrawn: false });
    });

    it('takes recipients only as ids of partners or directory organizations: a name or an unknown id is 422', async () => {
      const id = await createIncident(testApp.app, worker, incidentPayload(palenque.id));
      const byName = await recordConsent(testApp.app, coordinator, id, { level: 'identified', recipients: ['ACNUR'] });
      expect(byName.statusCode).toBe(422);
      expect(fieldsOf(byName.json())).toEqual(['recipients[0]']);
      const unknown = await recordConsent(testApp.app, coordinator, id, {
        level: 'anonymous',
        recipients: [organizationId, randomUUID()],
      });
      expect(unknown.statusCode).toBe(422);
      expect(fieldsOf(unknown.json())).toEqual(['recipients[1]']);
      const before = await db.query('SELECT count(*)::int AS n FROM incidents');
      const reported = await postIncident(
        testApp.app,
        coordinator,
        incidentPayload(palenque.id, { consent: { level: 'identified', recipients: [partnerId, 'CNDH'] } }),
      );
      expect(reported.statusCode).toBe(422);
      expect(fieldsOf(reported.json())).toEqual(['consent.recipients[1]']);
      expect((await db.query('SELECT count(*)::int AS n FROM incidents')).rows[0].n).toBe(before.rows[0].n);
      const versions = await db.query('SELECT count(*)::int AS n FROM incident_consents WHERE incident_id = $1', [id]);
      expect(versions.rows[0].n).toBe(1);
    });

    it('holds a raise by a shelter worker until a coordinator of the shelter confirms or declines it', async () => {
      const reported = await postIncident(
        testApp.app,
        worker,
        incidentPayload(palenque.id, { consent: { level: 'identified', recipients: [partnerId] } }),
      );
      expect(reported.json()).toMatchObject({ consentLevel: 'none', consentPending: true });
      const id = reported.json().id;
      const waiting = (await get(`/api/v1/incidents/${id}`)).json();
      expect(waiting.consent).toBeNull();
      expect(waiting.pendingConsent).toMatchObject({ version: 1, level: 'identified', recipients: [partnerId] });

      expect((await decideConsent(testApp.app, worker, id, 1)).statusCode).toBe(403);
      expect((await decideConsent(testApp.app, otherCoordinator, id, 1)).statusCode).toBe(404);
      expect((await decideConsent(testApp.app, coordinator, id, 2)).statusCode).toBe(404);
      expect((await decideConsent(testApp.app, coordinator, id, '99999999999')).statusCode).toBe(404);
      const confirmed = await decideConsent(testApp.app, coordinator, id, 1);
      expect(confirmed.statusCode).toBe(200);
      expect(confirmed.json()).toMatchObject({ version: 1, status: 'effective', decidedBy: coordinator.user.id });
      expect((await decideConsent(testApp.app, coordinator, id, 1)).statusCode).toBe(409);

      // Adding a recipient is a raise too; declined, the consent in force stays.
      const added = await recordConsent(testApp.app, worker, id, {
        level: 'identified',
        recipients: [partnerId, organizationId],
      });
      expect(added.json()).toMatchObject({ version: 2, status: 'pending' });
      expect((await decideConsent(testApp.app, coordinator, id, 2, 'decline')).json()).toMatchObject({
        status: 'declined',
      });
      expect((await decideConsent(testApp.app, coordinator, id, 2, 'decline')).statusCode).toBe(409);
      const shown = (await get(`/api/v1/incidents/${id}`)).json();
      expect(shown.consent).toMatchObject({ version: 1, recipients: [partnerId] });
      expect(statusesOf(shown)).toEqual(['effective', 'declined']);

      // Narrowing by a worker takes effect at once; a coordinator's raise too.
      const narrowed = await recordConsent(testApp.app, worker, id, { level: 'anonymous', recipients: [partnerId] });
      expect(narrowed.json()).toMatchObject({ version: 3, status: 'effective' });
      const raised = await recordConsent(testApp.app, coordinator, id, {
        level: 'identified',
        recipients: [partnerId],
      });
      expect(raised.json()).toMatchObject({ version: 4, status: 'effective' });

      const events = await db.query(
        `SELECT action, details->>'version' AS version FROM audit_events
          WHERE entity_id = $1 AND action LIKE 'consent%' ORDER BY occurred_at, action`,
        [id],
      );
      expect(events.rows).toEqual([
        { action: 'consent_confirm', version: '1' },
        { action: 'consent', version: '2' },
        { action: 'consent_decline', version: '2' },
        { action: 'consent', version: '3' },
        { action: 'consent', version: '4' },
      ]);
    });

    it('refuses recipients without consent, unknown levels, and rewriting the history in the database', async () => {
      const id = await createIncident(testApp.app, worker, incidentPayload(palenque.id));
      const contradictory = await recordConsent(testApp.app, worker, id, { level: 'none', recipients: ['CNDH'] });
      expect(contradictory.statusCode).toBe(400);
      expect(fieldsOf(contradictory.json())).toEqual(['recipients']);
      expect((await recordConsent(testApp.app, worker, id, { level: 'all' })).statusCode).toBe(400);
      await expect(
        db.query(`UPDATE incident_consents SET level = 'identified' WHERE incident_id = $1`, [id]),
      ).rejects.toThrow(/keeps its history/);
      await expect(
        db.query(
          `UPDATE incident_consents SET status = 'declined', decided_by = taken_by, decided_at = now()
                   WHERE incident_id = $1`,
          [id],
        ),
      ).rejects.toThrow(/keeps its history/);
      const events = await db.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1 AND action = 'consent'`,
        [id],
      );
      expect(events.rows[0].n).toBe(0);
    });
  });

  it('holds the database to exactly the codes of the vocabularies', async () => {
    const codesOf = async (constraint: string) => {
      const { rows } = await db.query('SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = $1', [
        constraint,
      ]);
      return [...(rows[0].def as string).matchAll(/'([^']+)'/g)].map((match) => match[1]).sort();
    };
    expect(await codesOf('incident_acts_type_check')).toEqual([...ACT_TYPES].sort());
    expect(await codesOf('incident_involvements_type_check')).toEqual([...PERPETRATOR_TYPES].sort());
    expect(await codesOf('incidents_place_type_check')).toEqual([...PLACE_TYPES].sort());
    expect(await codesOf('incidents_reported_to_check')).toEqual([...REPORTED_TO].sort());
    expect(await codesOf('incident_acts_victim_age_band_check')).toEqual([...AGE_BANDS].sort());
    expect(await codesOf('incident_consents_level_check')).toEqual([...CONSENT_LEVELS].sort());
  });
});
