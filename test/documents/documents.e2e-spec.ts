import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client } from 'pg';
import sharp from 'sharp';

import { comarApplication, createAssignedApplication } from '../factories/asylum.factory';
import { pdfBytes, phoneJpeg, pngBytes, uploadDocument } from '../factories/document.factory';
import { actBy, createIncident, incidentPayload } from '../factories/incident.factory';
import { createShelter, familyOfFour, postIntake, ShelterView } from '../factories/intake.factory';
import { createOrganization, createService, postReferral, referral } from '../factories/referral.factory';
import { LoggedIn, loggedInUser } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

// Over three chunk rows: a refused file has sent rows into the COPY before the limit stops it.
const MAX_BYTES = 3_200_000;
const MARKER = 'MARCADOR-SECRETO-7Q2X';

/** What ExifTool reads from an image: every tag it finds, by group. */
function exifTags(image: Buffer): Record<string, unknown> {
  const output = execFileSync('perl', [require.resolve('exiftool-vendored.pl/bin/exiftool'), '-j', '-G', '-'], {
    input: image,
  });
  return (JSON.parse(output.toString()) as Record<string, unknown>[])[0];
}

describe('documents', () => {
  let testApp: TestApp;
  let db: Client;
  let logDir: string;
  let admin: LoggedIn;
  let palenque: ShelterView;
  let tenosique: ShelterView;
  let worker: LoggedIn;
  let coordinator: LoggedIn;
  let otherWorker: LoggedIn;
  let otherCoordinator: LoggedIn;
  let partner: LoggedIn;
  let lawyer: LoggedIn;
  let otherLawyer: LoggedIn;
  let personId: string;
  let stayId: string;
  let applicationId: string;
  let incidentId: string;
  let referralId: string;
  let otherPersonId: string;

  beforeAll(async () => {
    logDir = mkdtempSync(join(tmpdir(), 'albergue-documents-'));
    testApp = await startTestApp({
      env: { DOCUMENT_MAX_BYTES: String(MAX_BYTES), LOG_LEVEL: 'debug', LOG_FILE: join(logDir, 'api.log') },
    });
    db = new Client({ connectionString: testApp.config.databaseUrl });
    await db.connect();
    const { app } = testApp;
    admin = await loggedInUser(app, { role: 'admin' });
    palenque = await createShelter(app, admin, { code: 'PAL' });
    tenosique = await createShelter(app, admin, { code: 'TEN' });
    worker = await loggedInUser(app, { role: 'shelter_worker', shelterIds: [palenque.id] });
    coordinator = await loggedInUser(app, { role: 'coordinator', shelterIds: [palenque.id] });
    otherWorker = await loggedInUser(app, { role: 'shelter_worker', shelterIds: [tenosique.id] });
    otherCoordinator = await loggedInUser(app, { role: 'coordinator', shelterIds: [tenosique.id] });
    lawyer = await loggedInUser(app, { role: 'lawyer' });
    otherLawyer = await loggedInUser(app, { role: 'lawyer' });
    const family = (await postIntake(app, worker, familyOfFour(palenque.id))).json();
    personId = family.stays[0].personId;
    stayId = family.stays[0].id;
    otherPersonId = (await postIntake(app, otherWorker, familyOfFour(tenosique.id))).json().stays[0].personId;
    applicationId = (await createAssignedApplication(app, lawyer, comarApplication(personId))).id;
    incidentId = await createIncident(
      app,
      worker,
      incidentPayload(palenque.id, {
        acts: [{ ...actBy('inm_agent', 'robbery'), victim: undefined, victimPersonId: personId }],
      }),
    );
    const organization = await createOrganization(app, admin, { name: 'Clínica' });
    partner = await loggedInUser(app, { role: 'partner', organizationId: organization.id });
    const service = (await createService(app, admin, organization.id)).id;
    referralId = (await postReferral(app, worker, referral(personId, service))).json().id;
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
    rmSync(logDir, { recursive: true, force: true });
  });

  const inject = (as: LoggedIn, method: 'GET' | 'DELETE', url: string) =>
    testApp.app.inject({ method, url: `/api/v1${url}`, headers: as.headers });
  const upload = (as: LoggedIn, fields: Record<string, string>, data: Buffer, file: Record<string, string> = {}) =>
    uploadDocument(testApp.app, as, fields, { data, ...file });
  const storedCounts = async () => {
    const { rows } = await db.query(
      'SELECT (SELECT count(*) FROM documents)::int AS documents, (SELECT count(*) FROM document_chunks)::int AS chunks',
    );
    return rows[0] as { documents: number; chunks: number };
  };

  it('stores a PDF attached to a person and gives it back byte for byte, audited', async () => {
    const pdf = pdfBytes(MARKER, 150_000);
    const response = await upload(
      worker,
      { ownerType: 'person', ownerId: personId, kind: 'identity', title: `Acta ${MARKER}` },
      pdf,
    );
    expect(response.statusCode).toBe(201);
    const document = response.json();
    expect(document).toMatchObject({
      ownerType: 'person',
      ownerId: personId,
      kind: 'identity',
      title: `Acta ${MARKER}`,
      mediaType: 'application/pdf',
      byteSize: pdf.length,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      createdBy: worker.user.id,
      deleted: false,
    });

    const content = await inject(coordinator, 'GET', `/documents/${document.id}/content`);
    expect(content.statusCode).toBe(200);
    expect(content.headers['content-type']).toBe('application/pdf');
    expect(content.headers['x-content-sha256']).toBe(document.sha256);
    expect(content.rawPayload.equals(pdf)).toBe(true);

    const list = await inject(worker, 'GET', `/documents?ownerType=person&ownerId=${personId}`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((item: { id: string }) => item.id)).toContain(document.id);
    expect((await inject(worker, 'GET', `/documents/${document.id}`)).json()).toMatchObject({ id: document.id });

    const { rows } = await db.query(
      "SELECT actor_id FROM audit_events WHERE action = 'download' AND entity_type = 'document' AND entity_id = $1",
      [document.id],
    );
    expect(rows).toEqual([{ actor_id: coordinator.user.id }]);
  });

  it('keeps a file of several megabytes in rows of one and gives it back byte for byte', async () => {
    // Random bytes after the header: no two rows alike, so a row read twice or out of order shows.
    const header = pdfBytes(MARKER);
    const pdf = Buffer.concat([header, randomBytes(2_600_000)]);
    const response = await upload(worker, { ownerType: 'person', ownerId: personId, kind: 'other' }, pdf);
    expect(response.statusCode).toBe(201);
    const { id } = response.json();
    const { rows } = await db.query(
      'SELECT seq, length(data) AS bytes FROM document_chunks WHERE document_id = $1 ORDER BY seq',
      [id],
    );
    // Rows of a mebibyte however the bytes arrived (here in one piece), the last one shorter.
    expect(rows.map((row: { seq: number; bytes: number }) => [row.seq, row.bytes])).toEqual([
      [0, 1024 * 1024],
      [1, 1024 * 1024],
      [2, expect.any(Number)],
    ]);
    const content = await inject(worker, 'GET', `/documents/${id}/content`);
    expect(content.statusCode).toBe(200);
    expect(content.rawPayload.equals(pdf)).toBe(true);
  });

  it('attaches to a stay, an application, an incident and a referral, each read by whoever reads its owner', async () => {
    for (const [ownerType, ownerId, as] of [
      ['stay', stayId, worker],
      ['asylum_application', applicationId, lawyer],
      ['incident', incidentId, worker],
      ['referral', referralId, coordinator],
    ] as const) {
      const response = await upload(as, { ownerType, ownerId, kind: 'other' }, pdfBytes(ownerType));
      expect(response.statusCode).toBe(201);
      const read = await inject(as, 'GET', `/documents/${response.json().id}/content`);
      expect(read.rawPayload.equals(pdfBytes(ownerType))).toBe(true);
    }
    // The lawyer on the application reads its documents, and the person's (her client's)...
    const list = await inject(lawyer, 'GET', `/documents?ownerType=asylum_application&ownerId=${applicationId}`);
    expect(list.json().items).toHaveLength(1);
    expect((await inject(lawyer, 'GET', `/documents?ownerType=person&ownerId=${personId}`)).statusCode).toBe(200);
    // ...but does not change the person, so adds nothing to it.
    const refused = await upload(lawyer, { ownerType: 'person', ownerId: personId, kind: 'other' }, pdfBytes());
    expect(refused.statusCode).toBe(403);
  });

  it('answers 404 to another shelter, a partner and a lawyer not on the case, for every owner and route', async () => {
    const owned = await upload(worker, { ownerType: 'person', ownerId: personId, kind: 'medical' }, pdfBytes());
    const id = owned.json().id;
    const before = await storedCounts();
    const owners = [
      ['person', personId],
      ['stay', stayId],
      ['asylum_application', applicationId],
      ['incident', incidentId],
      ['referral', referralId],
    ] as const;
    for (const outsider of [otherWorker, otherCoordinator, partner, otherLawyer]) {
      for (const [ownerType, ownerId] of owners) {
        expect((await upload(outsider, { ownerType, ownerId, kind: 'other' }, pdfBytes())).statusCode).toBe(404);
        expect((await inject(outsider, 'GET', `/documents?ownerType=${ownerType}&ownerId=${ownerId}`)).statusCode).toBe(
          404,
        );
      }
      for (const url of [`/documents/${id}`, `/documents/${id}/content`]) {
        expect((await inject(outsider, 'GET', url)).statusCode).toBe(404);
      }
      expect((await inject(outsider, 'DELETE', `/documents/${id}`)).statusCode).toBe(404);
    }
    // And the other side's records are out of reach of this shelter's staff too.
    expect(
      (await upload(worker, { ownerType: 'person', ownerId: otherPersonId, kind: 'other' }, pdfBytes())).statusCode,
    ).toBe(404);
    expect(await storedCounts()).toEqual(before);
  });

  it('strips EXIF (GPS, camera, serial) from a phone photo and keeps it upright', async () => {
    const photo = await phoneJpeg();
    expect(exifTags(photo)).toHaveProperty('EXIF:GPSLatitude');
    const response = await upload(
      worker,
      { ownerType: 'incident', ownerId: incidentId, kind: 'evidence_photo' },
      photo,
      { filename: 'IMG_0001.JPG', contentType: 'image/jpeg' },
    );
    expect(response.statusCode).toBe(201);
    expect(response.json().mediaType).toBe('image/jpeg');
    const stored = (await inject(worker, 'GET', `/documents/${response.json().id}/content`)).rawPayload;
    const tags = Object.keys(exifTags(stored));
    expect(tags.filter((tag) => /^(EXIF|XMP|IPTC|MakerNotes|ICC_Profile)/.test(tag) || /GPS/.test(tag))).toEqual([]);
    expect(stored.includes('CAMARAMARCA')).toBe(false);
    expect(stored.includes('SERIE-0042')).toBe(false);
    const { width, height, orientation } = await sharp(stored).metadata();
    expect({ width, height, orientation }).toEqual({ width: 20, height: 40, orientation: undefined });
    expect(response.json().sha256).toBe(createHash('sha256').update(stored).digest('hex'));
  });

  it('strips EXIF from a HEIC photo, which stays a HEIC', async () => {
    const photo = readFileSync(join(__dirname, '../fixtures/documents/phone-with-gps.heic'));
    expect(exifTags(photo)).toHaveProperty('EXIF:GPSLatitude');
    const response = await upload(
      worker,
      { ownerType: 'incident', ownerId: incidentId, kind: 'evidence_photo' },
      photo,
      {
        filename: 'IMG_0002.HEIC',
        contentType: 'image/heic',
      },
    );
    expect(response.statusCode).toBe(201);
    expect(response.json().mediaType).toBe('image/heic');
    const stored = (await inject(worker, 'GET', `/documents/${response.json().id}/content`)).rawPayload;
    const tags = exifTags(stored);
    expect(tags['File:FileType']).toBe('HEIC');
    expect(Object.keys(tags).filter((tag) => /^(EXIF|XMP|IPTC|MakerNotes)/.test(tag) || /GPS/.test(tag))).toEqual([]);
    expect(stored.includes('CAMARAMARCA')).toBe(false);
  });

  it('keeps a PNG as a PNG', async () => {
    const response = await upload(worker, { ownerType: 'stay', ownerId: stayId, kind: 'other' }, await pngBytes(), {
      filename: 'foto.png',
      contentType: 'image/png',
    });
    expect(response.statusCode).toBe(201);
    const stored = (await inject(worker, 'GET', `/documents/${response.json().id}/content`)).rawPayload;
    expect(await sharp(stored).metadata()).toMatchObject({ format: 'png', width: 32, height: 24 });
  });

  it('refuses a renamed executable (415) whatever its name and declared type, storing nothing', async () => {
    const before = await storedCounts();
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(5000, 0x90)]);
    const response = await upload(worker, { ownerType: 'person', ownerId: personId, kind: 'identity' }, elf, {
      filename: 'constancia.pdf',
      contentType: 'application/pdf',
    });
    expect(response.statusCode).toBe(415);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().errors).toEqual([expect.objectContaining({ field: 'file' })]);
    const script = await upload(
      worker,
      { ownerType: 'person', ownerId: personId, kind: 'other' },
      Buffer.from('#!/bin/sh\nrm -rf /\n'),
      {
        filename: 'foto.jpg',
        contentType: 'image/jpeg',
      },
    );
    expect(script.statusCode).toBe(415);
    expect(await storedCounts()).toEqual(before);
  });

  it('refuses a file over DOCUMENT_MAX_BYTES (413) with nothing stored', async () => {
    const before = await storedCounts();
    const response = await upload(
      worker,
      { ownerType: 'person', ownerId: personId, kind: 'other' },
      pdfBytes('x', MAX_BYTES + 1),
    );
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ errors: [expect.objectContaining({ field: 'file' })] });
    expect(await storedCounts()).toEqual(before);
    const atLimit = await upload(
      worker,
      { ownerType: 'person', ownerId: personId, kind: 'other' },
      pdfBytes('x', MAX_BYTES),
    );
    expect(atLimit.statusCode).toBe(201);
  });

  it('names the bad field of a bad form (400), never a 500', async () => {
    const bad = await upload(worker, { ownerType: 'shelter', ownerId: 'nope', kind: 'selfie', extra: '1' }, pdfBytes());
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((error: { field: string }) => error.field)
        .sort(),
    ).toEqual(['extra', 'kind', 'ownerId', 'ownerType']);
    const json = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/documents',
      headers: worker.headers,
      payload: { ownerType: 'person' },
    });
    expect(json.statusCode).toBe(400);
    expect(json.json().errors).toEqual([expect.objectContaining({ field: 'file' })]);
    for (const payload of [
      '{"ownerType":"person"}',
      '--x\r\nContent-Disposition: form-data; name="kind"\r\n\r\nother',
    ]) {
      const malformed = await testApp.app.inject({
        method: 'POST',
        url: '/api/v1/documents',
        headers: { ...worker.headers, 'content-type': 'multipart/form-data; boundary=x' },
        payload,
      });
      expect({ status: malformed.statusCode, type: malformed.headers['content-type'] }).toEqual({
        status: 400,
        type: expect.stringContaining('application/problem+json'),
      });
    }
  });

  it('lets an admin or a coordinator of the shelter delete: the content goes, the metadata stays', async () => {
    const id = (await upload(worker, { ownerType: 'person', ownerId: personId, kind: 'medical' }, pdfBytes())).json()
      .id;
    expect((await inject(worker, 'DELETE', `/documents/${id}`)).statusCode).toBe(403);
    expect((await inject(lawyer, 'DELETE', `/documents/${id}`)).statusCode).toBe(403);
    const deleted = await inject(coordinator, 'DELETE', `/documents/${id}`);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toMatchObject({ id, deleted: true, deletedAt: expect.any(String), kind: 'medical' });
    expect((await inject(worker, 'GET', `/documents/${id}/content`)).statusCode).toBe(409);
    const { rows } = await db.query(
      'SELECT key_ciphertext, deleted_by, (SELECT count(*)::int FROM document_chunks WHERE document_id = $1) AS chunks FROM documents WHERE id = $1',
      [id],
    );
    expect(rows).toEqual([{ key_ciphertext: null, deleted_by: coordinator.user.id, chunks: 0 }]);
  });

  it('never holds a content or a title in clear, in the database or the log', async () => {
    await upload(
      worker,
      { ownerType: 'person', ownerId: personId, kind: 'other', title: MARKER },
      pdfBytes(MARKER, 70_000),
    );
    const tables = (await db.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).rows.map(
      ({ tablename }) => tablename as string,
    );
    const markerHex = Buffer.from(MARKER).toString('hex');
    const holding: string[] = [];
    for (const table of tables) {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM "${table}" t WHERE t::text ILIKE $1 OR t::text ILIKE $2`,
        [`%${MARKER}%`, `%${markerHex}%`],
      );
      if (rows[0].n > 0) holding.push(table);
    }
    expect(holding).toEqual([]);
    const log = readFileSync(join(logDir, 'api.log'), 'utf8');
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain(MARKER);
  });

  it('destroys the documents of an erased person (its own records), keeping their metadata', async () => {
    const mine = (
      await upload(worker, { ownerType: 'stay', ownerId: stayId, kind: 'identity', title: 'Pasaporte' }, pdfBytes())
    ).json();
    const response = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/persons/${personId}/erasure`,
      headers: admin.headers,
      payload: { reason: 'data_subject_request' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().anonymized.documents).toBeGreaterThan(5);
    const { rows } = await db.query(
      `SELECT count(*)::int AS live FROM documents
        WHERE key_ciphertext IS NOT NULL OR title_ciphertext IS NOT NULL OR deleted_at IS NULL`,
    );
    expect(rows[0].live).toBe(0);
    expect((await db.query('SELECT count(*)::int AS n FROM document_chunks')).rows[0].n).toBe(0);
    const metadata = await inject(admin, 'GET', `/documents/${mine.id}`);
    expect(metadata.json()).toMatchObject({ id: mine.id, kind: 'identity', title: null, deleted: true });
    expect((await inject(admin, 'GET', `/documents/${mine.id}/content`)).statusCode).toBe(409);
  });
});
