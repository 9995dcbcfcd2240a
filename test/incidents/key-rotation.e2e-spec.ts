import { randomBytes } from 'node:crypto';

import { UserView } from '@albergue/access';
import { Client } from 'pg';

import { rotateFieldEncryptionKeys } from '../../scripts/key-rotation';
import {
  createIncident,
  incidentPayload,
  INJURY_DETAILS,
  NARRATIVE,
  reviewIncident,
} from '../factories/incident.factory';
import { createShelter, familyOfFour, postIntake } from '../factories/intake.factory';
import { logIn, loggedInUser } from '../factories/user.factory';
import { startTestApp } from '../support/test-app';

const key = (): string => randomBytes(32).toString('base64');

/** Every encrypted column the rotation must reach, with how many the fixture fills. */
const ENCRYPTED_COLUMNS = [
  ['persons', 'phone_ciphertext'],
  ['stays', 'notes_ciphertext'],
  ['stays', 'checkout_note_ciphertext'],
  ['incidents', 'narrative_ciphertext'],
  ['incidents', 'location_description_ciphertext'],
  ['incidents', 'witnesses_note_ciphertext'],
  ['incident_acts', 'injury_details_ciphertext'],
  ['incident_involvements', 'description_ciphertext'],
  ['incident_reviews', 'note_ciphertext'],
] as const;

describe('keys:rotate', () => {
  const oldKey = `old:${key()}`;
  const newKey = `new:${key()}`;
  let db: Client;
  let databaseUrl: string;
  let incidentIds: string[];
  let stayId: string;
  let personId: string;
  let adminUser: UserView;

  beforeAll(async () => {
    const before = await startTestApp({ env: { FIELD_ENCRYPTION_KEYS: oldKey } });
    databaseUrl = before.config.databaseUrl;
    try {
      const admin = await loggedInUser(before.app, { role: 'admin' });
      adminUser = admin.user;
      const shelter = await createShelter(before.app, admin);
      const intake = (await postIntake(before.app, admin, familyOfFour(shelter.id))).json();
      stayId = intake.stays[0].id;
      personId = intake.stays[0].personId;
      await before.app.inject({
        method: 'POST',
        url: `/api/v1/stays/${stayId}/checkout`,
        headers: admin.headers,
        payload: { departedAt: '2026-03-20T07:00:00-06:00', destination: 'continued_north', note: 'Siguió en tren.' },
      });
      incidentIds = [];
      for (let i = 0; i < 3; i++) {
        incidentIds.push(
          await createIncident(
            before.app,
            admin,
            incidentPayload(shelter.id, { witnessesNote: 'Dos mujeres lo vieron.' }),
          ),
        );
      }
      await reviewIncident(before.app, admin, incidentIds[0]);
    } finally {
      await before.close();
    }
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
  });

  const keyIdsIn = async (table: string, column: string): Promise<string[]> => {
    const { rows } = await db.query(
      `SELECT DISTINCT split_part(${column}, '.', 2) AS key_id FROM ${table} WHERE ${column} IS NOT NULL`,
    );
    return rows.map((row) => row.key_id);
  };

  it('re-encrypts every encrypted field under the new key, in batches, and the data still reads', async () => {
    for (const [table, column] of ENCRYPTED_COLUMNS) expect(await keyIdsIn(table, column)).toEqual(['old']);

    const during = await startTestApp({ databaseUrl, env: { FIELD_ENCRYPTION_KEYS: `${newKey},${oldKey}` } });
    try {
      const results = await rotateFieldEncryptionKeys(during.app, 2);
      const counts = Object.fromEntries(results.map(({ field, reencrypted }) => [field, reencrypted]));
      expect(counts).toEqual({
        'persons.phone': 1,
        'stays.notes': 4,
        'stays.checkout_note': 1,
        'incidents.narrative': 3,
        'incidents.location_description': 3,
        'incidents.witnesses_note': 3,
        'incident_acts.injury_details': 3,
        'incident_involvements.description': 3,
        'incident_reviews.note': 1,
      });
      expect((await rotateFieldEncryptionKeys(during.app, 2)).every(({ reencrypted }) => reencrypted === 0)).toBe(true);
      const audited = await db.query(
        `SELECT entity_id, details FROM audit_events WHERE action = 'rotate_keys' ORDER BY id`,
      );
      expect(audited.rows[0]).toMatchObject({ entity_id: 'new', details: { 'incidents.narrative': 3 } });
    } finally {
      await during.close();
    }
    for (const [table, column] of ENCRYPTED_COLUMNS) expect(await keyIdsIn(table, column)).toEqual(['new']);

    // The old key can go now: everything reads with the new one alone.
    const after = await startTestApp({ databaseUrl, env: { FIELD_ENCRYPTION_KEYS: newKey } });
    try {
      const admin = await logIn(after.app, adminUser);
      const get = (url: string) =>
        after.app.inject({ method: 'GET', url, headers: admin.headers }).then((r) => r.json());
      const incident = await get(`/api/v1/incidents/${incidentIds[0]}`);
      expect(incident.narrative).toBe(NARRATIVE);
      expect(incident.acts[0].injuryDetails).toBe(INJURY_DETAILS);
      expect(incident.witnessesNote).toBe('Dos mujeres lo vieron.');
      expect(incident.review.note).toBe('Coincide con el registro médico.');
      expect(incident.acts[0].perpetrators[0].description).toBe('Uniforme gris, camioneta blanca');
      expect((await get(`/api/v1/persons/${personId}`)).phone).toBe('+50370123456');
      const stay = await get(`/api/v1/stays/${stayId}`);
      expect(stay.notes).toBe('Le dieron seis horas para irse de la colonia.');
      expect(stay.checkoutNote).toBe('Siguió en tren.');
    } finally {
      await after.close();
    }
  });

  it('stops at a ciphertext whose key is no longer configured, rather than skip it', async () => {
    const stranger = await startTestApp({ databaseUrl, env: { FIELD_ENCRYPTION_KEYS: `other:${key()}` } });
    try {
      await expect(rotateFieldEncryptionKeys(stranger.app, 10)).rejects.toThrow(/cannot decrypt persons\.phone/);
      expect(await keyIdsIn('persons', 'phone_ciphertext')).toEqual(['new']);
    } finally {
      await stranger.close();
    }
  });
});
