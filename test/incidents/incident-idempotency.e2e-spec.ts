import { randomUUID } from 'node:crypto';

import { Client } from 'pg';

import { incidentPayload, NARRATIVE } from '../factories/incident.factory';
import { createShelter, familyOfFour, ShelterView } from '../factories/intake.factory';
import { loggedInUser, LoggedIn } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

describe('POST /incidents with an Idempotency-Key', () => {
  let testApp: TestApp;
  let db: Client;
  let admin: LoggedIn;
  let palenque: ShelterView;
  let tenosique: ShelterView;
  let worker: LoggedIn;
  let otherWorker: LoggedIn;
  let tenosiqueWorker: LoggedIn;

  beforeAll(async () => {
    testApp = await startTestApp();
    db = new Client({ connectionString: testApp.config.databaseUrl });
    await db.connect();
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    palenque = await createShelter(testApp.app, admin, { code: 'PAL' });
    tenosique = await createShelter(testApp.app, admin, { code: 'TEN' });
    worker = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [palenque.id] });
    otherWorker = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [palenque.id] });
    tenosiqueWorker = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [tenosique.id] });
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  const post = (key: string, payload: object, as: LoggedIn = worker, language = 'es', url = '/api/v1/incidents') =>
    testApp.app.inject({
      method: 'POST',
      url,
      headers: { ...as.headers, 'idempotency-key': key, 'accept-language': language },
      payload,
    });
  const count = async (sql: string, parameters: unknown[] = []): Promise<number> =>
    (await db.query(sql, parameters)).rows[0].n;
  const incidents = () => count('SELECT count(*)::int AS n FROM incidents');

  it('answers a retry with the first answer and records the incident once', async () => {
    const key = randomUUID();
    const before = await incidents();
    const first = await post(key, incidentPayload(palenque.id));
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    const retry = await post(key, incidentPayload(palenque.id));
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect(await incidents()).toBe(before + 1);
    const { id } = first.json();
    expect(await count('SELECT count(*)::int AS n FROM incident_acts WHERE incident_id = $1', [id])).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM incident_consents WHERE incident_id = $1', [id])).toBe(1);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM audit_events WHERE action = 'create' AND entity_type = 'incident' AND entity_id = $1`,
        [id],
      ),
    ).toBe(1);
  });

  it('lets concurrent duplicates write once: the others wait for the first and replay it', async () => {
    const key = randomUUID();
    const before = await incidents();
    const payload = incidentPayload(palenque.id);
    const answers = await Promise.all([post(key, payload), post(key, payload), post(key, payload)]);
    expect(answers.map((answer) => answer.statusCode)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((answer) => answer.json().id)).size).toBe(1);
    expect(answers.filter((answer) => answer.headers['idempotent-replayed'] === 'true')).toHaveLength(2);
    expect(await incidents()).toBe(before + 1);
  });

  it('refuses the same key with another body: 422 naming the header, in the caller language', async () => {
    const key = randomUUID();
    expect((await post(key, incidentPayload(palenque.id))).statusCode).toBe(201);
    const before = await incidents();
    const reused = await post(
      key,
      incidentPayload(palenque.id, { narrative: 'Otra noche, otro tramo de la vía.' }),
      worker,
      'en',
    );
    expect(reused.statusCode).toBe(422);
    expect(reused.headers['content-type']).toContain('application/problem+json');
    expect(reused.json().type).toMatch(/idempotency_key_reused$/);
    expect(reused.json().errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
    expect(reused.json().detail).toContain('Idempotency-Key');
    expect(reused.body).not.toContain('culata');
    expect(await incidents()).toBe(before);
  });

  it('keeps keys per user: the same key of another user is another incident, replayed to that user alone', async () => {
    const key = randomUUID();
    const before = await incidents();
    const mine = await post(key, incidentPayload(palenque.id));
    const theirs = await post(key, incidentPayload(palenque.id), otherWorker);
    expect(theirs.statusCode).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.json().id).not.toBe(mine.json().id);

    const theirRetry = await post(key, incidentPayload(palenque.id), otherWorker);
    expect(theirRetry.headers['idempotent-replayed']).toBe('true');
    expect(theirRetry.json().id).toBe(theirs.json().id);
    const myRetry = await post(key, incidentPayload(palenque.id));
    expect(myRetry.headers['idempotent-replayed']).toBe('true');
    expect(myRetry.json().id).toBe(mine.json().id);
    expect(await incidents()).toBe(before + 2);
  });

  it('keeps keys per route: a key used on POST /intake is another key on POST /incidents', async () => {
    const key = randomUUID();
    const intake = await post(key, familyOfFour(palenque.id), worker, 'es', '/api/v1/intake');
    expect(intake.statusCode).toBe(201);
    const before = await incidents();

    const incident = await post(key, incidentPayload(palenque.id));
    expect(incident.statusCode).toBe(201);
    expect(incident.headers['idempotent-replayed']).toBeUndefined();
    expect(incident.json()).toMatchObject({ status: 'submitted', shelterId: palenque.id });
    expect(incident.json().householdId).toBeUndefined();

    const incidentRetry = await post(key, incidentPayload(palenque.id));
    expect(incidentRetry.headers['idempotent-replayed']).toBe('true');
    expect(incidentRetry.json()).toEqual(incident.json());
    const intakeRetry = await post(key, familyOfFour(palenque.id), worker, 'es', '/api/v1/intake');
    expect(intakeRetry.headers['idempotent-replayed']).toBe('true');
    expect(intakeRetry.json()).toEqual(intake.json());
    expect(await incidents()).toBe(before + 1);
  });

  it('replays nothing to a caller outside the incident’s shelter, whoever sends the key', async () => {
    const mover = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [palenque.id] });
    const key = randomUUID();
    const payload = incidentPayload(palenque.id);
    const first = await post(key, payload, mover);
    expect(first.statusCode).toBe(201);
    expect((await post(key, payload, mover)).headers['idempotent-replayed']).toBe('true');
    const before = await incidents();

    // The other shelter's worker with the same key and body: refused as for any shelter not theirs.
    const stranger = await post(key, payload, tenosiqueWorker);
    expect(stranger.statusCode).toBe(404);
    expect(stranger.headers['idempotent-replayed']).toBeUndefined();
    expect(stranger.body).not.toContain(first.json().id);

    // The worker who sent it, moved to the other shelter since: the stored answer is not replayed.
    const moved = await testApp.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${mover.user.id}`,
      headers: admin.headers,
      payload: { shelterIds: [tenosique.id] },
    });
    expect(moved.statusCode).toBe(200);
    const retry = await post(key, payload, mover);
    expect(retry.statusCode).toBe(404);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(retry.body).not.toContain(first.json().id);
    expect(await incidents()).toBe(before);
  });

  it('stores neither the key nor the answer in clear, and forgets keys after 24 hours', async () => {
    const key = `clave-${randomUUID()}`;
    const first = (await post(key, incidentPayload(palenque.id))).json();
    expect((await post(key, incidentPayload(palenque.id))).headers['idempotent-replayed']).toBe('true');
    const { rows } = await db.query(
      "SELECT key_hash, response_ciphertext FROM idempotency_keys WHERE scope = 'incidents' AND user_id = $1",
      [worker.user.id],
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((row) => row.key_hash === key)).toBe(false);
    expect(rows.every((row) => !row.response_ciphertext.includes(first.id))).toBe(true);
    expect(rows.every((row) => !row.response_ciphertext.includes(NARRATIVE))).toBe(true);

    await db.query("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE scope = 'incidents'");
    const later = await post(key, incidentPayload(palenque.id));
    expect(later.statusCode).toBe(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    expect(later.json().id).not.toBe(first.id);
  });

  it('does not keep the key of a refused incident, so the corrected request can use it', async () => {
    const key = randomUUID();
    const before = await incidents();
    // Refused inside the transaction that took the key: an unknown victim.
    const refused = await post(key, {
      ...incidentPayload(palenque.id),
      acts: [{ type: 'extortion', victimPersonId: randomUUID(), perpetrators: [{ type: 'unknown' }] }],
    });
    expect(refused.statusCode).toBe(422);
    const corrected = await post(key, incidentPayload(palenque.id));
    expect(corrected.statusCode).toBe(201);
    expect(corrected.headers['idempotent-replayed']).toBeUndefined();
    expect((await post(key, incidentPayload(palenque.id))).headers['idempotent-replayed']).toBe('true');
    expect(await incidents()).toBe(before + 1);
  });

  it.each([
    ['longer than 255 characters', 'x'.repeat(256)],
    ['with a space', 'clave con espacio'],
    ['not ASCII', 'clave-ñ'],
  ])('refuses a key %s, writing nothing', async (_, key) => {
    const before = await incidents();
    const answer = await post(key, incidentPayload(palenque.id));
    expect(answer.statusCode).toBe(400);
    expect(answer.json().errors[0].field).toBe('Idempotency-Key');
    expect(await incidents()).toBe(before);
  });
});
