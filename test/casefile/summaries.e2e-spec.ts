import { PDFParse } from 'pdf-parse';
import { Client } from 'pg';

import { comarApplication, createAssignedApplication, postEvent } from '../factories/asylum.factory';
import { createNote } from '../factories/casefile.factory';
import { pdfBytes, uploadDocument } from '../factories/document.factory';
import { createShelter, familyOfFour, person, postIntake, ShelterView } from '../factories/intake.factory';
import { changeStatus, createOrganization, createService, postReferral, referral } from '../factories/referral.factory';
import { LoggedIn, loggedInUser } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

/** The text of each page of a PDF, read back with pdf-parse (pdf.js). */
async function pdfPages(pdf: Buffer): Promise<string[]> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).pages.map((page) => page.text);
  } finally {
    await parser.destroy();
  }
}

describe('printable summaries', () => {
  let testApp: TestApp;
  let db: Client;
  let admin: LoggedIn;
  let coordinator: LoggedIn;
  let worker: LoggedIn;
  let lawyer: LoggedIn;
  let outsideCoordinator: LoggedIn;
  let outsideLawyer: LoggedIn;
  let partner: LoggedIn;
  let palenque: ShelterView;
  let tenosique: ShelterView;
  let headId: string;
  let childId: string;
  let caseNumber: string;
  let applicationId: string;
  let outsideApplicationId: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    db = new Client({ connectionString: testApp.config.databaseUrl });
    await db.connect();
    admin = await loggedInUser(testApp.app, { role: 'admin', name: 'Ana Administradora' });
    palenque = await createShelter(testApp.app, admin, { code: 'PAL', name: 'Casa del Migrante Palenque' });
    tenosique = await createShelter(testApp.app, admin, { code: 'TEN' });
    coordinator = await loggedInUser(testApp.app, {
      role: 'coordinator',
      shelterIds: [palenque.id],
      name: 'Rosa Coordinadora',
    });
    worker = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [palenque.id], name: 'Luis Núñez' });
    lawyer = await loggedInUser(testApp.app, { role: 'lawyer', name: 'Licenciada Peña' });
    outsideCoordinator = await loggedInUser(testApp.app, { role: 'coordinator', shelterIds: [tenosique.id] });
    outsideLawyer = await loggedInUser(testApp.app, { role: 'lawyer' });
    partner = await loggedInUser(testApp.app, { role: 'partner' });
    const family = (
      await postIntake(testApp.app, worker, { ...familyOfFour(palenque.id), vulnerabilities: ['injured'] })
    ).json();
    headId = family.stays[0].personId;
    childId = family.stays[2].personId;
    caseNumber = family.stays[0].caseNumber;
    const outsideWorker = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [tenosique.id] });
    const other = await postIntake(testApp.app, outsideWorker, {
      ...familyOfFour(tenosique.id),
      members: [{ person: person({ givenNames: 'Otra', familyNames: 'Persona' }), relationship: 'head' }],
    });
    const outsiderId = other.json().stays[0].personId;

    const organization = await createOrganization(testApp.app, admin, { name: 'Clínica Jurídica' });
    const service = await createService(testApp.app, admin, organization.id, { name: 'Asesoría en asilo' });
    const servicePartner = await loggedInUser(testApp.app, { role: 'partner', organizationId: organization.id });
    const made = (await postReferral(testApp.app, worker, referral(headId, service.id))).json();
    await changeStatus(testApp.app, servicePartner, made.id, { status: 'accepted' });

    const application = await createAssignedApplication(
      testApp.app,
      lawyer,
      comarApplication(headId, { dependentIds: [childId], shelterId: palenque.id, office: 'COMAR Palenque' }),
    );
    applicationId = application.id;
    const filed = await postEvent(testApp.app, lawyer, applicationId, {
      type: 'filed',
      occurredOn: '2026-06-20',
      note: 'Presentada en ventanilla',
    });
    expect(filed.statusCode).toBe(201);
    outsideApplicationId = (await createAssignedApplication(testApp.app, outsideLawyer, comarApplication(outsiderId)))
      .id;

    await createNote(testApp.app, worker, headId, { kind: 'general', body: 'Marcador general: llegó cansado.' });
    await createNote(testApp.app, admin, headId, { kind: 'medical', body: 'Marcador médico: herida en el tobillo.' });
    await createNote(testApp.app, lawyer, headId, { kind: 'legal', body: 'Marcador legal: teme a la mara.' });
    // Enough notes for several pages, so that every page's footer is checked.
    for (let index = 0; index < 30; index++) {
      await createNote(testApp.app, worker, headId, {
        kind: 'social',
        body: `Seguimiento social número ${index}: acompañamiento, niñez, ¿atención? ¡sí! `.repeat(4),
      });
    }
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  const fetchPdf = (url: string, as: LoggedIn, language?: string) =>
    testApp.app.inject({
      method: 'GET',
      url,
      headers: { ...as.headers, ...(language ? { 'accept-language': language } : {}) },
    });

  describe('GET /persons/:id/summary.pdf', () => {
    it('prints stays, household, vulnerabilities, referrals and readable notes in Spanish, a footer on every page', async () => {
      const response = await fetchPdf(`/api/v1/persons/${headId}/summary.pdf`, coordinator);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.headers['cache-control']).toBe('no-store');
      const pages = await pdfPages(response.rawPayload);
      expect(pages.length).toBeGreaterThan(1);
      const text = pages.join('\n');
      expect(text).toContain('Resumen del expediente');
      expect(text).toContain('Carlos Ernesto Ramírez Soto');
      expect(text).toContain(caseNumber);
      expect(text).toContain('Casa del Migrante Palenque');
      expect(text).toContain('María de los Ángeles Guzmán Peña');
      expect(text).toContain('Lesionado');
      expect(text).toContain('Amenaza de pandillas');
      expect(text).toContain('Asesoría en asilo');
      // Codes print as their labels in the reader's language, never raw.
      expect(text).toContain('Urgencia: Ordinaria');
      expect(text).toContain('Resultado: Aceptada');
      expect(text).not.toMatch(/\baccepted\b|\broutine\b/);
      expect(text).toContain('Marcador general');
      expect(text).toContain('Marcador médico');
      expect(text).toContain('¿atención? ¡sí!');
      expect(text).not.toContain('Marcador legal');
      pages.forEach((page, index) => {
        expect(page).toMatch(/Impreso por Rosa Coordinadora el \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
        expect(page).toContain(`página ${index + 1} de ${pages.length}`);
      });
    });

    it('prints in English with Accept-Language: en, and leaves out the notes a worker may not read', async () => {
      const response = await fetchPdf(`/api/v1/persons/${headId}/summary.pdf`, worker, 'en-US,en;q=0.9');
      expect(response.statusCode).toBe(200);
      const pages = await pdfPages(response.rawPayload);
      const text = pages.join('\n');
      expect(text).toContain('Case summary');
      expect(text).toContain('Injured');
      expect(text).not.toContain('Resumen del expediente');
      expect(text).toContain('Marcador general');
      expect(text).not.toContain('Marcador médico');
      expect(text).not.toContain('Marcador legal');
      for (const page of pages) expect(page).toMatch(/Printed by Luis Núñez on \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    });

    it('shows a lawyer the legal notes, no stays of shelters and no referrals', async () => {
      const response = await fetchPdf(`/api/v1/persons/${headId}/summary.pdf`, lawyer);
      expect(response.statusCode).toBe(200);
      const text = (await pdfPages(response.rawPayload)).join('\n');
      expect(text).toContain('Marcador legal');
      expect(text).not.toContain('Marcador general');
      expect(text).not.toContain('Marcador médico');
      expect(text).not.toContain(caseNumber);
      expect(text).not.toContain('Asesoría en asilo');
      expect(text).toContain('Las canalizaciones son trabajo del albergue');
    });

    it('answers 404 outside the person’s scope and 403 to partners', async () => {
      for (const outsider of [outsideCoordinator, outsideLawyer]) {
        const response = await fetchPdf(`/api/v1/persons/${headId}/summary.pdf`, outsider);
        expect(response.statusCode).toBe(404);
        expect(response.headers['content-type']).toContain('application/problem+json');
      }
      expect((await fetchPdf(`/api/v1/persons/${headId}/summary.pdf`, partner)).statusCode).toBe(403);
      expect((await fetchPdf(`/api/v1/persons/${crypto.randomUUID()}/summary.pdf`, admin)).statusCode).toBe(404);
      expect((await fetchPdf(`/api/v1/persons/not-a-uuid/summary.pdf`, admin)).statusCode).toBe(400);
    });

    it('is audited as a print, with the notes it showed', async () => {
      await fetchPdf(`/api/v1/persons/${headId}/summary.pdf`, worker);
      const { rows } = await db.query(
        `SELECT details FROM audit_events WHERE action = 'print' AND entity_type = 'person' AND entity_id = $1
            AND actor_id = $2 ORDER BY id DESC LIMIT 1`,
        [headId, worker.user.id],
      );
      expect(rows[0].details.language).toBe('es');
      expect(rows[0].details.noteIds).toHaveLength(31);
    });
  });

  describe('GET /asylum-applications/:id/summary.pdf', () => {
    it('prints applicant, dependents, grounds, office, entry date, deadlines with their basis, timeline', async () => {
      const response = await fetchPdf(`/api/v1/asylum-applications/${applicationId}/summary.pdf`, lawyer);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      const pages = await pdfPages(response.rawPayload);
      const text = pages.join('\n');
      expect(text).toContain('Resumen de la solicitud de asilo');
      expect(text).toContain('Carlos Ernesto Ramírez Soto');
      expect(text).toContain('Daniela Ramírez Guzmán');
      expect(text).toContain('Motivo: Violencia generalizada');
      expect(text).toContain('Procedimiento: México: COMAR');
      expect(text).not.toMatch(/generalized_violence|MX_COMAR|\bfiled\b/);
      expect(text).toContain('COMAR Palenque');
      expect(text).toContain('2026-06-05');
      expect(text).toContain('Ley sobre Refugiados');
      expect(text).toContain('Solicitud presentada');
      expect(text).toContain('Presentada en ventanilla');
      expect(text).toContain('Licenciada Peña');
      expect(text).toContain('Ningún documento registrado');
      for (const page of pages) expect(page).toMatch(/Impreso por Licenciada Peña el /);
    });

    it('lists the application’s documents (metadata, never content), in English with Accept-Language: en', async () => {
      const kept = await uploadDocument(
        testApp.app,
        admin,
        {
          ownerType: 'asylum_application',
          ownerId: applicationId,
          kind: 'comar_record',
          title: 'Constancia de trámite',
        },
        { data: pdfBytes('CONTENIDO-NO-IMPRESO', 204800) },
      );
      expect(kept.statusCode).toBe(201);
      const removed = await uploadDocument(
        testApp.app,
        admin,
        { ownerType: 'asylum_application', ownerId: applicationId, kind: 'evidence_photo', title: 'Foto retirada' },
        { data: pdfBytes('otra') },
      );
      expect(removed.statusCode).toBe(201);
      const deletion = await testApp.app.inject({
        method: 'DELETE',
        url: `/api/v1/documents/${removed.json().id}`,
        headers: admin.headers,
      });
      expect(deletion.statusCode).toBeLessThan(300);
      const response = await fetchPdf(`/api/v1/asylum-applications/${applicationId}/summary.pdf`, admin, 'en');
      const pages = await pdfPages(response.rawPayload);
      const text = pages.join('\n');
      expect(text).toContain('Asylum application summary');
      expect(text).toContain('Constancia de trámite');
      expect(text).toContain('COMAR record or ruling');
      expect(text).toContain('200 KB');
      expect(text).toMatch(/Foto retirada[^\n]*content destroyed on \d{4}-\d{2}-\d{2}/);
      expect(text).not.toContain('CONTENIDO-NO-IMPRESO');
      expect(text).not.toContain('No documents on record');
      for (const page of pages) expect(page).toMatch(/Printed by Ana Administradora on /);
    });

    it('answers 404 outside the application’s scope and 403 to workers and partners; audited', async () => {
      for (const outsider of [outsideLawyer, outsideCoordinator]) {
        expect((await fetchPdf(`/api/v1/asylum-applications/${applicationId}/summary.pdf`, outsider)).statusCode).toBe(
          404,
        );
      }
      expect(
        (await fetchPdf(`/api/v1/asylum-applications/${outsideApplicationId}/summary.pdf`, lawyer)).statusCode,
      ).toBe(404);
      for (const refused of [worker, partner]) {
        expect((await fetchPdf(`/api/v1/asylum-applications/${applicationId}/summary.pdf`, refused)).statusCode).toBe(
          403,
        );
      }
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE action = 'print' AND entity_type = 'asylum_application'
            AND entity_id = $1`,
        [applicationId],
      );
      expect(rows[0].n).toBe(2);
    });
  });
});
