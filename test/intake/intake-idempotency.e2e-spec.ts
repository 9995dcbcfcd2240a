import { randomUUID } from 'node:crypto';

import { Client } from 'pg';

import { createShelter, familyOfFour, person, ShelterView } from '../factories/intake.factory';
import { loggedInUser, LoggedIn } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

describe('POST /intake with an Idempotency-Key', () => {
  let testApp: TestApp;
  let db: Client;
  let palenque: ShelterView;
  let worker: LoggedIn;
  let otherWorker: LoggedIn;

  beforeAll(async () => {
    testApp = await startTestApp();
    db = new Client({ connectionString: testApp.config.databaseUrl });
    await db.connect();
    const admin = await loggedInUser(testApp.app, { role: 'admin' });
    palenque = await createShelter(testApp.app, admin, { code: 'PAL' });
    worker = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [palenque.id] });
    otherWorker = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [palenque.id] });
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  const post = (key: string, payload: object, as: LoggedIn = worker, language = 'es') =>
    testApp.app.inject({
      method: 'POST',
      url: '/api/v1/intake',
      headers: { ...as.headers, 'idempotency-key': key, 'accept-language': language },
      payload,
    });

  const staysOfHousehold = async (householdId: string): Promise<number> =>
    (await db.query('SELECT count(*)::int AS n FROM stays WHERE household_id = $1', [householdId])).rows[0].n;
  const households = async (): Promise<number> =>
    (await db.query('SELECT count(*)::int AS n FROM households')).rows[0].n;

  it('answers a retry with the first answer and registers the group once', async () => {
    const key = randomUUID();
    const before = await households();
    const first = await post(key, familyOfFour(palenque.id));
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    const retry = await post(key, familyOfFour(palenque.id));
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect(await households()).toBe(before + 1);
    expect(await staysOfHousehold(first.json().householdId)).toBe(4);
  });

  it('lets concurrent duplicates write once: the second waits for the first and replays it', async () => {
    const key = randomUUID();
    const before = await households();
    const payload = familyOfFour(palenque.id);
    const answers = await Promise.all([post(key, payload), post(key, payload), post(key, payload)]);
    expect(answers.map((answer) => answer.statusCode)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((answer) => answer.json().householdId)).size).toBe(1);
    expect(answers.filter((answer) => answer.headers['idempotent-replayed'] === 'true')).toHaveLength(2);
    expect(await households()).toBe(before + 1);
  });

  // A group of new persons is written by one statement that claims the key itself; a group with a
  // returning person, in a transaction under the key's lock. Both must write once and replay alike.
  it('writes a group with a returning person once under concurrent duplicates, and replays its case numbers', async () => {
    const earlier = (
      await post(randomUUID(), {
        ...familyOfFour(palenque.id, '2026-03-01T10:00:00-06:00'),
        members: [{ person: person({ givenNames: 'Regresa Otra' }), relationship: 'head' }],
      })
    ).json();
    const checkout = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/stays/${earlier.stays[0].id}/checkout`,
      headers: worker.headers,
      payload: { departedAt: '2026-03-05T07:00:00-06:00', destination: 'continued_north' },
    });
    expect(checkout.statusCode).toBe(200);
    const key = randomUUID();
    const before = await households();
    const payload = {
      ...familyOfFour(palenque.id, '2026-03-20T10:00:00-06:00'),
      members: [
        { personId: earlier.stays[0].personId, relationship: 'head' },
        { person: person({ givenNames: 'Hija Nueva', birthDate: '2015-04-02' }), relationship: 'child' },
      ],
    };
    const answers = await Promise.all([post(key, payload), post(key, payload), post(key, payload)]);
    expect(answers.map((answer) => answer.statusCode)).toEqual([201, 201, 201]);
    expect(answers.filter((answer) => answer.headers['idempotent-replayed'] === 'true')).toHaveLength(2);
    const [first] = answers.filter((answer) => answer.headers['idempotent-replayed'] === undefined);
    for (const answer of answers) expect(answer.json()).toEqual(first.json());
    expect(first.json().stays.map((stay: { caseNumber: string }) => stay.caseNumber)).toEqual([
      expect.stringMatching(/^PAL-2026-\d{6}$/),
      expect.stringMatching(/^PAL-2026-\d{6}$/),
    ]);
    expect(await households()).toBe(before + 1);
    expect(await staysOfHousehold(first.json().householdId)).toBe(2);
  });

  it('keeps no case number in the stored answer: a replay reads them back from the stays', async () => {
    const key = randomUUID();
    const first = (await post(key, familyOfFour(palenque.id))).json();
    // The stays' numbers are what a replay answers, whatever the stored answer held.
    await db.query(`UPDATE stays SET case_number = case_number || '-R' WHERE household_id = $1`, [first.householdId]);
    const retry = (await post(key, familyOfFour(palenque.id))).json();
    expect(retry.stays.map((stay: { caseNumber: string }) => stay.caseNumber)).toEqual(
      first.stays.map((stay: { caseNumber: string }) => `${stay.caseNumber}-R`),
    );
  });

  it('refuses the same key with another body: 422 naming the header, in the caller language', async () => {
    const key = randomUUID();
    expect((await post(key, familyOfFour(palenque.id))).statusCode).toBe(201);
    const other = {
      ...familyOfFour(palenque.id),
      members: [{ person: person({ givenNames: 'Otra', familyNames: 'Persona' }), relationship: 'head' }],
    };
    const before = await households();
    const reused = await post(key, other, worker, 'en');
    expect(reused.statusCode).toBe(422);
    expect(reused.headers['content-type']).toContain('application/problem+json');
    expect(reused.json().errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
    expect(reused.json().detail).toContain('Idempotency-Key');
    expect(await households()).toBe(before);
  });

  it('keeps keys per user: the same key of another user is another request', async () => {
    const key = randomUUID();
    const mine = await post(key, familyOfFour(palenque.id));
    const theirs = await post(key, familyOfFour(palenque.id), otherWorker);
    expect(theirs.statusCode).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.json().householdId).not.toBe(mine.json().householdId);
  });

  it('stores neither the key nor the answer in clear, and forgets keys after 24 hours', async () => {
    const key = `clave-${randomUUID()}`;
    const first = (await post(key, familyOfFour(palenque.id))).json();
    const { rows } = await db.query('SELECT key_hash, response_ciphertext FROM idempotency_keys');
    expect(rows.some((row) => row.key_hash === key)).toBe(false);
    expect(rows.every((row) => !row.response_ciphertext.includes(first.stays[0].caseNumber))).toBe(true);

    await db.query("UPDATE idempotency_keys SET created_at = now() - interval '25 hours'");
    const later = await post(key, familyOfFour(palenque.id));
    expect(later.statusCode).toBe(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    expect(later.json().householdId).not.toBe(first.householdId);
  });

  it('does not keep the key of a refused intake, so the corrected request can use it', async () => {
    const key = randomUUID();
    const refused = await post(key, { ...familyOfFour(palenque.id), shelterId: randomUUID() });
    expect(refused.statusCode).toBe(404);
    expect((await post(key, familyOfFour(palenque.id))).statusCode).toBe(201);
  });

  it('refuses a key that is not 1 to 255 visible characters', async () => {
    const answer = await post('x'.repeat(256), familyOfFour(palenque.id));
    expect(answer.statusCode).toBe(400);
    expect(answer.json().errors[0].field).toBe('Idempotency-Key');
  });
});
