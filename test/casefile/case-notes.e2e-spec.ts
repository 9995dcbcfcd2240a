import { execFileSync } from 'node:child_process';

import { Client } from 'pg';

import { createAssignedApplication, comarApplication } from '../factories/asylum.factory';
import { allNotes, createNote, getNotes, NoteView, postNote } from '../factories/casefile.factory';
import { createShelter, familyOfFour, person, postIntake, ShelterView } from '../factories/intake.factory';
import { LoggedIn, loggedInUser } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

const KINDS = ['general', 'social', 'legal', 'medical', 'psychosocial'] as const;
type Kind = (typeof KINDS)[number];
type Reader = 'admin' | 'coordinator' | 'worker' | 'otherWorker' | 'lawyer';

/** Who reads a note of each kind written by an admin (docs/API.md, Case notes). */
const READERS: Record<Kind, Reader[]> = {
  general: ['admin', 'coordinator', 'worker', 'otherWorker'],
  social: ['admin', 'coordinator', 'worker', 'otherWorker'],
  legal: ['admin', 'lawyer'],
  medical: ['admin', 'coordinator'],
  psychosocial: ['admin', 'coordinator'],
};

describe('case notes', () => {
  let testApp: TestApp;
  let db: Client;
  let admin: LoggedIn;
  let palenque: ShelterView;
  let tenosique: ShelterView;
  const as = {} as Record<Reader | 'outsideCoordinator' | 'outsideWorker' | 'outsideLawyer' | 'partner', LoggedIn>;
  let headId: string;
  let spouseId: string;
  let childId: string;
  let outsiderId: string;
  const byKind = {} as Record<Kind, NoteView>;

  beforeAll(async () => {
    testApp = await startTestApp();
    db = new Client({ connectionString: testApp.config.databaseUrl });
    await db.connect();
    admin = await loggedInUser(testApp.app, { role: 'admin', name: 'Ana Administradora' });
    palenque = await createShelter(testApp.app, admin, { code: 'PAL' });
    tenosique = await createShelter(testApp.app, admin, { code: 'TEN' });
    as.admin = admin;
    as.coordinator = await loggedInUser(testApp.app, { role: 'coordinator', shelterIds: [palenque.id] });
    as.worker = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [palenque.id] });
    as.otherWorker = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [palenque.id] });
    as.lawyer = await loggedInUser(testApp.app, { role: 'lawyer' });
    as.outsideCoordinator = await loggedInUser(testApp.app, { role: 'coordinator', shelterIds: [tenosique.id] });
    as.outsideWorker = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [tenosique.id] });
    as.outsideLawyer = await loggedInUser(testApp.app, { role: 'lawyer' });
    as.partner = await loggedInUser(testApp.app, { role: 'partner' });
    const family = (await postIntake(testApp.app, as.worker, familyOfFour(palenque.id))).json();
    [headId, spouseId, childId] = family.stays.map((stay: { personId: string }) => stay.personId);
    const other = await postIntake(testApp.app, as.outsideWorker, {
      ...familyOfFour(tenosique.id),
      members: [{ person: person({ givenNames: 'Otra', familyNames: 'Persona' }), relationship: 'head' }],
    });
    outsiderId = other.json().stays[0].personId;
    await createAssignedApplication(
      testApp.app,
      as.lawyer,
      comarApplication(headId, { dependentIds: [childId], shelterId: palenque.id }),
    );
    await createAssignedApplication(testApp.app, as.outsideLawyer, comarApplication(outsiderId));
    for (const kind of KINDS) {
      byKind[kind] = await createNote(testApp.app, admin, headId, { kind, body: `Nota ${kind} marcador-${kind}` });
    }
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  const visibleKinds = async (reader: LoggedIn, personId = headId) =>
    (await allNotes(testApp.app, reader, personId)).map((note) => note.kind);

  describe('who reads which kind', () => {
    it.each(KINDS)('a %s note is read by exactly the roles API.md names', async (kind) => {
      for (const reader of ['admin', 'coordinator', 'worker', 'otherWorker', 'lawyer'] as Reader[]) {
        const kinds = await visibleKinds(as[reader]);
        expect({ reader, reads: kinds.includes(kind) }).toEqual({ reader, reads: READERS[kind].includes(reader) });
      }
    });

    it('reads medical and psychosocial notes of their own as author, not a colleague’s', async () => {
      const own = await createNote(testApp.app, as.worker, headId, { kind: 'medical', body: 'Herida en el pie' });
      const ownPsy = await createNote(testApp.app, as.worker, headId, { kind: 'psychosocial', body: 'Duerme mal' });
      const ids = async (reader: LoggedIn) => (await allNotes(testApp.app, reader, headId)).map((note) => note.id);
      expect(await ids(as.worker)).toEqual(expect.arrayContaining([own.id, ownPsy.id]));
      expect(await ids(as.worker)).not.toContain(byKind.medical.id);
      expect(await ids(as.otherWorker)).not.toEqual(expect.arrayContaining([own.id]));
      expect(await ids(as.otherWorker)).not.toContain(ownPsy.id);
      expect(await ids(as.coordinator)).toEqual(expect.arrayContaining([own.id, ownPsy.id]));
      expect(await ids(as.admin)).toEqual(expect.arrayContaining([own.id, ownPsy.id]));
      expect(await ids(as.lawyer)).not.toContain(own.id);
    });

    it('lets the lawyer read legal notes of a dependent on her application', async () => {
      const note = await createNote(testApp.app, as.lawyer, childId, { kind: 'legal', body: 'Constancia pendiente' });
      expect((await allNotes(testApp.app, as.lawyer, childId)).map((n) => n.id)).toEqual([note.id]);
      expect((await allNotes(testApp.app, as.worker, childId)).map((n) => n.id)).not.toContain(note.id);
    });

    it('answers 404 outside the person’s scope and 403 to partners, for reading and writing', async () => {
      for (const outsider of [as.outsideCoordinator, as.outsideWorker, as.outsideLawyer]) {
        const read = await getNotes(testApp.app, outsider, headId);
        expect(read.statusCode).toBe(404);
        expect(read.body).not.toContain('marcador');
        const write = await postNote(testApp.app, outsider, headId, { kind: 'general', body: 'x' });
        expect(write.statusCode).toBe(404);
      }
      expect((await getNotes(testApp.app, as.partner, headId)).statusCode).toBe(403);
      expect((await postNote(testApp.app, as.partner, headId, { kind: 'general', body: 'x' })).statusCode).toBe(403);
      // The other side's lawyer does not reach the dependent either; nobody reaches an unknown person.
      expect((await getNotes(testApp.app, as.outsideLawyer, childId)).statusCode).toBe(404);
      expect((await getNotes(testApp.app, admin, crypto.randomUUID())).statusCode).toBe(404);
    });

    it('never counts a note the caller may not read: pages hold only readable notes', async () => {
      const readable = await allNotes(testApp.app, as.worker, headId);
      const paged = await allNotes(testApp.app, as.worker, headId, 1);
      expect(paged.map((note) => note.id)).toEqual(readable.map((note) => note.id));
      expect(
        readable.every((note) => ['general', 'social'].includes(note.kind) || note.authorId === as.worker.user.id),
      ).toBe(true);
    });
  });

  describe('who writes which kind', () => {
    it.each([
      ['lawyer', 'general'],
      ['lawyer', 'medical'],
      ['worker', 'legal'],
      ['coordinator', 'legal'],
    ] as const)('refuses a %s writing a %s note with 422 naming kind, storing nothing', async (writer, kind) => {
      const before = await noteCount();
      const response = await postNote(testApp.app, as[writer], headId, { kind, body: 'No debería guardarse' });
      expect(response.statusCode).toBe(422);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors).toEqual([expect.objectContaining({ field: 'kind' })]);
      expect(await noteCount()).toBe(before);
    });

    it('refuses bad input with 400 naming the field', async () => {
      for (const [payload, field] of [
        [{ kind: 'gossip', body: 'x' }, 'kind'],
        [{ kind: 'general', body: '   ' }, 'body'],
        [{ kind: 'general' }, 'body'],
        [{ kind: 'general', body: 'x', corrects: 'not-a-uuid' }, 'corrects'],
        [{ kind: 'general', body: 'x', author: 'someone' }, 'author'],
        [{ kind: 'general', body: 'x'.repeat(20001) }, 'body'],
      ] as const) {
        const response = await postNote(testApp.app, as.worker, headId, payload);
        expect({ field, status: response.statusCode }).toEqual({ field, status: 400 });
        expect(JSON.stringify(response.json().errors)).toContain(field);
      }
    });
  });

  describe('corrections', () => {
    it('names the corrected note, and the listing shows which notes correct it', async () => {
      const original = await createNote(testApp.app, as.worker, headId, { kind: 'social', body: 'Viaja con su tía' });
      const fix = await createNote(testApp.app, as.otherWorker, headId, {
        kind: 'social',
        body: 'Viaja con su prima, no su tía',
        corrects: original.id,
      });
      expect(fix.corrects).toBe(original.id);
      const listed = await allNotes(testApp.app, as.coordinator, headId);
      expect(listed.find((note) => note.id === original.id)).toMatchObject({
        body: 'Viaja con su tía',
        correctedBy: [fix.id],
      });
      expect(listed.find((note) => note.id === fix.id)).toMatchObject({ corrects: original.id, correctedBy: [] });
    });

    it('refuses to correct a note of another person, an unreadable one or an unknown id (422 naming corrects)', async () => {
      const spouseNote = await createNote(testApp.app, as.worker, spouseId, { kind: 'general', body: 'Otra persona' });
      const privateNote = await createNote(testApp.app, as.worker, headId, { kind: 'medical', body: 'Privada' });
      for (const [writer, corrects] of [
        [as.worker, spouseNote.id],
        [as.otherWorker, privateNote.id],
        [as.worker, byKind.legal.id],
        [as.worker, crypto.randomUUID()],
      ] as const) {
        const before = await noteCount();
        const kind = corrects === privateNote.id ? 'medical' : 'general';
        const response = await postNote(testApp.app, writer, headId, { kind, body: 'Corrección', corrects });
        expect(response.statusCode).toBe(422);
        expect(response.json().errors).toEqual([expect.objectContaining({ field: 'corrects' })]);
        expect(response.body).not.toContain('Privada');
        expect(await noteCount()).toBe(before);
      }
    });

    it('refuses a correction of another kind than the note it corrects (422 naming kind)', async () => {
      const response = await postNote(testApp.app, as.coordinator, headId, {
        kind: 'general',
        body: 'Corrección pública de una nota médica',
        corrects: byKind.medical.id,
      });
      expect(response.statusCode).toBe(422);
      expect(response.json().errors).toEqual([expect.objectContaining({ field: 'kind' })]);
    });

    it('shows only the corrections the caller may read', async () => {
      const mine = await createNote(testApp.app, as.worker, headId, { kind: 'medical', body: 'Fiebre' });
      const fix = await createNote(testApp.app, as.coordinator, headId, {
        kind: 'medical',
        body: 'Fiebre alta',
        corrects: mine.id,
      });
      const workerView = (await allNotes(testApp.app, as.worker, headId)).find((note) => note.id === mine.id);
      expect(workerView?.correctedBy).toEqual([]);
      const coordinatorView = (await allNotes(testApp.app, as.coordinator, headId)).find((n) => n.id === mine.id);
      expect(coordinatorView?.correctedBy).toEqual([fix.id]);
    });

    it('is never edited: the database refuses to change a note but for its ciphertext', async () => {
      await expect(
        db.query(`UPDATE case_notes SET kind = 'general' WHERE id = $1`, [byKind.medical.id]),
      ).rejects.toThrow(/never edited/);
      await expect(
        db.query(`UPDATE case_notes SET body_ciphertext = body_ciphertext WHERE id = $1`, [byKind.medical.id]),
      ).resolves.toBeDefined();
    });
  });

  describe('at rest and in the audit log', () => {
    it('stores bodies only as row-bound ciphertext: no clear body in the table or in a dump', async () => {
      const rows = (await db.query('SELECT body_ciphertext, case_notes::text AS whole FROM case_notes')).rows;
      expect(rows.length).toBeGreaterThan(5);
      for (const row of rows) {
        expect(row.body_ciphertext).toMatch(/^v2\./);
        expect(row.whole).not.toMatch(/marcador|Nota /);
      }
      const dump = execFileSync('pg_dump', ['--data-only', '--table=case_notes', testApp.config.databaseUrl], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      expect(dump).toContain('COPY public.case_notes');
      expect(dump).not.toMatch(/marcador|Viaja con/);
    });

    it('audits every note written and every list read, with the ids answered', async () => {
      const note = await createNote(testApp.app, as.coordinator, headId, { kind: 'general', body: 'Auditada' });
      const created = await db.query(
        `SELECT actor_id, details FROM audit_events WHERE action = 'create' AND entity_type = 'case_note' AND entity_id = $1`,
        [note.id],
      );
      expect(created.rows).toEqual([
        { actor_id: as.coordinator.user.id, details: { personId: headId, kind: 'general', corrects: null } },
      ]);
      const listed = await getNotes(testApp.app, as.worker, headId, '?limit=1');
      const [first] = listed.json().items;
      const read = await db.query(
        `SELECT details FROM audit_events WHERE action = 'list' AND entity_type = 'case_note' AND actor_id = $1
          ORDER BY id DESC LIMIT 1`,
        [as.worker.user.id],
      );
      expect(read.rows[0].details).toEqual({ personId: headId, ids: [first.id] });
    });
  });

  describe('erasure', () => {
    it('deletes the person’s notes with the person, and no one else’s', async () => {
      await createNote(testApp.app, as.worker, spouseId, { kind: 'social', body: 'Nota de la esposa' });
      await createNote(testApp.app, as.worker, spouseId, { kind: 'medical', body: 'Nota médica de la esposa' });
      const others = await notesOf(headId);
      expect(await notesOf(spouseId)).toBeGreaterThanOrEqual(2);
      const response = await testApp.app.inject({
        method: 'POST',
        url: `/api/v1/persons/${spouseId}/erasure`,
        headers: admin.headers,
        payload: { reason: 'data_subject_request' },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json().anonymized.caseNotes).toBeGreaterThanOrEqual(2);
      expect(await notesOf(spouseId)).toBe(0);
      expect(await notesOf(headId)).toBe(others);
      expect((await getNotes(testApp.app, admin, spouseId)).json().items).toEqual([]);
      expect((await postNote(testApp.app, admin, spouseId, { kind: 'general', body: 'x' })).statusCode).toBe(409);
    });

    it('refuses a note written while the person is being erased, instead of leaving it behind', async () => {
      // An erasure holds the person's row FOR UPDATE until it commits; this one stands in for it.
      const before = await notesOf(childId);
      const eraser = new Client({ connectionString: testApp.config.databaseUrl });
      await eraser.connect();
      try {
        await eraser.query('BEGIN');
        await eraser.query('SELECT id FROM persons WHERE id = $1 FOR UPDATE', [childId]);
        const writing = postNote(testApp.app, admin, childId, { kind: 'general', body: 'Escrita durante el borrado' });
        await new Promise((resolve) => setTimeout(resolve, 500));
        await eraser.query('UPDATE persons SET erased_at = now() WHERE id = $1', [childId]);
        await eraser.query('COMMIT');
        expect((await writing).statusCode).toBe(409);
        expect(await notesOf(childId)).toBe(before);
      } finally {
        await eraser.end();
      }
    });
  });

  const noteCount = async () => Number((await db.query('SELECT count(*) FROM case_notes')).rows[0].count);
  const notesOf = async (personId: string) =>
    Number((await db.query('SELECT count(*) FROM case_notes WHERE person_id = $1', [personId])).rows[0].count);
});
