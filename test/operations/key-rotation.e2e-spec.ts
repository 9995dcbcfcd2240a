import { createCipheriv, randomBytes, randomUUID } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';

import { UserView } from '@albergue/access';
import { EncryptedColumnRegistry } from '@albergue/platform';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';

import { WorkerModule } from '../../apps/worker/src/worker.module';
import { PartnersService } from '../../libs/exports/src/partners.service';
import { rotateFieldEncryptionKeys } from '../../scripts/key-rotation';
import { comarApplication, createApplication, postEvent } from '../factories/asylum.factory';
import { createNote } from '../factories/casefile.factory';
import { pdfBytes, uploadDocument } from '../factories/document.factory';
import {
  createPartner,
  partnerKeys,
  partnerPayload,
  requestExport,
  verifies,
  waitForExport,
} from '../factories/export.factory';
import { incidentPayload, INJURY_DETAILS, NARRATIVE, reviewIncident } from '../factories/incident.factory';
import { createShelter, familyOfFour, postIntake } from '../factories/intake.factory';
import { changeStatus, createOrganization, createService, postReferral, referral } from '../factories/referral.factory';
import { enrollTotp, logIn, loggedInUser, LoggedIn, TEST_PASSWORD, totpCode } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

const secret = (): string => randomBytes(32).toString('base64');

/** The primary key columns of each table, in order, from the migrated database. */
async function primaryKeys(db: Client): Promise<Map<string, string[]>> {
  const { rows } = await db.query(
    `SELECT tc.table_name, array_agg(kcu.column_name::text ORDER BY kcu.ordinal_position) AS columns
       FROM information_schema.table_constraints tc
       JOIN information_schema.key_column_usage kcu
         ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
      WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = current_schema()
      GROUP BY tc.table_name`,
  );
  return new Map(rows.map((row) => [row.table_name, row.columns]));
}

/** Every `%_ciphertext` column of the migrated database, as `table.column`. */
async function ciphertextColumns(db: Client): Promise<string[]> {
  const { rows } = await db.query(
    `SELECT table_name || '.' || column_name AS name FROM information_schema.columns
      WHERE table_schema = current_schema() AND column_name LIKE '%\\_ciphertext' ORDER BY 1`,
  );
  return rows.map((row) => row.name);
}

/** A ciphertext as the first format (v1) wrote it: bound to the field's name only, not to its row. */
function v1Ciphertext(key: string, plaintext: string, field: string): string {
  const [keyId, keyBase64] = key.split(':');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(keyBase64, 'base64'), iv);
  cipher.setAAD(Buffer.from(field));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', keyId, iv, cipher.getAuthTag(), data]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

describe('the encrypted-column registry', () => {
  let testApp: TestApp;
  let db: Client;

  beforeAll(async () => {
    testApp = await startTestApp();
    db = new Client({ connectionString: testApp.config.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  it('lists every %_ciphertext column of the migrated database, each bound to its table’s primary key', async () => {
    const registered = testApp.app.get(EncryptedColumnRegistry).columns();
    const names = registered.map(({ table, column }) => `${table}.${column}`);
    const missing = (await ciphertextColumns(db)).filter((name) => !names.includes(name));
    expect(missing).toEqual([]);
    expect(names.sort()).toEqual(await ciphertextColumns(db));
    const keys = await primaryKeys(db);
    for (const { table, column, rowKey = ['id'] } of registered) {
      expect({ column: `${table}.${column}`, rowKey }).toEqual({
        column: `${table}.${column}`,
        rowKey: keys.get(table),
      });
    }
  });

  it('rewrites a v1 value under the active key to v2, bound to its row, and it still reads', async () => {
    const admin = await loggedInUser(testApp.app, { role: 'admin' });
    const shelter = await createShelter(testApp.app, admin);
    const personId = (await postIntake(testApp.app, admin, familyOfFour(shelter.id))).json().stays[0].personId;
    const [active] = testApp.config.secrets.fieldEncryptionKeys;
    await db.query('UPDATE persons SET phone_ciphertext = $2 WHERE id = $1', [
      personId,
      v1Ciphertext(`${active.id}:${active.key.toString('base64')}`, '+50370123456', 'persons.phone'),
    ]);
    const phone = async () =>
      (await testApp.app.inject({ method: 'GET', url: `/api/v1/persons/${personId}`, headers: admin.headers })).json()
        .phone;
    expect(await phone()).toBe('+50370123456');

    const results = await rotateFieldEncryptionKeys(testApp.app, 10);
    expect(results.find(({ field }) => field === 'persons.phone')).toMatchObject({ reencrypted: 1, stale: 0 });
    const stored = (await db.query('SELECT phone_ciphertext FROM persons WHERE id = $1', [personId])).rows[0];
    expect(stored.phone_ciphertext).toMatch(new RegExp(`^v2\\.${active.id}\\.`));
    expect(await phone()).toBe('+50370123456');
  });

  it('refuses to rotate while the database has an encrypted column no module registered', async () => {
    const rotations = async () =>
      (await db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'rotate_keys'`)).rows[0].n;
    const before = await rotations();
    await db.query('ALTER TABLE shelters ADD COLUMN contact_ciphertext text');
    try {
      await expect(rotateFieldEncryptionKeys(testApp.app, 10)).rejects.toThrow('shelters.contact_ciphertext');
      expect(await rotations()).toBe(before);
    } finally {
      await db.query('ALTER TABLE shelters DROP COLUMN contact_ciphertext');
    }
  });
});

const DOCUMENT = pdfBytes('constancia de trámite', 200_000);

/** The stored (encrypted) chunks of a document, in order, as one buffer. */
async function documentChunksOf(url: string, documentId: string): Promise<Buffer> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT data FROM document_chunks WHERE document_id = $1 ORDER BY seq', [
      documentId,
    ]);
    return Buffer.concat(rows.map(({ data }) => data as Buffer));
  } finally {
    await client.end();
  }
}

describe('keys:rotate on a database where every module wrote encrypted data', () => {
  const oldKey = `old:${secret()}`;
  const newKey = `new:${secret()}`;
  const env = { WEBHOOKS_ALLOW_PRIVATE_URLS: 'true', PUBLIC_API_URL: 'https://albergue.example/api/v1' };
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const partnerEndpoint: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.statusCode = 204;
      response.end();
    });
  });
  let db: Client;
  let databaseUrl: string;
  let adminUser: UserView;
  const ids: Record<string, string> = {};
  const idempotencyKey = randomUUID();
  /** POST /intake and POST /incidents under the same key: one answer kept per route. */
  const postKeyed = (app: NestFastifyApplication, as: LoggedIn, url: string, payload: object) =>
    app.inject({ method: 'POST', url, headers: { ...as.headers, 'idempotency-key': idempotencyKey }, payload });
  let idempotentIntake: object;
  let idempotentAnswer: unknown;
  let idempotentIncident: object;
  let idempotentIncidentAnswer: unknown;
  let webhookSecret: string;
  let pseudonymKey: Buffer;
  let lawyerUser: UserView;
  let lawyerTotpSecret: string;
  let documentChunks: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => partnerEndpoint.listen(0, '127.0.0.1', resolve));
    const webhookUrl = `http://127.0.0.1:${(partnerEndpoint.address() as { port: number }).port}/albergue`;
    const before = await startTestApp({ env: { ...env, FIELD_ENCRYPTION_KEYS: oldKey } });
    databaseUrl = before.config.databaseUrl;
    const { app } = before;
    try {
      const admin = await loggedInUser(app, { role: 'admin' });
      adminUser = admin.user;
      const shelter = await createShelter(app, admin);

      // Access: a two-factor secret.
      const secondFactorUser = await loggedInUser(app, { role: 'lawyer' });
      lawyerUser = secondFactorUser.user;
      lawyerTotpSecret = (await enrollTotp(app, secondFactorUser)).secret;

      // Intake: a phone, stay notes, a checkout note, and an answer kept for an Idempotency-Key.
      idempotentIntake = familyOfFour(shelter.id);
      const intake = await postKeyed(app, admin, '/api/v1/intake', idempotentIntake);
      expect(intake.statusCode).toBe(201);
      idempotentAnswer = intake.json();
      const stays = intake.json().stays as { id: string; personId: string }[];
      ids.person = stays[0].personId;
      ids.stay = stays[0].id;
      ids.secondStay = stays[1].id;
      const checkout = await app.inject({
        method: 'POST',
        url: `/api/v1/stays/${ids.stay}/checkout`,
        headers: admin.headers,
        payload: { departedAt: '2026-03-20T07:00:00-06:00', destination: 'continued_north', note: 'Siguió en tren.' },
      });
      expect(checkout.statusCode).toBe(200);

      // Asylum: a late filing with its justification and a note.
      const lawyer = await loggedInUser(app, { role: 'lawyer' });
      ids.application = (
        await createApplication(app, admin, comarApplication(ids.person, { lawyerId: lawyer.user.id }))
      ).id;
      const filed = await postEvent(app, admin, ids.application, {
        type: 'filed',
        occurredOn: '2026-07-20',
        lateJustification: 'Estuvo hospitalizado tras el asalto en el camino.',
        note: 'Presentada en la oficina de Palenque.',
      });
      expect(filed.statusCode).toBe(201);

      // Referrals: the reason, and a status note of the receiving organization.
      const clinic = await createOrganization(app, admin, { name: 'Clínica Jurídica' });
      const service = await createService(app, admin, clinic.id);
      const created = await postReferral(app, admin, referral(ids.person, service.id, { shelterId: shelter.id }));
      expect(created.statusCode).toBe(201);
      ids.referral = created.json().id;
      const clinicPartner = await loggedInUser(app, { role: 'partner', organizationId: clinic.id });
      const accepted = await changeStatus(app, clinicPartner, ids.referral, {
        status: 'accepted',
        note: 'Cita el lunes a las 10.',
      });
      expect(accepted.statusCode).toBe(200);

      // Case file: a note's body.
      const note = await createNote(app, admin, ids.person, {
        kind: 'psychosocial',
        body: 'Duerme poco desde el asalto.',
      });
      ids.note = note.id;

      // Exports: a partner's webhook secret and pseudonym key.
      const partner = await createPartner(app, admin, partnerPayload((await partnerKeys()).publicKey, { webhookUrl }));
      ids.partner = partner.id;
      webhookSecret = partner.webhookSecret;
      pseudonymKey = app.get(PartnersService).pseudonymKeyOf((await app.get(PartnersService).findById(partner.id))!);

      // Incidents: every free text, and the review note; its answer kept for the same Idempotency-Key
      // as the intake's (another route, so another key).
      idempotentIncident = incidentPayload(shelter.id, { witnessesNote: 'Dos mujeres lo vieron.' });
      const incident = await postKeyed(app, admin, '/api/v1/incidents', idempotentIncident);
      expect(incident.statusCode).toBe(201);
      idempotentIncidentAnswer = incident.json();
      ids.incident = incident.json().id;
      expect((await reviewIncident(app, admin, ids.incident)).statusCode).toBe(200);

      // Documents: a title, and the file's own key (the content itself is never re-encrypted).
      const uploaded = await uploadDocument(
        app,
        admin,
        { ownerType: 'person', ownerId: ids.person, kind: 'identity', title: 'Constancia de la COMAR' },
        { data: DOCUMENT },
      );
      expect(uploaded.statusCode).toBe(201);
      ids.document = uploaded.json().id;
      documentChunks = (await documentChunksOf(databaseUrl, ids.document)).toString('hex');
    } finally {
      await before.close();
    }
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    // A value from before row binding (the v1 format), as databases made before it hold.
    await db.query('UPDATE stays SET notes_ciphertext = $2 WHERE id = $1', [
      ids.secondStay,
      v1Ciphertext(oldKey, 'Nota escrita antes del formato v2.', 'stays.notes'),
    ]);
  });
  afterAll(async () => {
    await db?.end();
    await new Promise((resolve) => partnerEndpoint.close(resolve));
  });

  /** `format.keyId` of every value of every encrypted column of the database, by column. */
  const formatsByColumn = async (): Promise<Record<string, string[]>> => {
    const formats: Record<string, string[]> = {};
    for (const name of await ciphertextColumns(db)) {
      const [table, column] = name.split('.');
      const { rows } = await db.query(
        `SELECT DISTINCT split_part(${column}, '.', 1) || '.' || split_part(${column}, '.', 2) AS format
           FROM ${table} WHERE ${column} IS NOT NULL ORDER BY 1`,
      );
      formats[name] = rows.map((row) => row.format);
    }
    return formats;
  };

  it('re-encrypts every encrypted column under the new key, and the old key can go', async () => {
    const before = await formatsByColumn();
    // Every module wrote: not one encrypted column is empty.
    expect(Object.entries(before).filter(([, formats]) => formats.length === 0)).toEqual([]);
    expect(before['stays.notes_ciphertext']).toEqual(['v1.old', 'v2.old']);

    const during = await startTestApp({ databaseUrl, env: { ...env, FIELD_ENCRYPTION_KEYS: `${newKey},${oldKey}` } });
    try {
      const results = await rotateFieldEncryptionKeys(during.app, 2);
      // What keys:rotate prints: one line per registered column, with its counts.
      expect(results.map(({ table, column }) => `${table}.${column}`).sort()).toEqual(Object.keys(before).sort());
      const counts = Object.fromEntries(
        results.map(({ field, reencrypted, total, stale }) => [field, [reencrypted, total, stale]]),
      );
      expect(counts).toEqual({
        'users.totp_secret': [1, 1, 0],
        'persons.phone': [1, 1, 0],
        'stays.notes': [4, 4, 0],
        'stays.checkout_note': [1, 1, 0],
        'asylum_events.note': [1, 1, 0],
        'asylum_events.late_justification': [1, 1, 0],
        'incidents.narrative': [1, 1, 0],
        'incidents.location_description': [1, 1, 0],
        'incidents.witnesses_note': [1, 1, 0],
        'incident_acts.injury_details': [1, 1, 0],
        'incident_involvements.description': [1, 1, 0],
        'incident_reviews.note': [1, 1, 0],
        'referrals.reason': [1, 1, 0],
        'referral_status_changes.note': [1, 1, 0],
        'partners.webhook_secret': [1, 1, 0],
        'partners.pseudonym_key': [1, 1, 0],
        'case_notes.body': [1, 1, 0],
        'documents.title': [1, 1, 0],
        'documents.content_key': [1, 1, 0],
        'idempotency_keys.response': [2, 2, 0],
      });
      const again = await rotateFieldEncryptionKeys(during.app, 2);
      expect(again.filter(({ reencrypted }) => reencrypted !== 0)).toEqual([]);
      const audited = await db.query(
        `SELECT entity_id, details FROM audit_events WHERE action = 'rotate_keys' ORDER BY id`,
      );
      expect(audited.rows[0]).toMatchObject({
        entity_id: 'new',
        details: { 'asylum_events.note': 1, 'partners.webhook_secret': 1, 'incidents.narrative': 1 },
      });
    } finally {
      await during.close();
    }
    for (const [name, formats] of Object.entries(await formatsByColumn())) {
      expect({ name, formats }).toEqual({ name, formats: ['v2.new'] });
    }

    // The old key goes: everything reads with the new one alone.
    const after = await startTestApp({ databaseUrl, env: { ...env, FIELD_ENCRYPTION_KEYS: newKey } });
    let worker: INestApplicationContext | undefined;
    try {
      const admin: LoggedIn = await logIn(after.app, adminUser);
      // The two-factor secret still checks a code (one step ahead: the current one was used up).
      const lawyerLogin = await after.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: lawyerUser.email, password: TEST_PASSWORD, totp: totpCode(lawyerTotpSecret, 1) },
      });
      expect(lawyerLogin.statusCode).toBe(200);
      const get = async (url: string) => {
        const response = await after.app.inject({ method: 'GET', url, headers: admin.headers });
        expect({ url, status: response.statusCode }).toEqual({ url, status: 200 });
        return response.json();
      };

      expect((await get(`/api/v1/persons/${ids.person}`)).phone).toBe('+50370123456');
      expect(await get(`/api/v1/stays/${ids.stay}`)).toMatchObject({
        notes: 'Le dieron seis horas para irse de la colonia.',
        checkoutNote: 'Siguió en tren.',
      });
      expect((await get(`/api/v1/stays/${ids.secondStay}`)).notes).toBe('Nota escrita antes del formato v2.');

      for (const [url, payload, answer] of [
        ['/api/v1/intake', idempotentIntake, idempotentAnswer],
        ['/api/v1/incidents', idempotentIncident, idempotentIncidentAnswer],
      ] as const) {
        const replay = await postKeyed(after.app, admin, url, payload);
        expect({ url, status: replay.statusCode, replayed: replay.headers['idempotent-replayed'] }).toEqual({
          url,
          status: 201,
          replayed: 'true',
        });
        expect(replay.json()).toEqual(answer);
      }

      expect((await get(`/api/v1/asylum-applications/${ids.application}`)).events).toEqual([
        expect.objectContaining({
          type: 'filed',
          lateJustification: 'Estuvo hospitalizado tras el asalto en el camino.',
          note: 'Presentada en la oficina de Palenque.',
        }),
      ]);

      const shownReferral = await get(`/api/v1/referrals/${ids.referral}`);
      expect(shownReferral.reason).toBe('Necesita asesoría para solicitar la condición de refugiado.');
      expect(shownReferral.history.at(-1)).toMatchObject({ toStatus: 'accepted', note: 'Cita el lunes a las 10.' });

      const notes = await get(`/api/v1/persons/${ids.person}/notes`);
      expect(notes.items).toEqual([expect.objectContaining({ id: ids.note, body: 'Duerme poco desde el asalto.' })]);

      const incident = await get(`/api/v1/incidents/${ids.incident}`);
      expect(incident.narrative).toBe(NARRATIVE);
      expect(incident.location.description).toBe('Junto al puente');
      expect(incident.witnessesNote).toBe('Dos mujeres lo vieron.');
      expect(incident.acts[0].injuryDetails).toBe(INJURY_DETAILS);
      expect(incident.acts[0].perpetrators[0].description).toBe('Uniforme gris, camioneta blanca');
      expect(incident.review.note).toBe('Coincide con el registro médico.');

      // The file's key was rewrapped, its encrypted content left as it was, and it still reads.
      expect((await get(`/api/v1/documents/${ids.document}`)).title).toBe('Constancia de la COMAR');
      expect((await documentChunksOf(databaseUrl, ids.document)).toString('hex')).toBe(documentChunks);
      const content = await after.app.inject({
        method: 'GET',
        url: `/api/v1/documents/${ids.document}/content`,
        headers: admin.headers,
      });
      expect(content.rawPayload.equals(DOCUMENT)).toBe(true);

      // Secrets never shown: the pseudonyms stay the same, the webhook signature still verifies.
      const partners = after.app.get(PartnersService);
      expect(partners.pseudonymKeyOf((await partners.findById(ids.partner))!).equals(pseudonymKey)).toBe(true);
      worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(after.config), { logger: false });
      await worker.init();
      const requested = await requestExport(after.app, admin, {
        partnerId: ids.partner,
        dataset: 'incidents_aggregate',
        format: 'csv',
        from: '2026-01-01',
        to: '2026-06-30',
      });
      expect(requested.statusCode).toBe(202);
      expect((await waitForExport(after.app, admin, requested.json().id)).status).toBe('completed');
      const deadline = Date.now() + 20000;
      while (received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
      expect(received).toHaveLength(1);
      expect(verifies(webhookSecret, received[0].headers, received[0].body)).toBe(true);
    } finally {
      await worker?.close();
      await after.close();
    }
  });

  it('stops at a ciphertext whose key is no longer configured, naming the column and the row, rather than skip it', async () => {
    const stranger = await startTestApp({ databaseUrl, env: { ...env, FIELD_ENCRYPTION_KEYS: `other:${secret()}` } });
    try {
      await expect(rotateFieldEncryptionKeys(stranger.app, 10)).rejects.toThrow(
        new RegExp(`users row ${lawyerUser.id}: cannot decrypt users\\.totp_secret`),
      );
      expect((await formatsByColumn())['users.totp_secret_ciphertext']).toEqual(['v2.new']);
    } finally {
      await stranger.close();
    }
  });
});
