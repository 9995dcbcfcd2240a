import { Client } from 'pg';

import { createShelter, familyOfFour, person, postIntake } from '../factories/intake.factory';
import { loggedInUser, LoggedIn } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * A ciphertext is bound to its table, column and row: someone with write access to the database
 * who copies one person's encrypted phone into another person's row (to read it through an account
 * that sees only the second person) gets nothing of it.
 */
describe('a ciphertext copied to another row', () => {
  let testApp: TestApp;
  let db: Client;
  let admin: LoggedIn;
  let victimId: string;
  let otherId: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    db = new Client({ connectionString: testApp.config.databaseUrl });
    await db.connect();
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    const palenque = await createShelter(testApp.app, admin);
    const tenosique = await createShelter(testApp.app, admin);
    victimId = (await postIntake(testApp.app, admin, familyOfFour(palenque.id))).json().stays[0].personId;
    const other = await postIntake(testApp.app, admin, {
      ...familyOfFour(tenosique.id),
      members: [
        {
          person: person({ givenNames: 'Otra', familyNames: 'Persona', phone: '+52 934 111 2233' }),
          relationship: 'head',
        },
      ],
      notes: undefined,
    });
    otherId = other.json().stays[0].personId;
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  const getPerson = (id: string, as: LoggedIn, language = 'es') =>
    testApp.app.inject({
      method: 'GET',
      url: `/api/v1/persons/${id}`,
      headers: { ...as.headers, 'accept-language': language },
    });

  it('does not decrypt there: the record answers 409 naming the field, revealing nothing, until the field is entered again', async () => {
    const tenosiqueWorker = await loggedInUser(testApp.app, {
      role: 'shelter_worker',
      shelterIds: [(await db.query('SELECT shelter_id FROM stays WHERE person_id = $1', [otherId])).rows[0].shelter_id],
    });
    expect((await getPerson(otherId, tenosiqueWorker)).json().phone).toBe('+529341112233');
    expect((await getPerson(victimId, tenosiqueWorker)).statusCode).toBe(404);

    await db.query(
      'UPDATE persons SET phone_ciphertext = (SELECT phone_ciphertext FROM persons WHERE id = $1) WHERE id = $2',
      [victimId, otherId],
    );
    const answer = await getPerson(otherId, tenosiqueWorker, 'en');
    expect(answer.statusCode).toBe(409);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.json()).toMatchObject({
      type: 'urn:albergue:problem:encrypted_field_unreadable',
      status: 409,
      detail: expect.stringContaining('cannot be read'),
      errors: [{ field: 'persons.phone', message: expect.any(String) }],
    });
    expect(answer.body).not.toMatch(/7012|3456|50370123456|stack|aes|gcm|decipher/i);

    // The rest of the network is unaffected: the person the value came from, and lists, still read.
    expect((await getPerson(victimId, admin)).json().phone).toBe('+50370123456');
    const list = await testApp.app.inject({ method: 'GET', url: '/api/v1/persons', headers: tenosiqueWorker.headers });
    expect(list.statusCode).toBe(200);

    // Entering the phone again mends the record.
    const mended = await testApp.app.inject({
      method: 'PATCH',
      url: `/api/v1/persons/${otherId}`,
      headers: tenosiqueWorker.headers,
      payload: { phone: '+52 934 111 2233' },
    });
    expect(mended.statusCode).toBe(200);
    expect((await getPerson(otherId, tenosiqueWorker)).json().phone).toBe('+529341112233');
  });

  it('does not decrypt in another column of the same row either', async () => {
    const stay = (await db.query('SELECT id FROM stays WHERE person_id = $1', [victimId])).rows[0].id;
    await db.query('UPDATE stays SET checkout_note_ciphertext = notes_ciphertext WHERE id = $1', [stay]);
    const answer = await testApp.app.inject({ method: 'GET', url: `/api/v1/stays/${stay}`, headers: admin.headers });
    expect(answer.statusCode).toBe(409);
    expect(answer.json().errors).toEqual([expect.objectContaining({ field: 'stays.checkout_note' })]);
    expect(answer.body).not.toContain('seis horas');
  });
});
