import { Client } from 'pg';

import { createShelter, familyOfFour, person, postIntake, ShelterView } from '../factories/intake.factory';
import { loggedInUser, LoggedIn } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 14, findings 1 and 5: a shelter took over another shelter's resident by naming her id (found
 * through /persons/matches) at intake, and matching answered strangers to a birth year and a nationality.
 */
describe('a person of another shelter, transfers and matching', () => {
  let testApp: TestApp;
  let db: Client;
  let admin: LoggedIn;
  let shelterA: ShelterView;
  let shelterB: ShelterView;
  let workerA: LoggedIn;
  let workerB: LoggedIn;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { MATCH_RATE_LIMIT_PER_HOUR: '8' } });
    db = new Client({ connectionString: testApp.config.databaseUrl });
    await db.connect();
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    shelterA = await createShelter(testApp.app, admin, { code: 'AAA' });
    shelterB = await createShelter(testApp.app, admin, { code: 'BBB' });
    workerA = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [shelterA.id] });
    workerB = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [shelterB.id] });
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  const request = (method: 'GET' | 'POST' | 'PATCH', url: string, as: LoggedIn, payload?: object) =>
    testApp.app.inject({ method, url, headers: as.headers, ...(payload ? { payload } : {}) });
  const arrival = (shelterId: string, members: object[], extra: object = {}) => ({
    ...familyOfFour(shelterId),
    members,
    ...extra,
  });
  const registerIn = async (shelterId: string, as: LoggedIn, overrides: Record<string, unknown>) => {
    const response = await postIntake(
      testApp.app,
      as,
      arrival(shelterId, [{ person: person(overrides), relationship: 'head' }]),
    );
    expect(response.statusCode).toBe(201);
    return response.json() as { householdId: string; stays: { id: string; personId: string }[]; warnings: any[] };
  };
  /** Everything the attack could have changed, to compare before and after. */
  const snapshot = async (personId: string) => ({
    person: (await db.query('SELECT * FROM persons WHERE id = $1', [personId])).rows,
    stays: (await db.query('SELECT * FROM stays WHERE person_id = $1 ORDER BY checked_in_at', [personId])).rows,
    households: (await db.query('SELECT count(*)::int AS n FROM household_members WHERE person_id = $1', [personId]))
      .rows,
    staysInB: (await db.query('SELECT count(*)::int AS n FROM stays WHERE shelter_id = $1', [shelterB.id])).rows,
  });

  it('refuses B any use of a resident of A, found through matching: 422 in a body, 404 in a path, nothing changed', async () => {
    const resident = {
      givenNames: 'Karla Patricia',
      familyNames: 'Flores Mejía',
      sex: 'female',
      birthDate: '1990-03-02',
    };
    const personId = (await registerIn(shelterA.id, workerA, { ...resident, phone: '+504 9999 1111' })).stays[0]
      .personId;
    const found = await request(
      'GET',
      '/api/v1/persons/matches?givenNames=Karla%20Patricia&familyNames=Flores%20Mejia&birthYear=1990&nationality=HN',
      workerB,
    );
    expect(found.json().items.map((match: { person: { id: string } }) => match.person.id)).toContain(personId);
    const before = await snapshot(personId);

    const unknown = await postIntake(
      testApp.app,
      workerB,
      arrival(shelterB.id, [{ personId: crypto.randomUUID(), relationship: 'head' }]),
    );
    for (const closeOpenStaysAsTransferred of [false, true]) {
      const taken = await postIntake(
        testApp.app,
        workerB,
        arrival(shelterB.id, [{ personId, relationship: 'head' }], { closeOpenStaysAsTransferred }),
      );
      expect(taken.statusCode).toBe(422);
      expect(taken.json().errors).toEqual([expect.objectContaining({ field: 'members[0].personId' })]);
      // The same answer as for an id nobody has: whether the person exists does not leak.
      expect({ ...taken.json(), requestId: null }).toEqual({ ...unknown.json(), requestId: null });
      expect(taken.body).not.toContain('AAA');
    }
    const household = await request('POST', '/api/v1/households', workerB, {
      members: [{ personId, relationship: 'head' }],
    });
    expect(household.statusCode).toBe(422);
    expect(household.json().errors).toEqual([expect.objectContaining({ field: 'members[0].personId' })]);
    expect(
      (await request('PATCH', `/api/v1/persons/${personId}`, workerB, { phone: '+52 1 555 0000' })).statusCode,
    ).toBe(404);
    const read = await request('GET', `/api/v1/persons/${personId}`, workerB);
    expect(read.statusCode).toBe(404);
    expect(read.body).not.toContain('9999');
    expect(await snapshot(personId)).toEqual(before);
    const { rows: attempts } = await db.query(
      "SELECT details FROM audit_events WHERE action = 'intake_refused' AND actor_id = $1",
      [workerB.user.id],
    );
    expect(attempts.map((row) => row.details)).toContainEqual({ ids: [personId], reason: 'unknown_person' });
  });

  it('leaves a stay of A open when B, who saw the person before, asks to close it as a transfer', async () => {
    const earlier = await registerIn(shelterB.id, workerB, {
      givenNames: 'Wilmer Antonio',
      familyNames: 'Matute Funes',
      birthDate: '1991-07-07',
    });
    const personId = earlier.stays[0].personId;
    await request('POST', `/api/v1/stays/${earlier.stays[0].id}/checkout`, workerB, {
      departedAt: '2026-03-15T08:00:00-06:00',
      destination: 'continued_north',
    });
    // An admin registers the person in A (A's worker could no more name a person of B than B one of A).
    const inA = await postIntake(
      testApp.app,
      admin,
      arrival(shelterA.id, [{ personId, relationship: 'head' }], { arrivedAt: '2026-03-20T10:00:00-06:00' }),
    );
    expect(inA.statusCode).toBe(201);
    const before = await snapshot(personId);
    const forced = await postIntake(
      testApp.app,
      workerB,
      arrival(shelterB.id, [{ personId, relationship: 'head' }], {
        arrivedAt: '2026-03-25T10:00:00-06:00',
        closeOpenStaysAsTransferred: true,
      }),
    );
    expect(forced.statusCode).toBe(409);
    expect(forced.json().errors).toEqual([{ field: 'members[0].personId', message: 'has an open stay AAA' }]);
    expect(await snapshot(personId)).toEqual(before);
  });

  it('transfers a person when A hands her over and B registers her, audited on both sides', async () => {
    const inA = await registerIn(shelterA.id, workerA, {
      givenNames: 'Glenda Suyapa',
      familyNames: 'Euceda Banegas',
      sex: 'female',
      birthDate: '1985-01-20',
      phone: '+504 8888 2222',
    });
    const [{ id: stayId, personId }] = inA.stays;

    // B cannot hand over A's stay, nor A hand over to its own shelter or to no shelter.
    expect(
      (await request('POST', `/api/v1/stays/${stayId}/transfer`, workerB, { toShelterId: shelterB.id })).statusCode,
    ).toBe(404);
    for (const toShelterId of [shelterA.id, crypto.randomUUID()]) {
      const wrong = await request('POST', `/api/v1/stays/${stayId}/transfer`, workerA, { toShelterId });
      expect(wrong.statusCode).toBe(422);
      expect(wrong.json().errors).toEqual([expect.objectContaining({ field: 'toShelterId' })]);
    }
    const offered = await request('POST', `/api/v1/stays/${stayId}/transfer`, workerA, { toShelterId: shelterB.id });
    expect(offered.statusCode).toBe(201);
    const transfer = offered.json();
    expect(transfer).toMatchObject({
      status: 'pending',
      stayId,
      fromShelter: { code: 'AAA' },
      toShelter: { code: 'BBB' },
    });
    expect(
      (await request('POST', `/api/v1/stays/${stayId}/transfer`, workerA, { toShelterId: shelterB.id })).statusCode,
    ).toBe(409);

    // B sees the handover (enough to recognise her), and nothing more until she arrives.
    const incoming = (await request('GET', `/api/v1/transfers?shelterId=${shelterB.id}`, workerB)).json();
    expect(incoming.items).toEqual([
      expect.objectContaining({
        id: transfer.id,
        stayId: null,
        person: {
          id: personId,
          givenNames: 'Glenda Suyapa',
          familyNames: 'Euceda Banegas',
          sex: 'female',
          birthYear: 1985,
          nationality: 'HN',
        },
      }),
    ]);
    expect(JSON.stringify(incoming)).not.toContain('8888');
    expect((await request('GET', `/api/v1/persons/${personId}`, workerB)).statusCode).toBe(404);
    expect((await request('GET', `/api/v1/stays/${stayId}`, workerB)).statusCode).toBe(404);
    expect((await request('GET', `/api/v1/transfers?shelterId=${shelterA.id}`, workerB)).statusCode).toBe(404);

    const accepted = await postIntake(
      testApp.app,
      workerB,
      arrival(shelterB.id, [{ personId, relationship: 'head' }], { arrivedAt: '2026-03-16T09:00:00-06:00' }),
    );
    expect(accepted.statusCode).toBe(201);
    const newStayId = accepted.json().stays[0].id;
    const old = (await request('GET', `/api/v1/stays/${stayId}`, workerA)).json();
    expect(old).toMatchObject({ destination: 'transferred', checkedOutAt: expect.any(String) });
    expect((await request('GET', `/api/v1/persons/${personId}`, workerB)).json().phone).toBe('+50488882222');
    const { rows: transfers } = await db.query(
      'SELECT status, accepted_stay_id, decided_by FROM stay_transfers WHERE id = $1',
      [transfer.id],
    );
    expect(transfers).toEqual([{ status: 'accepted', accepted_stay_id: newStayId, decided_by: workerB.user.id }]);
    expect((await request('POST', `/api/v1/transfers/${transfer.id}/cancel`, workerA)).statusCode).toBe(409);

    const { rows: audit } = await db.query(
      `SELECT actor_id, action, entity_id, details FROM audit_events
        WHERE entity_id = ANY($1) AND action IN ('transfer_offer', 'transfer_accept', 'checkout') ORDER BY id`,
      [[transfer.id, stayId]],
    );
    expect(audit).toEqual([
      {
        actor_id: workerA.user.id,
        action: 'transfer_offer',
        entity_id: transfer.id,
        details: { ids: [personId, stayId], fromShelterId: shelterA.id, toShelterId: shelterB.id },
      },
      {
        actor_id: workerB.user.id,
        action: 'checkout',
        entity_id: stayId,
        details: { destination: 'transferred', shelterId: shelterA.id, transferId: transfer.id },
      },
      {
        actor_id: workerB.user.id,
        action: 'transfer_accept',
        entity_id: transfer.id,
        details: { ids: [personId, stayId, newStayId], fromShelterId: shelterA.id, toShelterId: shelterB.id },
      },
    ]);
  });

  it('lets either side cancel a pending transfer, after which B may not register the person', async () => {
    const inA = await registerIn(shelterA.id, workerA, {
      givenNames: 'Ismael',
      familyNames: 'Xicará Tzoc',
      birthDate: '1979-11-11',
      nationality: 'GT',
    });
    const [{ id: stayId, personId }] = inA.stays;
    const transfer = (
      await request('POST', `/api/v1/stays/${stayId}/transfer`, workerA, { toShelterId: shelterB.id })
    ).json();
    const declined = await request('POST', `/api/v1/transfers/${transfer.id}/cancel`, workerB);
    expect(declined.statusCode).toBe(200);
    expect(declined.json().status).toBe('cancelled');
    const taken = await postIntake(testApp.app, workerB, arrival(shelterB.id, [{ personId, relationship: 'head' }]));
    expect(taken.statusCode).toBe(422);
    const outsider = await loggedInUser(testApp.app, {
      role: 'shelter_worker',
      shelterIds: [(await createShelter(testApp.app, admin)).id],
    });
    expect((await request('POST', `/api/v1/transfers/${transfer.id}/cancel`, outsider)).statusCode).toBe(404);
  });

  it('answers nothing to a birth year and a nationality with unrelated names, and audits the ids it answered', async () => {
    const known = await registerIn(shelterA.id, workerA, {
      givenNames: 'Marvin Josué',
      familyNames: 'Portillo Amaya',
      birthDate: '1993-05-05',
      nationality: 'SV',
    });
    const finder = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [shelterB.id] });
    const sweep = await request(
      'GET',
      '/api/v1/persons/matches?givenNames=Pedro&familyNames=Sanchez%20Ramos&birthYear=1993&nationality=SV',
      finder,
    );
    expect(sweep.statusCode).toBe(200);
    expect(sweep.json().items).toEqual([]);
    const otherSex = await request(
      'GET',
      '/api/v1/persons/matches?givenNames=Marvin%20Josue&familyNames=Portillo%20Amaya&birthYear=1993&sex=female',
      finder,
    );
    expect(otherSex.json().items).toEqual([]);
    const typed = await request(
      'GET',
      '/api/v1/persons/matches?givenNames=Marvin%20Josue&familyNames=Amaya%20Portilo&birthYear=1994&nationality=SV&sex=male',
      finder,
    );
    const [first] = typed.json().items;
    expect(first.person.id).toBe(known.stays[0].personId);
    expect(first.reasons).toEqual(expect.arrayContaining(['name_similar', 'birth_year_close', 'sex_match']));

    const { rows } = await db.query(
      "SELECT details FROM audit_events WHERE action = 'match' AND actor_id = $1 ORDER BY id",
      [finder.user.id],
    );
    expect(rows.map((row) => row.details)).toEqual([{ ids: [] }, { ids: [] }, { ids: [known.stays[0].personId] }]);
    expect(JSON.stringify(rows)).not.toMatch(/pedro|marvin|portillo/i);
  });

  it('answers 429 problem+json once a user has used up the hourly matching queries', async () => {
    const sweeper = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [shelterB.id] });
    const ask = (n: number) =>
      request('GET', `/api/v1/persons/matches?givenNames=Nombre${n}&familyNames=Prueba&birthYear=1990`, sweeper);
    for (let n = 0; n < 8; n += 1) expect((await ask(n)).statusCode).toBe(200);
    const stopped = await ask(8);
    expect(stopped.statusCode).toBe(429);
    expect(stopped.headers['content-type']).toContain('application/problem+json');
    expect(stopped.json().type).toBe('urn:albergue:problem:match_rate_limited');
    // Another user is not stopped by it.
    expect((await request('GET', '/api/v1/persons/matches?givenNames=Nombre&birthYear=1990', workerB)).statusCode).toBe(
      200,
    );
  });

  it('names the earlier record each intake warning means, and warns no stranger', async () => {
    const earlier = await registerIn(shelterA.id, workerA, {
      givenNames: 'Walter Ismael',
      familyNames: 'Turcios Sorto',
      birthDate: '1984-08-08',
    });
    const family = await postIntake(
      testApp.app,
      workerB,
      arrival(shelterB.id, [
        {
          person: person({
            givenNames: 'Karla Yesenia',
            familyNames: 'Orellana Lemus',
            sex: 'female',
            birthDate: '1984-02-02',
          }),
          relationship: 'spouse',
        },
        {
          person: person({ givenNames: 'Walter Ismael', familyNames: 'Sorto Turcios', birthDate: '1984-08-08' }),
          relationship: 'head',
        },
        {
          person: person({
            givenNames: 'Nohemí',
            familyNames: 'Sorto Orellana',
            sex: 'female',
            birthDate: '2015-04-04',
          }),
          relationship: 'child',
        },
      ]),
    );
    expect(family.statusCode).toBe(201);
    const warnings = family.json().warnings.filter((w: { code: string }) => w.code === 'possible_previous_record');
    expect(warnings).toEqual([
      expect.objectContaining({
        memberIndex: 1,
        personId: family.json().stays[1].personId,
        matchedPersonIds: [earlier.stays[0].personId],
      }),
    ]);
  });
});
