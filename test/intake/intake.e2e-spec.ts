import { Client } from 'pg';

import { createShelter, familyOfFour, person, postIntake, ShelterView } from '../factories/intake.factory';
import { loggedInUser, LoggedIn } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

describe('intake', () => {
  let testApp: TestApp;
  let db: Client;
  let admin: LoggedIn;
  let palenque: ShelterView;
  let tenosique: ShelterView;
  let worker: LoggedIn;
  let otherWorker: LoggedIn;

  beforeAll(async () => {
    testApp = await startTestApp();
    db = new Client({ connectionString: testApp.config.databaseUrl });
    await db.connect();
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    palenque = await createShelter(testApp.app, admin, { code: 'PAL', capacity: 5 });
    tenosique = await createShelter(testApp.app, admin, { code: 'TEN' });
    worker = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [palenque.id] });
    otherWorker = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [tenosique.id] });
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  const get = (url: string, as: LoggedIn = worker) => testApp.app.inject({ method: 'GET', url, headers: as.headers });

  it('registers a family of four in one go, with case numbers per shelter and year', async () => {
    const response = await postIntake(testApp.app, worker, familyOfFour(palenque.id));
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.householdId).toEqual(expect.any(String));
    expect(body.stays.map((stay: { caseNumber: string }) => stay.caseNumber)).toEqual([
      'PAL-2026-000001',
      'PAL-2026-000002',
      'PAL-2026-000003',
      'PAL-2026-000004',
    ]);
    expect(body.warnings.filter((w: { code: string }) => w.code === 'unaccompanied_minor')).toEqual([]);

    const next = (
      await postIntake(testApp.app, worker, {
        ...familyOfFour(palenque.id),
        members: [familyOfFour(palenque.id).members[0]],
      })
    ).json();
    expect(next.stays[0].caseNumber).toBe('PAL-2026-000005');
    const nextYear = (
      await postIntake(testApp.app, worker, {
        ...familyOfFour(palenque.id, '2027-01-02T08:00:00-06:00'),
        members: [{ person: person({ givenNames: 'Año', familyNames: 'Nuevo' }), relationship: 'head' }],
      })
    ).json();
    // Arrival in the future is refused, so 2027 can only be reached once the date has come.
    expect(nextYear.status ?? 201).toBe(400);
  });

  it('stores the phone and notes encrypted, and shows them to those who may see the person', async () => {
    const body = (await postIntake(testApp.app, worker, familyOfFour(palenque.id))).json();
    const headId = body.stays[0].personId;
    const raw = await db.query('SELECT phone_ciphertext, phone_index FROM persons WHERE id = $1', [headId]);
    expect(raw.rows[0].phone_ciphertext).toMatch(/^v2\./);
    expect(raw.rows[0].phone_ciphertext).not.toContain('3456');
    const stayRaw = await db.query('SELECT notes_ciphertext FROM stays WHERE id = $1', [body.stays[0].id]);
    expect(stayRaw.rows[0].notes_ciphertext).not.toContain('seis horas');

    const shown = (await get(`/api/v1/persons/${headId}`)).json();
    expect(shown.phone).toBe('+50370123456');
    expect((await get(`/api/v1/stays/${body.stays[0].id}`)).json().notes).toBe(
      'Le dieron seis horas para irse de la colonia.',
    );
    const byPhone = (await get('/api/v1/persons?phone=%2B503%207012-3456')).json();
    expect(byPhone.items.map((p: { id: string }) => p.id)).toContain(headId);
  });

  it('flags a boy of 15 travelling alone as an unaccompanied minor, by his age at arrival', async () => {
    const boy = person({
      givenNames: 'Kevin Alexander',
      familyNames: 'Pérez',
      birthDate: '2010-06-01',
      nationality: 'GT',
    });
    const response = await postIntake(testApp.app, worker, {
      ...familyOfFour(palenque.id, '2026-03-01T10:00:00-06:00'),
      members: [{ person: boy, relationship: 'head' }],
    });
    const body = response.json();
    expect(body.warnings).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'unaccompanied_minor', memberIndex: 0 })]),
    );
    const stay = (await get(`/api/v1/stays/${body.stays[0].id}`)).json();
    expect(stay.vulnerabilities).toContain('unaccompanied_minor');
  });

  it('takes age at arrival, not today: 17 at arrival is a minor even if 18 now', async () => {
    const teen = person({ givenNames: 'Brayan', familyNames: 'Cruz', birthDate: '2008-03-10', nationality: 'HN' });
    const body = (
      await postIntake(testApp.app, worker, {
        ...familyOfFour(palenque.id, '2026-03-01T10:00:00-06:00'),
        members: [{ person: teen, relationship: 'head' }],
      })
    ).json();
    expect(body.warnings.map((w: { code: string }) => w.code)).toContain('unaccompanied_minor');
  });

  it('refuses a person with an open stay in another shelter, naming it, unless staff of both ask to transfer', async () => {
    const first = (
      await postIntake(testApp.app, worker, {
        ...familyOfFour(palenque.id),
        members: [familyOfFour(palenque.id).members[1]],
      })
    ).json();
    const personId = first.stays[0].personId;
    const again = { ...familyOfFour(tenosique.id), members: [{ personId, relationship: 'head' }] };
    // Another shelter's worker cannot even tell that the person exists (test/intake/transfers.e2e-spec.ts).
    expect((await postIntake(testApp.app, otherWorker, again)).statusCode).toBe(422);

    const coordinatorOfBoth = await loggedInUser(testApp.app, {
      role: 'coordinator',
      shelterIds: [palenque.id, tenosique.id],
    });
    const refused = await postIntake(testApp.app, coordinatorOfBoth, again);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().errors).toEqual([
      { field: 'members[0].personId', message: `has an open stay ${first.stays[0].caseNumber}` },
    ]);
    const refusal = await db.query(
      "SELECT details FROM audit_events WHERE action = 'intake_refused' AND actor_id = $1",
      [coordinatorOfBoth.user.id],
    );
    expect(refusal.rows.map((row) => row.details.ids)).toContainEqual([personId]);

    const transferred = await postIntake(testApp.app, coordinatorOfBoth, {
      ...again,
      closeOpenStaysAsTransferred: true,
    });
    expect(transferred.statusCode).toBe(201);
    expect(transferred.json().stays[0].caseNumber).toMatch(/^TEN-2026-/);
    const old = (await get(`/api/v1/stays/${first.stays[0].id}`)).json();
    expect(old.destination).toBe('transferred');
    expect(old.checkedOutAt).not.toBeNull();
  });

  it('writes nothing when one member is bad', async () => {
    const before = await db.query(
      'SELECT (SELECT count(*) FROM persons) AS persons, (SELECT count(*) FROM stays) AS stays',
    );
    const payload = familyOfFour(palenque.id);
    payload.members[3] = { personId: crypto.randomUUID(), relationship: 'child' } as never;
    const response = await postIntake(testApp.app, worker, payload);
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([expect.objectContaining({ field: 'members[3].personId' })]);
    const after = await db.query(
      'SELECT (SELECT count(*) FROM persons) AS persons, (SELECT count(*) FROM stays) AS stays',
    );
    expect(after.rows).toEqual(before.rows);
  });

  it.each([
    ['an unknown nationality', { nationality: 'ZZ' }, 400, 'members[0].person.nationality'],
    ['a birth date in the future', { birthDate: '2999-01-01' }, 400, 'members[0].person.birthDate'],
    ['an impossible date', { birthDate: '2001-02-30' }, 400, 'members[0].person.birthDate'],
    [
      'an estimated year that contradicts the birth date',
      { estimatedBirthYear: 1970 },
      422,
      'members[0].person.estimatedBirthYear',
    ],
    ['an unknown sex', { sex: 'other' }, 400, 'members[0].person.sex'],
  ])('refuses %s naming the field', async (_case, change, status, field) => {
    const response = await postIntake(testApp.app, worker, {
      ...familyOfFour(palenque.id),
      members: [{ person: person(change), relationship: 'head' }],
    });
    expect(response.statusCode).toBe(status);
    expect(response.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('refuses an arrival on a day that does not exist, naming arrivedAt', async () => {
    const response = await postIntake(testApp.app, worker, familyOfFour(palenque.id, '2026-02-30T10:00:00-06:00'));
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([expect.objectContaining({ field: 'arrivedAt' })]);
  });

  it('refuses a member with both personId and person, and unknown vocabulary codes', async () => {
    const both = await postIntake(testApp.app, worker, {
      ...familyOfFour(palenque.id),
      members: [{ personId: crypto.randomUUID(), person: person(), relationship: 'head' }],
    });
    expect(both.statusCode).toBe(400);
    expect(both.json().errors).toEqual([expect.objectContaining({ field: 'members[0]' })]);
    const badReason = await postIntake(testApp.app, worker, {
      ...familyOfFour(palenque.id),
      reasonsForLeaving: ['tourism'],
    });
    expect(badReason.json().errors).toEqual([expect.objectContaining({ field: 'reasonsForLeaving' })]);
  });

  it('answers 404 for a shelter outside the worker’s scope, as if it did not exist', async () => {
    expect((await postIntake(testApp.app, otherWorker, familyOfFour(palenque.id))).statusCode).toBe(404);
    expect((await get(`/api/v1/shelters/${palenque.id}/occupancy`, otherWorker)).statusCode).toBe(404);
  });

  it('lets a worker see persons who stayed in their shelters, and no others', async () => {
    const body = (
      await postIntake(testApp.app, worker, {
        ...familyOfFour(palenque.id),
        members: [familyOfFour(palenque.id).members[2]],
      })
    ).json();
    const personId = body.stays[0].personId;
    expect((await get(`/api/v1/persons/${personId}`)).statusCode).toBe(200);
    expect((await get(`/api/v1/persons/${personId}`, otherWorker)).statusCode).toBe(404);
    expect((await get(`/api/v1/stays/${body.stays[0].id}`, otherWorker)).statusCode).toBe(404);
    const list = (await get('/api/v1/persons?q=daniela', otherWorker)).json();
    expect(list.items.map((p: { id: string }) => p.id)).not.toContain(personId);
  });

  it('refuses a name search without a letter instead of listing everyone', async () => {
    for (const q of ['%', '_', '1=1', "' --"]) {
      const response = await get(`/api/v1/persons?q=${encodeURIComponent(q)}`);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([expect.objectContaining({ field: 'q' })]);
    }
    expect((await get('/api/v1/persons?q=')).statusCode).toBe(200);
    expect((await get(`/api/v1/persons?q=${encodeURIComponent("' OR 1=1 --")}`)).json().items).toEqual([]);
  });

  it('checks out: a second checkout is 409, one before the check-in 422', async () => {
    const body = (
      await postIntake(testApp.app, worker, {
        ...familyOfFour(palenque.id, '2026-03-10T10:00:00-06:00'),
        members: [{ person: person({ givenNames: 'Salida' }), relationship: 'head' }],
      })
    ).json();
    const stayId = body.stays[0].id;
    const checkout = (payload: object) =>
      testApp.app.inject({ method: 'POST', url: `/api/v1/stays/${stayId}/checkout`, headers: worker.headers, payload });
    const early = await checkout({ departedAt: '2026-03-09T10:00:00-06:00', destination: 'continued_north' });
    expect(early.statusCode).toBe(422);
    expect(early.json().errors).toEqual([expect.objectContaining({ field: 'departedAt' })]);
    const ok = await checkout({
      departedAt: '2026-03-12T07:00:00-06:00',
      destination: 'continued_north',
      note: 'Tomó el tren',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ destination: 'continued_north', checkoutNote: 'Tomó el tren' });
    expect((await checkout({ departedAt: '2026-03-12T08:00:00-06:00', destination: 'unknown' })).statusCode).toBe(409);
    expect((await checkout({ departedAt: '2026-03-12T08:00:00-06:00', destination: 'moon' })).json().errors).toEqual([
      expect.objectContaining({ field: 'destination' }),
    ]);
  });

  it('lists residents present and counts occupancy, over capacity included', async () => {
    const small = await createShelter(testApp.app, admin, { capacity: 3 });
    const coordinator = await loggedInUser(testApp.app, { role: 'coordinator', shelterIds: [small.id] });
    const body = (await postIntake(testApp.app, coordinator, familyOfFour(small.id))).json();
    expect(body.warnings.map((w: { code: string }) => w.code)).toContain('over_capacity');
    const present = (await get(`/api/v1/shelters/${small.id}/stays?present=true&limit=2`, coordinator)).json();
    expect(present.items).toHaveLength(2);
    expect(present.items[0].person).toEqual(expect.objectContaining({ nationality: 'SV' }));
    const rest = (
      await get(`/api/v1/shelters/${small.id}/stays?present=true&cursor=${present.nextCursor}`, coordinator)
    ).json();
    expect(rest.items).toHaveLength(2);
    const occupancy = (await get(`/api/v1/shelters/${small.id}/occupancy`, coordinator)).json();
    expect(occupancy).toMatchObject({
      capacity: 3,
      present: 4,
      overCapacity: true,
      byNationality: { SV: 4 },
      bySex: { male: 2, female: 2 },
      unaccompaniedMinors: 0,
    });
    expect(occupancy.byAgeBand).toMatchObject({ '0-4': 1, '5-11': 1, '18-59': 2 });
  });

  it('gives unique case numbers under concurrent intakes', async () => {
    const shelter = await createShelter(testApp.app, admin);
    const desk = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [shelter.id] });
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        postIntake(testApp.app, desk, {
          ...familyOfFour(shelter.id),
          members: [{ person: person({ givenNames: `Concurrente ${i}` }), relationship: 'head' }],
        }),
      ),
    );
    const numbers = responses.map((r) => r.json().stays[0].caseNumber).sort();
    expect(new Set(numbers).size).toBe(12);
    expect(numbers[11]).toBe(`${shelter.code}-2026-000012`);
  });

  it("takes the shelter's case-number counter only once the group's other rows are written", async () => {
    // Intakes into one shelter wait for each other's hold on the counter: it must not cover the
    // persons' writes (their indexes, the name vocabulary). A trigger on the counter notes what the
    // statement had written when it took it.
    const shelter = await createShelter(testApp.app, admin);
    const desk = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [shelter.id] });
    await db.query(`CREATE TABLE counter_taken (persons int, members int, audits int)`);
    await db.query(`CREATE FUNCTION note_counter_taken() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO counter_taken SELECT
          (SELECT count(*) FROM persons WHERE given_names LIKE 'Contador %'),
          (SELECT count(*) FROM household_members m JOIN persons p ON p.id = m.person_id WHERE p.given_names LIKE 'Contador %'),
          (SELECT count(*) FROM audit_events WHERE action = 'intake' AND actor_id = '${desk.user.id}');
        RETURN NEW;
      END $$`);
    await db.query(`CREATE TRIGGER note_counter_taken BEFORE INSERT ON case_number_sequences
      FOR EACH ROW EXECUTE FUNCTION note_counter_taken()`);
    try {
      const response = await postIntake(testApp.app, desk, {
        ...familyOfFour(shelter.id),
        members: [
          { person: person({ givenNames: 'Contador Uno' }), relationship: 'head' },
          { person: person({ givenNames: 'Contador Dos' }), relationship: 'spouse' },
        ],
      });
      expect(response.statusCode).toBe(201);
      expect((await db.query('SELECT * FROM counter_taken')).rows).toEqual([{ persons: 2, members: 2, audits: 1 }]);
    } finally {
      await db.query('DROP TRIGGER note_counter_taken ON case_number_sequences');
      await db.query('DROP FUNCTION note_counter_taken()');
      await db.query('DROP TABLE counter_taken');
    }
  });

  it('keeps case numbers gapless: a refused intake takes none', async () => {
    const shelter = await createShelter(testApp.app, admin);
    const desk = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [shelter.id] });
    const arrival = (members: unknown[]) => ({ ...familyOfFour(shelter.id), members });
    const first = (
      await postIntake(
        testApp.app,
        desk,
        arrival([{ person: person({ givenNames: 'Sin Hueco' }), relationship: 'head' }]),
      )
    ).json();
    expect(first.stays[0].caseNumber).toBe(`${shelter.code}-2026-000001`);
    // The same person again, with her stay still open, and a new one: refused as a whole.
    const refused = await postIntake(
      testApp.app,
      desk,
      arrival([
        { personId: first.stays[0].personId, relationship: 'head' },
        { person: person({ givenNames: 'Otra Persona' }), relationship: 'spouse' },
      ]),
    );
    expect(refused.statusCode).toBe(409);
    const next = (
      await postIntake(
        testApp.app,
        desk,
        arrival([{ person: person({ givenNames: 'Sin Salto' }), relationship: 'head' }]),
      )
    ).json();
    expect(next.stays[0].caseNumber).toBe(`${shelter.code}-2026-000002`);
  });

  it('warns of a possible earlier record, and audits the records it showed', async () => {
    const earlier = (
      await postIntake(testApp.app, worker, {
        ...familyOfFour(palenque.id, '2026-02-01T10:00:00-06:00'),
        members: [
          {
            person: person({ givenNames: 'Wálter Ismael', familyNames: 'Turcios Sorto', birthDate: '1984-08-08' }),
            relationship: 'head',
          },
        ],
      })
    ).json();
    await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/stays/${earlier.stays[0].id}/checkout`,
      headers: worker.headers,
      payload: { departedAt: '2026-02-03T07:00:00-06:00', destination: 'deported' },
    });
    const again = (
      await postIntake(testApp.app, otherWorker, {
        ...familyOfFour(tenosique.id),
        members: [
          {
            person: person({ givenNames: 'Walter Ismael', familyNames: 'Sorto Turcios', birthDate: '1984-08-08' }),
            relationship: 'head',
          },
        ],
      })
    ).json();
    const warning = again.warnings.find((w: { code: string }) => w.code === 'possible_previous_record');
    expect(warning.matches[0].person).toMatchObject({ id: earlier.stays[0].personId, lastShelterCode: 'PAL' });
    expect(warning.matches[0].reasons).toEqual(expect.arrayContaining(['surnames_swapped', 'birth_date_exact']));
    const { rows } = await db.query("SELECT details FROM audit_events WHERE action = 'match' AND actor_id = $1", [
      otherWorker.user.id,
    ]);
    expect(rows.flatMap((row) => row.details.ids)).toContain(earlier.stays[0].personId);
  });

  it('shows a lawyer none of a shelter’s residents: she reaches persons only through her applications', async () => {
    const lawyer = await loggedInUser(testApp.app, { role: 'lawyer' });
    const body = (
      await postIntake(testApp.app, worker, {
        ...familyOfFour(palenque.id),
        members: [
          {
            person: person({ givenNames: 'Residente', familyNames: 'Sin Abogado', phone: '+504 3333 4444' }),
            relationship: 'head',
          },
        ],
      })
    ).json();
    const found = (await get('/api/v1/persons?q=residente%20sin%20abogado', lawyer)).json();
    expect(found.items).toEqual([]);
    expect((await get(`/api/v1/persons/${body.stays[0].personId}`, lawyer)).statusCode).toBe(404);
  });

  it('audits every read of a person and a stay', async () => {
    const body = (
      await postIntake(testApp.app, worker, {
        ...familyOfFour(palenque.id),
        members: [{ person: person({ givenNames: 'Auditada' }), relationship: 'head' }],
      })
    ).json();
    await get(`/api/v1/persons/${body.stays[0].personId}`);
    await get(`/api/v1/stays/${body.stays[0].id}`);
    const { rows } = await db.query(
      "SELECT entity_type, actor_id FROM audit_events WHERE action = 'read' AND entity_id = ANY($1)",
      [[body.stays[0].personId, body.stays[0].id]],
    );
    expect(rows).toHaveLength(2);
    expect(rows.every((row) => row.actor_id === worker.user.id)).toBe(true);
  });
});
