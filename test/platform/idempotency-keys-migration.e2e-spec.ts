import { createHash, randomUUID } from 'node:crypto';

import { FieldEncryption } from '@albergue/platform';
import { DataSource } from 'typeorm';

import { MoveIdempotencyKeysToPlatform1796700000000 } from '../../migrations/1796700000000-move-idempotency-keys-to-platform';
import { incidentPayload } from '../factories/incident.factory';
import { createShelter, familyOfFour, ShelterView } from '../factories/intake.factory';
import { loggedInUser, LoggedIn } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The answers intake kept for its Idempotency-Keys move into the platform's table, and back on a
 * revert: a retry sent across the deploy still replays. Their ciphertexts are bound to their row,
 * whose key gains the route, so each is decrypted and encrypted again on the way.
 */
describe('moving intake’s Idempotency-Key answers into the platform table', () => {
  let testApp: TestApp;
  let dataSource: DataSource;
  let encryption: FieldEncryption;
  let worker: LoggedIn;
  let shelter: ShelterView;

  beforeAll(async () => {
    testApp = await startTestApp();
    dataSource = testApp.app.get(DataSource);
    encryption = testApp.app.get(FieldEncryption);
    const admin = await loggedInUser(testApp.app, { role: 'admin' });
    shelter = await createShelter(testApp.app, admin);
    worker = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [shelter.id] });
  });
  afterAll(async () => {
    await testApp?.close();
  });

  const post = (url: string, key: string, payload: object) =>
    testApp.app.inject({ method: 'POST', url, headers: { ...worker.headers, 'idempotency-key': key }, payload });
  /** Runs one direction of the migration in a transaction of its own, as the migration runner does. */
  const migrate = async (direction: 'up' | 'down') => {
    const runner = dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      await new MoveIdempotencyKeysToPlatform1796700000000(encryption)[direction](runner);
      await runner.commitTransaction();
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  };
  const tableExists = async (table: string): Promise<boolean> =>
    (await dataSource.query('SELECT to_regclass($1) IS NOT NULL AS found', [table]))[0].found;

  it('moves the answers of the last 24 hours back and forth, re-bound to their row, and they still replay', async () => {
    const intakeKey = randomUUID();
    const intake = await post('/api/v1/intake', intakeKey, familyOfFour(shelter.id));
    expect(intake.statusCode).toBe(201);
    const incidentKey = randomUUID();
    expect((await post('/api/v1/incidents', incidentKey, incidentPayload(shelter.id))).statusCode).toBe(201);

    await migrate('down');
    expect(await tableExists('idempotency_keys')).toBe(false);
    const reverted = await dataSource.query('SELECT * FROM intake_idempotency_keys');
    expect(reverted).toEqual([expect.objectContaining({ user_id: worker.user.id, key_hash: sha256(intakeKey) })]);
    // Bound as intake's own table bound it, so the code before this migration replays it.
    const asBefore = encryption.decrypt(
      reverted[0].response_ciphertext,
      'intake_idempotency_keys.response_ciphertext',
      [worker.user.id, sha256(intakeKey)],
    );
    // The answer as stored: without the case numbers, which a replay reads back from the stays.
    const { stays, ...answer } = intake.json() as { stays: { caseNumber: string }[] };
    expect(JSON.parse(asBefore)).toEqual({ ...answer, stays: stays.map(({ caseNumber: _, ...stay }) => stay) });
    // An answer older than 24 hours is forgotten, not moved (nor decrypted: this one would not).
    await dataSource.query(
      `INSERT INTO intake_idempotency_keys (user_id, key_hash, fingerprint, status_code, response_ciphertext, created_at)
       VALUES ($1, $2, 'f', 201, 'v2.gone.x.y.z', now() - interval '25 hours')`,
      [worker.user.id, sha256('expired')],
    );

    await migrate('up');
    expect(await tableExists('intake_idempotency_keys')).toBe(false);
    const moved = await dataSource.query('SELECT scope, user_id, key_hash, response_ciphertext FROM idempotency_keys');
    expect(moved).toEqual([
      expect.objectContaining({ scope: 'intake', user_id: worker.user.id, key_hash: sha256(intakeKey) }),
    ]);
    expect(() =>
      encryption.decrypt(moved[0].response_ciphertext, 'idempotency_keys.response', [
        'incidents',
        worker.user.id,
        sha256(intakeKey),
      ]),
    ).toThrow();

    const retry = await post('/api/v1/intake', intakeKey, familyOfFour(shelter.id));
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(intake.json());
    // The incident's answer had no place before this migration: the revert dropped it.
    const incidentRetry = await post('/api/v1/incidents', incidentKey, incidentPayload(shelter.id));
    expect(incidentRetry.statusCode).toBe(201);
    expect(incidentRetry.headers['idempotent-replayed']).toBeUndefined();
  });

  it('stops at an answer that does not decrypt, naming its row and nothing of it, and changes nothing', async () => {
    const key = randomUUID();
    expect((await post('/api/v1/intake', key, familyOfFour(shelter.id))).statusCode).toBe(201);
    await migrate('down');
    // A ciphertext copied from another row does not decrypt in this one.
    const stranger = randomUUID();
    await dataSource.query(
      `INSERT INTO intake_idempotency_keys (user_id, key_hash, fingerprint, status_code, response_ciphertext)
       SELECT $1, $2, fingerprint, status_code, response_ciphertext FROM intake_idempotency_keys WHERE key_hash = $3`,
      [stranger, sha256('copied'), sha256(key)],
    );

    const kept = async () => (await dataSource.query('SELECT count(*)::int AS n FROM intake_idempotency_keys'))[0].n;
    const before = await kept();
    const refused = migrate('up');
    await expect(refused).rejects.toThrow(`user ${stranger}, key hash ${sha256('copied')}`);
    await expect(refused).rejects.toThrow('cannot decrypt intake_idempotency_keys.response_ciphertext');
    expect(await tableExists('idempotency_keys')).toBe(false);
    expect(await kept()).toBe(before);

    await dataSource.query('DELETE FROM intake_idempotency_keys WHERE user_id = $1', [stranger]);
    await migrate('up');
    const retry = await post('/api/v1/intake', key, familyOfFour(shelter.id));
    expect(retry.headers['idempotent-replayed']).toBe('true');
  });
});
