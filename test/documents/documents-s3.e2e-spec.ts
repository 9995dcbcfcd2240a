import { createHash } from 'node:crypto';

import { Client } from 'pg';

import { pdfBytes, uploadDocument } from '../factories/document.factory';
import { createShelter, familyOfFour, postIntake } from '../factories/intake.factory';
import { LoggedIn, loggedInUser } from '../factories/user.factory';
import { startS3Server, TestS3Server } from '../support/s3-server';
import { startTestApp, TestApp } from '../support/test-app';

const MARKER = 'CONTENIDO-EN-S3-9K4M';
const objectCount = (s3: TestS3Server) => s3.objectCount();

describe('documents in an S3-compatible store (DOCUMENT_STORE=s3)', () => {
  let s3: TestS3Server;
  let testApp: TestApp;
  let db: Client;
  let admin: LoggedIn;
  let worker: LoggedIn;
  let personId: string;

  beforeAll(async () => {
    s3 = await startS3Server();
    testApp = await startTestApp({ env: { ...s3.env, DOCUMENT_MAX_BYTES: String(12 * 1024 * 1024) } });
    db = new Client({ connectionString: testApp.config.databaseUrl });
    await db.connect();
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    const shelter = await createShelter(testApp.app, admin);
    worker = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [shelter.id] });
    personId = (await postIntake(testApp.app, worker, familyOfFour(shelter.id))).json().stays[0].personId;
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
    await s3.close();
  });

  const download = (id: string) =>
    testApp.app.inject({ method: 'GET', url: `/api/v1/documents/${id}/content`, headers: worker.headers });

  it('stores small and multipart-sized files as encrypted objects, none in Postgres, and reads them back', async () => {
    for (const size of [2_000, 11 * 1024 * 1024]) {
      const pdf = pdfBytes(MARKER, size);
      const response = await uploadDocument(
        testApp.app,
        worker,
        { ownerType: 'person', ownerId: personId, kind: 'other' },
        { data: pdf },
      );
      expect(response.statusCode).toBe(201);
      const { id, sha256 } = response.json();
      expect(sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
      const content = await download(id);
      expect(content.statusCode).toBe(200);
      expect(content.rawPayload.equals(pdf)).toBe(true);
      const { rows } = await db.query('SELECT store, object_key FROM documents WHERE id = $1', [id]);
      expect(rows).toEqual([{ store: 's3', object_key: `documents/${id}` }]);
    }
    expect((await db.query('SELECT count(*)::int AS n FROM document_chunks')).rows[0].n).toBe(0);
    // The store holds ciphertext only.
    expect(s3.storedFiles().some((file) => file.includes(MARKER))).toBe(false);
  });

  it('leaves no object behind an upload refused for its size, and removes the object of a deleted document', async () => {
    const before = objectCount(s3);
    const tooLarge = await uploadDocument(
      testApp.app,
      worker,
      { ownerType: 'person', ownerId: personId, kind: 'other' },
      { data: pdfBytes('x', 12 * 1024 * 1024 + 1) },
    );
    expect(tooLarge.statusCode).toBe(413);
    expect(objectCount(s3)).toBe(before);

    const id = (
      await uploadDocument(
        testApp.app,
        worker,
        { ownerType: 'person', ownerId: personId, kind: 'other' },
        { data: pdfBytes() },
      )
    ).json().id;
    expect(objectCount(s3)).toBe(before + 1);
    const deleted = await testApp.app.inject({
      method: 'DELETE',
      url: `/api/v1/documents/${id}`,
      headers: admin.headers,
    });
    expect(deleted.statusCode).toBe(200);
    expect(objectCount(s3)).toBe(before);
    expect((await download(id)).statusCode).toBe(409);
  });
});
