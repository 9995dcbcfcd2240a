import { readFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BrowserContext, Page } from 'playwright-core';

import { WorkerModule } from '../../apps/worker/src/worker.module';
import { admitted, comarApplication, createApplication } from '../factories/asylum.factory';
import {
  createPartner,
  decryptFile,
  exportPayload,
  partnerKeys,
  partnerPayload,
  requestExport,
  waitForExport,
} from '../factories/export.factory';
import { createShelter, person } from '../factories/intake.factory';
import { createOrganization, createService, postReferral, referral } from '../factories/referral.factory';
import { createUser, loggedInUser, LoggedIn } from '../factories/user.factory';
import {
  logInAs,
  phonePage,
  seriousAccessibilityViolations,
  startWebTestApp,
  WebTestApp,
  withScreenshotOnFailure,
} from '../support/browser';
import { TestApp } from '../support/test-app';

jest.setTimeout(120_000);

/** A day `days` before today in Mexico City, where the deadlines are counted. */
function daysAgo(days: number): string {
  return new Date(Date.now() - days * 24 * 3600 * 1000).toLocaleDateString('en-CA', {
    timeZone: 'America/Mexico_City',
  });
}

/** Nothing on the page is wider than the 360-pixel phone. */
async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
      .documentElement;
    return root.scrollWidth - 360;
  });
}

describe('web app: partners, lawyers and admins at 360 px, in Chromium', () => {
  let web: WebTestApp;
  let testApp: TestApp;
  let context: BrowserContext;
  let page: Page;
  let admin: LoggedIn;
  let shelterId: string;

  beforeAll(async () => {
    web = await startWebTestApp();
    testApp = web.testApp;
    ({ context, page } = await phonePage(web.browser, web.baseURL));
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    shelterId = (await createShelter(testApp.app, admin, { code: 'PAL' })).id;
  });
  afterAll(async () => {
    await context?.close();
    await web?.close();
  });

  afterEach(async () => {
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.getByRole('button', { name: 'Entrar' }).waitFor();
  });

  it('lets a lawyer open an application and record a late filing with its justification, asked in a sentence', async () => {
    const lawyer = await createUser(testApp.app, { role: 'lawyer', name: 'Licenciada Tardía' });
    const [principal, child] = await admitted(testApp.app, admin, shelterId, [
      person({ givenNames: 'Rosa Elvira', familyNames: 'Sánchez Mejía', sex: 'female' }),
      person({ givenNames: 'Josué', familyNames: 'Sánchez Mejía', birthDate: '2016-04-02' }),
    ]);
    const application = await createApplication(
      testApp.app,
      admin,
      comarApplication(principal, {
        lawyerId: lawyer.id,
        dependentIds: [child],
        office: 'COMAR Palenque',
        enteredCountryOn: daysAgo(80),
      }),
    );

    await withScreenshotOnFailure(page, async () => {
      await logInAs(page, lawyer.email);
      await page.getByRole('heading', { name: 'Mis casos por próximo plazo' }).waitFor();
      await page.getByRole('link', { name: 'Nueva solicitud' }).first().waitFor();
      await page.getByTestId('caseload').getByRole('link', { name: /Abrir/ }).first().click();
      await page.getByRole('heading', { name: 'Solicitud de asilo: Rosa Elvira Sánchez Mejía' }).waitFor();
      await expect(page.getByTestId('dependents').textContent()).resolves.toBe('Josué Sánchez Mejía');
      await page.getByText('COMAR Palenque').waitFor();
      // The overdue filing deadline says how long ago it passed.
      await page
        .getByTestId('deadline')
        .filter({ hasText: /venció hace \d+ días/ })
        .first()
        .waitFor();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);

      // The event form, apart from the notes panel mounted after it.
      const eventForm = page.getByRole('form', { name: 'Registrar el siguiente evento' });
      await eventForm.getByLabel('Evento', { exact: true }).selectOption('filed');
      // The justification is asked for with a sentence, never as the API's field name.
      const why = page.locator('#late-justification-why');
      await why.waitFor();
      await expect(why.textContent()).resolves.toMatch(/posterior al plazo, que venció el .+\. Explique por qué/);
      expect(await page.getByText('lateJustification').count()).toBe(0);
      await eventForm
        .getByLabel('Justificación del retraso')
        .fill('Estuvo hospitalizada tres semanas por una fractura.');
      await eventForm.getByLabel('Nota', { exact: true }).fill('Se presentó en la oficina de Palenque.');
      await eventForm.getByRole('button', { name: 'Guardar' }).click();
      await page.getByText('Evento registrado.').waitFor();
      const timeline = page.getByTestId('timeline');
      await timeline.getByText('fuera de plazo').waitFor();
      await timeline.getByText('Estuvo hospitalizada tres semanas por una fractura.').waitFor();
      await timeline.getByText('Se presentó en la oficina de Palenque.').waitFor();
      // After the filing, COMAR's term to decide shows apart, as informative.
      await page.getByRole('heading', { name: 'Plazos informativos' }).waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);

      const stored = (
        await testApp.app.inject({
          method: 'GET',
          url: `/api/v1/asylum-applications/${application.id}`,
          headers: admin.headers,
        })
      ).json();
      expect(stored.events).toEqual([
        expect.objectContaining({
          type: 'filed',
          late: true,
          lateJustification: 'Estuvo hospitalizada tres semanas por una fractura.',
        }),
      ]);

      await page.getByRole('link', { name: 'Nueva solicitud' }).click();
      await page.getByRole('heading', { name: 'Nueva solicitud de asilo' }).waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await page.getByTestId('reminders-link').click();
      await page.getByRole('heading', { name: 'Recordatorios' }).waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
    });
  });

  it('shows a lawyer her unread reminders in the header and marks one read', async () => {
    const lawyerSession = await loggedInUser(testApp.app, { role: 'lawyer', name: 'Licenciado Avisado' });
    const [client] = await admitted(testApp.app, admin, shelterId, [person({ givenNames: 'Wilmer' })]);
    const application = await createApplication(
      testApp.app,
      admin,
      comarApplication(client, { lawyerId: lawyerSession.user.id, enteredCountryOn: daysAgo(30) }),
    );
    const { DataSource } = await import('typeorm');
    await testApp.app.get(DataSource).query(
      `INSERT INTO asylum_reminders (application_id, deadline_kind, due_on, threshold, lawyer_id)
       VALUES ($1, 'comar_filing', $2, 3, $3), ($1, 'comar_filing', $2, 1, $3)`,
      [application.id, application.deadlines[0].dueOn, lawyerSession.user.id],
    );

    await withScreenshotOnFailure(page, async () => {
      await logInAs(page, lawyerSession.user.email);
      await expect(page.getByTestId('unread-count').textContent()).resolves.toBe('2 sin leer');
      await page.getByTestId('reminders-link').click();
      await page.getByRole('heading', { name: 'Recordatorios' }).waitFor();
      await page
        .getByRole('button', { name: /Marcar como leído/ })
        .first()
        .click();
      await page.locator('[data-testid="reminder"][data-unread="false"]').waitFor();
      await expect(page.getByTestId('unread-count').textContent()).resolves.toBe('1 sin leer');
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
    });
  });

  it('lets a partner accept a referral with a note and download an export encrypted to its key', async () => {
    const organization = await createOrganization(testApp.app, admin, { name: 'Clínica Jurídica del Sur' });
    const service = await createService(testApp.app, admin, organization.id, { name: 'Asesoría ante COMAR' });
    const [client] = await admitted(testApp.app, admin, shelterId, [
      person({ givenNames: 'Heidy Marisol', familyNames: 'Discua Murillo', sex: 'female' }),
    ]);
    const sent = await postReferral(
      testApp.app,
      admin,
      referral(client, service.id, { sharedFields: ['givenNames', 'familyNames', 'nationality'] }),
    );
    expect(sent.statusCode).toBe(201);
    const keys = await partnerKeys();
    const partner = await createPartner(
      testApp.app,
      admin,
      partnerPayload(keys.publicKey, { name: 'Clínica Jurídica del Sur', organizationId: organization.id }),
    );
    const partnerUser = await createUser(testApp.app, { role: 'partner', organizationId: organization.id });

    let worker: INestApplicationContext | undefined;
    try {
      worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(testApp.config), { logger: false });
      await worker.init();
      const asked = await requestExport(testApp.app, admin, exportPayload(partner.id));
      expect(asked.statusCode).toBe(202);
      expect((await waitForExport(testApp.app, admin, asked.json().id, 60_000)).status).toBe('completed');
    } finally {
      await worker?.close();
    }

    await withScreenshotOnFailure(page, async () => {
      await logInAs(page, partnerUser.email);
      await page.getByRole('heading', { name: 'Canalizaciones recibidas' }).waitFor();
      const card = page.getByTestId('inbox-item').filter({ hasText: 'Heidy Marisol Discua Murillo' });
      await card.waitFor();
      await card.getByText('Asesoría ante COMAR').waitFor();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await card.getByLabel(/Nota para el albergue/).fill('Cita el lunes a las 10:00.');
      await card.getByRole('button', { name: 'Aceptar' }).click();
      await card.getByText('Respuesta registrada.').waitFor();
      await card.getByRole('button', { name: 'Atendida' }).waitFor();
      const stored = (
        await testApp.app.inject({ method: 'GET', url: `/api/v1/referrals/${sent.json().id}`, headers: admin.headers })
      ).json();
      expect(stored.status).toBe('accepted');
      expect(stored.history.at(-1)).toMatchObject({ toStatus: 'accepted', note: 'Cita el lunes a las 10:00.' });

      await page.getByRole('navigation').getByRole('link', { name: 'Mis exportaciones' }).click();
      await page.getByRole('heading', { name: 'Exportaciones recibidas' }).waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: /Descargar/ }).click(),
      ]);
      const saved = join(tmpdir(), `roles-export-${Date.now()}.pgp`);
      await download.saveAs(saved);
      expect(download.suggestedFilename()).toMatch(/^albergue-incidents_aggregate-.+\.csv\.pgp$/);
      const text = await decryptFile(readFileSync(saved), keys.privateKey);
      unlinkSync(saved);
      expect(text.split('\n')[0]).toContain('month');
    });
  });

  it('keeps the admin exports list after leaving the page, picks an organization by name, and fits users at 360 px', async () => {
    const organization = await createOrganization(testApp.app, admin, { name: 'Observatorio de Movilidad' });
    const keys = await partnerKeys();
    const partner = await createPartner(
      testApp.app,
      admin,
      partnerPayload(keys.publicKey, { name: 'Observatorio de Movilidad', organizationId: organization.id }),
    );
    await createUser(testApp.app, {
      role: 'coordinator',
      name: 'Coordinadora con un nombre bastante largo de verdad',
      shelterIds: [shelterId],
    });

    await withScreenshotOnFailure(page, async () => {
      await logInAs(page, admin.user.email);
      await page.getByRole('heading', { level: 1, name: 'Usuarios' }).waitFor();
      await page.getByText('Coordinadora con un nombre bastante largo de verdad').waitFor();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await page.getByLabel('Función').selectOption('partner');
      const picker = page.getByLabel('Organización del directorio');
      await picker.selectOption({ label: 'Observatorio de Movilidad' });
      expect(await picker.inputValue()).toBe(organization.id);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);

      await page.getByRole('navigation').getByRole('link', { name: 'Exportaciones', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Exportaciones' }).waitFor();
      await page.getByLabel('Aliado', { exact: true }).selectOption(partner.id);
      await page.getByLabel('Conjunto de datos').selectOption('incidents_aggregate');
      await page.getByLabel('Desde').fill('2026-01-01');
      await page.getByLabel('Hasta').fill('2026-03-31');
      await page.getByRole('button', { name: 'Solicitar exportación' }).click();
      await page.getByText('Exportación solicitada').waitFor();
      const list = page.getByTestId('export-list').getByTestId('export-item');
      await list.filter({ hasText: 'Observatorio de Movilidad' }).first().waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);

      await page.getByRole('navigation').getByRole('link', { name: 'Usuarios' }).click();
      await page.getByRole('heading', { level: 1, name: 'Usuarios' }).waitFor();
      await page.getByRole('navigation').getByRole('link', { name: 'Exportaciones', exact: true }).click();
      await list.filter({ hasText: 'Observatorio de Movilidad' }).first().waitFor();
      await page.reload();
      await list.filter({ hasText: 'Observatorio de Movilidad' }).first().waitFor();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    });
  });
});
