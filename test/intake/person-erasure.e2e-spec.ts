import { randomBytes } from 'node:crypto';

import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';

import { WorkerModule } from '../../apps/worker/src/worker.module';
import { createApplication, postEvent } from '../factories/asylum.factory';
import { createPartner, partnerKeys, partnerPayload, requestExport, waitForExport } from '../factories/export.factory';
import { createIncident, incidentPayload, NARRATIVE, reviewIncident } from '../factories/incident.factory';
import { createShelter, person, postIntake } from '../factories/intake.factory';
import { changeStatus, createOrganization, createService, postReferral, referral } from '../factories/referral.factory';
import { LoggedIn, loggedInUser } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

/** Tables whose rows an erasure must keep, so that every count and statistic stays the same. */
const COUNTED_TABLES = [
  'persons',
  'stays',
  'households',
  'household_members',
  'incidents',
  'incident_acts',
  'incident_involvements',
  'incident_reviews',
  'incident_consents',
  'asylum_applications',
  'asylum_application_dependents',
  'asylum_events',
  'asylum_deadlines',
  'referrals',
  'referral_status_changes',
  'export_disclosure_batches',
];

describe('erasing a person (POST /persons/:id/erasure)', () => {
  let testApp: TestApp;
  let db: Client;
  let admin: LoggedIn;
  let coordinator: LoggedIn;
  let shelterId: string;
  /** In every clear-text field of the erased person's records: found nowhere in the database afterwards. */
  const marker = `zqx${randomBytes(4).toString('hex')}`;
  const givenNames = `Borrable ${marker}`;
  const familyNames = `Apellido${marker} Segundo`;
  let personId: string;
  let companionId: string;
  let soleIncidentId: string;
  let sharedIncidentId: string;
  let applicationId: string;
  let referralId: string;
  let exportId: string;
  let worker: INestApplicationContext | undefined;
  let countsBefore: Record<string, number>;

  const inject = (as: LoggedIn, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    testApp.app.inject({ method, url, headers: as.headers, payload });
  const erase = (as: LoggedIn, id: string, payload: object = { reason: 'data_subject_request' }) =>
    inject(as, 'POST', `/api/v1/persons/${id}/erasure`, payload);
  const counts = async (): Promise<Record<string, number>> => {
    const result: Record<string, number> = {};
    for (const table of COUNTED_TABLES) {
      result[table] = Number((await db.query(`SELECT count(*) AS count FROM ${table}`)).rows[0].count);
    }
    return result;
  };
  /** Every table, the audit log included, in which some row still holds the marker in clear. */
  const tablesHoldingMarker = async (): Promise<string[]> => {
    const { rows } = await db.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    const found: string[] = [];
    for (const { tablename } of rows) {
      const hit = await db.query(`SELECT 1 FROM "${tablename}" t WHERE t::text ILIKE $1 LIMIT 1`, [`%${marker}%`]);
      if (hit.rowCount) found.push(tablename);
    }
    return found;
  };
  const matchIds = async (): Promise<string[]> => {
    const query = new URLSearchParams({ givenNames, familyNames, birthDate: '1986-02-11', nationality: 'SV' });
    const response = await inject(admin, 'GET', `/api/v1/persons/matches?${query}`);
    expect(response.statusCode).toBe(200);
    return response.json().items.map((match: { person: { id: string } }) => match.person.id);
  };

  beforeAll(async () => {
    testApp = await startTestApp();
    db = new Client({ connectionString: testApp.config.databaseUrl });
    await db.connect();
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    shelterId = (await createShelter(testApp.app, admin)).id;
    coordinator = await loggedInUser(testApp.app, { role: 'coordinator', shelterIds: [shelterId] });
    const lawyer = await loggedInUser(testApp.app, { role: 'lawyer' });

    const intake = await postIntake(testApp.app, admin, {
      shelterId,
      arrivedAt: '2026-03-14T22:10:00-06:00',
      members: [
        {
          person: person({
            givenNames,
            familyNames,
            aliases: [`Alias${marker}`],
            genderIdentity: `Identidad${marker}`,
            birthDate: '1986-02-11',
            nationality: 'SV',
            placeOfOrigin: `Aldea${marker}`,
            languages: ['es', 'mam'],
            phone: '+503 7999 1234',
          }),
          relationship: 'head',
        },
        { person: person({ givenNames: 'Acompañante', nationality: 'SV' }), relationship: 'spouse' },
      ],
      reasonsForLeaving: ['gang_threat'],
      vulnerabilities: ['survivor_of_violence'],
      previousDeportations: [{ from: 'MX', date: '2025-11-02' }],
      // The group's: its companion's stay keeps it, the erased person's loses it.
      intendedDestination: 'Monterrey',
      notes: `Notas de la entrevista ${marker}`,
    });
    expect(intake.statusCode).toBe(201);
    [personId, companionId] = intake.json().stays.map((stay: { personId: string }) => stay.personId);
    const stayId = intake.json().stays[0].id;
    const checkout = await inject(admin, 'POST', `/api/v1/stays/${stayId}/checkout`, {
      departedAt: '2026-03-20T07:00:00-06:00',
      destination: 'continued_north',
      note: `Salida ${marker}`,
    });
    expect(checkout.statusCode).toBe(200);

    const act = (victimPersonId: string) => ({
      type: 'physical_assault',
      victimPersonId,
      perpetrators: [{ type: 'inm_agent', count: 2, description: `Uniforme ${marker}` }],
      injuries: true,
      injuryDetails: `Lesiones ${marker}`,
    });
    soleIncidentId = await createIncident(
      testApp.app,
      admin,
      incidentPayload(shelterId, {
        location: { state: 'Chiapas', placeType: 'rail_line', description: `Lugar ${marker}`, lat: 17.5, lon: -91.9 },
        witnessesNote: `Testigos ${marker}`,
        acts: [act(personId)],
      }),
    );
    expect((await reviewIncident(testApp.app, admin, soleIncidentId)).statusCode).toBe(200);
    sharedIncidentId = await createIncident(
      testApp.app,
      admin,
      incidentPayload(shelterId, { acts: [act(personId), act(companionId)] }),
    );

    applicationId = (await createApplication(testApp.app, admin, { ...comar(personId), lawyerId: lawyer.user.id })).id;
    const filed = await postEvent(testApp.app, lawyer, applicationId, {
      type: 'filed',
      occurredOn: '2026-06-10',
      note: `Nota del abogado ${marker}`,
    });
    expect(filed.statusCode).toBe(201);

    const organization = await createOrganization(testApp.app, admin);
    const service = await createService(testApp.app, admin, organization.id);
    const referred = await postReferral(
      testApp.app,
      admin,
      referral(personId, service.id, { shelterId, reason: `Motivo ${marker}` }),
    );
    expect(referred.statusCode).toBe(201);
    referralId = referred.json().id;
    const cancelled = await changeStatus(testApp.app, admin, referralId, {
      status: 'cancelled',
      note: `Cancelada ${marker}`,
    });
    expect(cancelled.statusCode).toBe(200);

    // A de-identified export took the incident the person alone suffered (k = 1: one row in this world).
    const partner = await createPartner(testApp.app, admin, partnerPayload((await partnerKeys()).publicKey));
    await db.query('ALTER TABLE partners DROP CONSTRAINT IF EXISTS partners_min_cell_size_check');
    await db.query('UPDATE partners SET min_cell_size = 1 WHERE id = $1', [partner.id]);
    const requested = await requestExport(testApp.app, admin, {
      partnerId: partner.id,
      dataset: 'incidents_deidentified',
      format: 'csv',
      from: '2026-01-01',
      to: '2026-06-30',
    });
    expect(requested.statusCode).toBe(202);
    exportId = requested.json().id;
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(testApp.config), { logger: false });
    await worker.init();
    expect(await waitForExport(testApp.app, admin, exportId)).toMatchObject({ status: 'completed', rowCount: 1 });

    expect(await tablesHoldingMarker()).toEqual(['persons']);
    expect(await matchIds()).toContain(personId);
    countsBefore = await counts();
  });
  afterAll(async () => {
    await worker?.close();
    await db.end();
    await testApp.close();
  });

  const comar = (id: string) => ({
    personId: id,
    jurisdiction: 'MX_COMAR',
    enteredCountryOn: '2026-06-05',
    grounds: 'generalized_violence',
    shelterId,
  });

  it('refuses anyone but an admin (403), an unknown person (404) and bad input (400), as problem details', async () => {
    const forbidden = await erase(coordinator, personId);
    expect(forbidden.statusCode).toBe(403);
    const unknown = await erase(admin, '6f1c1f5e-8d4b-4d7e-9a51-2c0f3f0b9a11');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    for (const [id, payload, field] of [
      [personId, {}, 'reason'],
      [personId, { reason: 'because' }, 'reason'],
      [personId, { reason: 'data_subject_request', note: 'sin texto libre' }, 'note'],
      ['not-a-uuid', { reason: 'data_subject_request' }, 'id'],
    ] as const) {
      const response = await erase(admin, id, payload);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    expect((await db.query('SELECT erased_at FROM persons WHERE id = $1', [personId])).rows[0].erased_at).toBeNull();
  });

  it('anonymizes the person across intake, incidents, asylum and referrals, keeping every row', async () => {
    const response = await erase(admin, personId);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      personId,
      reason: 'data_subject_request',
      erasedAt: expect.any(String),
      anonymized: {
        persons: 1,
        stays: 1,
        incidents: 1,
        incidentActs: 2,
        incidentInvolvements: 2,
        incidentReviews: 1,
        asylumEvents: 1,
        referrals: 1,
        referralStatusChanges: 1,
      },
    });

    expect(await tablesHoldingMarker()).toEqual([]);
    expect(await counts()).toEqual(countsBefore);

    const [row] = (
      await db.query(
        `SELECT given_names, family_names, aliases, search_name, gender_identity, birth_date, birth_year,
                estimated_birth_year, sex, nationality, place_of_origin, languages, phone_ciphertext, phone_index
           FROM persons WHERE id = $1`,
        [personId],
      )
    ).rows;
    expect(row).toEqual({
      given_names: '',
      family_names: '',
      aliases: [],
      search_name: '',
      gender_identity: null,
      birth_date: null,
      birth_year: 1986,
      estimated_birth_year: 1986,
      sex: 'male',
      nationality: 'SV',
      place_of_origin: null,
      languages: [],
      phone_ciphertext: null,
      phone_index: null,
    });
    const stays = await db.query(
      `SELECT notes_ciphertext, checkout_note_ciphertext, intended_destination, previous_deportations,
              reasons_for_leaving, vulnerabilities, destination
         FROM stays WHERE person_id = $1`,
      [personId],
    );
    expect(stays.rows).toEqual([
      {
        notes_ciphertext: null,
        checkout_note_ciphertext: null,
        intended_destination: null,
        previous_deportations: [{ from: 'MX' }],
        reasons_for_leaving: ['gang_threat'],
        vulnerabilities: ['survivor_of_violence'],
        destination: 'continued_north',
      },
    ]);
  });

  it('keeps the disclosure log, ids only: the export still tells that the incident went to its partner', async () => {
    const disclosures = await inject(admin, 'GET', `/api/v1/exports/${exportId}/disclosures`);
    expect(disclosures.statusCode).toBe(200);
    const [act] = (await db.query('SELECT id FROM incident_acts WHERE incident_id = $1', [soleIncidentId])).rows;
    expect(
      disclosures.json().items.map((item: { incidentId: string; actId: string }) => [item.incidentId, item.actId]),
    ).toEqual([[soleIncidentId, act.id]]);
  });

  it('empties the account of an incident the person alone suffered, and keeps one that others suffered too', async () => {
    const sole = (await inject(admin, 'GET', `/api/v1/incidents/${soleIncidentId}`)).json();
    expect(sole).toMatchObject({
      narrative: '',
      witnessesNote: null,
      location: { state: 'Chiapas', placeType: 'rail_line', description: null, lat: null, lon: null },
      status: 'verified',
      review: { decision: 'verified', note: '' },
    });
    expect(sole.acts).toEqual([
      expect.objectContaining({
        type: 'physical_assault',
        victimPersonId: personId,
        injuries: true,
        injuryDetails: null,
        perpetrators: [{ type: 'inm_agent', count: 2, description: null }],
      }),
    ]);

    const shared = (await inject(admin, 'GET', `/api/v1/incidents/${sharedIncidentId}`)).json();
    expect(shared.narrative).toBe(NARRATIVE);
    const byVictim = Object.fromEntries(
      shared.acts.map((act: { victimPersonId: string; injuryDetails: string | null }) => [
        act.victimPersonId,
        act.injuryDetails,
      ]),
    );
    expect(byVictim).toEqual({ [personId]: null, [companionId]: `Lesiones ${marker}` });
  });

  it('keeps the application, its events and the referral, without their free text', async () => {
    const application = await inject(admin, 'GET', `/api/v1/asylum-applications/${applicationId}`);
    expect(application.statusCode).toBe(200);
    expect(application.json()).toMatchObject({ status: 'filed' });
    expect(
      (await db.query('SELECT note_ciphertext FROM asylum_events WHERE application_id = $1', [applicationId])).rows,
    ).toEqual([{ note_ciphertext: null }]);
    const referralView = (await inject(admin, 'GET', `/api/v1/referrals/${referralId}`)).json();
    expect(referralView).toMatchObject({ status: 'cancelled', reason: '', sharedFields: [] });
  });

  it('no longer finds the person by name, phone or duplicate matching; the record opens by id, marked', async () => {
    expect(await matchIds()).not.toContain(personId);
    const byName = await inject(admin, 'GET', `/api/v1/persons?q=${encodeURIComponent(givenNames)}`);
    expect(byName.json().items).toEqual([]);
    const byPhone = await inject(admin, 'GET', '/api/v1/persons?phone=%2B503%207999%201234');
    expect(byPhone.json().items).toEqual([]);
    const record = await inject(admin, 'GET', `/api/v1/persons/${personId}`);
    expect(record.json()).toMatchObject({ givenNames: '', familyNames: '', phone: null, erasedAt: expect.any(String) });
  });

  it('audits the erasure: who, which person, the reason code and counts, never a value', async () => {
    const { rows } = await db.query(
      `SELECT actor_id, actor_role, entity_type, entity_id, details FROM audit_events WHERE action = 'erase'`,
    );
    expect(rows).toEqual([
      {
        actor_id: admin.user.id,
        actor_role: 'admin',
        entity_type: 'person',
        entity_id: personId,
        details: expect.objectContaining({ reason: 'data_subject_request', persons: 1, stays: 1 }),
      },
    ]);
  });

  it('answers 409 to a second erasure, and refuses to change or admit the erased record', async () => {
    const again = await erase(admin, personId, { reason: 'safety_risk' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ type: 'urn:albergue:problem:person_erased', erasedAt: expect.any(String) });
    expect((await db.query("SELECT 1 FROM audit_events WHERE action = 'erase'")).rowCount).toBe(1);

    const patch = await inject(admin, 'PATCH', `/api/v1/persons/${personId}`, { givenNames: 'De nuevo' });
    expect(patch.statusCode).toBe(409);
    const readmitted = await postIntake(testApp.app, admin, {
      shelterId,
      arrivedAt: '2026-04-01T10:00:00-06:00',
      members: [{ personId, relationship: 'head' }],
      reasonsForLeaving: [],
      vulnerabilities: [],
      previousDeportations: [],
    });
    expect(readmitted.statusCode).toBe(422);
    expect(readmitted.json().errors).toEqual([expect.objectContaining({ field: 'members[0].personId' })]);
    expect((await db.query('SELECT given_names FROM persons WHERE id = $1', [personId])).rows).toEqual([
      { given_names: '' },
    ]);
  });
});
