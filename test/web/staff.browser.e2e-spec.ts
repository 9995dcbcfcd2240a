import { BrowserContext, Page } from 'playwright-core';

import { admitted, comarApplication, createApplication } from '../factories/asylum.factory';
import { createIncident, incidentPayload } from '../factories/incident.factory';
import { createShelter, person } from '../factories/intake.factory';
import { createUser, loggedInUser } from '../factories/user.factory';
import {
  logInAs,
  phonePage,
  seriousAccessibilityViolations,
  startWebTestApp,
  WebTestApp,
  withScreenshotOnFailure,
} from '../support/browser';
import { TestApp } from '../support/test-app';

jest.setTimeout(90_000);

/** Yesterday in Mexico City, where the deadlines are counted. */
function yesterday(): string {
  const date = new Date(Date.now() - 24 * 3600 * 1000);
  return date.toLocaleDateString('en-CA', { timeZone: 'America/Mexico_City' });
}

describe('web app: the screens of lawyers, coordinators and admins, in Chromium', () => {
  let web: WebTestApp;
  let testApp: TestApp;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    web = await startWebTestApp();
    testApp = web.testApp;
    ({ context, page } = await phonePage(web.browser, web.baseURL));
  });
  afterAll(async () => {
    await context?.close();
    await web?.close();
  });

  afterEach(async () => {
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.getByRole('button', { name: 'Entrar' }).waitFor();
  });

  it('shows the soonest deadline first, the overdue one in red, and offers only the events the status allows', async () => {
    const admin = await loggedInUser(testApp.app, { role: 'admin' });
    const shelter = await createShelter(testApp.app, admin, { code: 'PAL' });
    const lawyer = await createUser(testApp.app, { role: 'lawyer', name: 'Licenciada Prueba' });
    const [late, recent] = await admitted(testApp.app, admin, shelter.id, [
      person({ givenNames: 'Edwin Josué', familyNames: 'Martínez Orellana' }),
      person({ givenNames: 'Keila Yamileth', familyNames: 'Orellana Cruz', sex: 'female' }),
    ]);
    const overdue = await createApplication(
      testApp.app,
      admin,
      comarApplication(late, { lawyerId: lawyer.id, enteredCountryOn: '2026-01-05' }),
    );
    await createApplication(
      testApp.app,
      admin,
      comarApplication(recent, { lawyerId: lawyer.id, enteredCountryOn: yesterday() }),
    );

    await withScreenshotOnFailure(page, async () => {
      await logInAs(page, lawyer.email);
      await page.getByRole('heading', { name: 'Mis casos por próximo plazo' }).waitFor();

      const cards = page.getByTestId('caseload').getByRole('listitem');
      await cards.filter({ hasText: 'Keila Yamileth' }).first().waitFor();
      const first = cards.first();
      expect(await first.getAttribute('data-overdue')).toBe('true');
      await expect(first.textContent()).resolves.toContain('Edwin Josué Martínez Orellana');
      await expect(first.locator('.due').textContent()).resolves.toContain('Vencido');
      expect(
        await first
          .locator('.due')
          .evaluate(
            (node) =>
              (globalThis as unknown as { getComputedStyle(element: unknown): { color: string } }).getComputedStyle(
                node,
              ).color,
          ),
      ).toBe('rgb(164, 0, 29)');
      expect(await cards.last().getAttribute('data-overdue')).toBe('false');
      expect(await seriousAccessibilityViolations(page)).toEqual([]);

      await first.getByRole('link', { name: /Abrir/ }).click();
      await page.getByRole('heading', { name: /Solicitud de asilo: Edwin Josué/ }).waitFor();
      const offered = await page
        .getByLabel('Evento')
        .locator('option')
        .evaluateAll((options) => options.map((option) => (option as unknown as { value: string }).value));
      expect(offered.filter(Boolean).sort()).toEqual([...overdue.allowedEvents].sort());
      expect(await seriousAccessibilityViolations(page)).toEqual([]);

      await page.getByLabel('Evento', { exact: true }).selectOption('filed');
      await page.getByLabel('Justificación del retraso').fill('Llegó herido y fue hospitalizado.');
      await page.getByRole('button', { name: 'Guardar' }).click();
      await page.getByText('Evento registrado.').waitFor();
      await page.getByTestId('status').filter({ hasNotText: overdue.status }).waitFor();
    });
  });

  it('lets a coordinator verify an incident waiting for review, and an admin open every admin screen', async () => {
    const admin = await loggedInUser(testApp.app, { role: 'admin' });
    const shelter = await createShelter(testApp.app, admin, { code: 'TEN' });
    const coordinator = await createUser(testApp.app, { role: 'coordinator', shelterIds: [shelter.id] });
    await createIncident(testApp.app, admin, incidentPayload(shelter.id));

    await withScreenshotOnFailure(page, async () => {
      await logInAs(page, coordinator.email);
      await page.getByRole('link', { name: 'Revisión' }).click();
      await page.getByRole('heading', { name: 'Incidentes por revisar' }).waitFor();
      await page.getByRole('button', { name: 'Abrir' }).click();
      await page.locator('blockquote').waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await page.getByLabel('Verificado').check();
      await page.getByLabel('Nota').fill('Coincide con la constancia médica.');
      await page.getByRole('button', { name: 'Guardar' }).click();
      await page.getByText('Revisión registrada.').waitFor();
      await page.getByText('No hay incidentes esperando revisión.').waitFor();
      await page.getByRole('button', { name: 'Cerrar sesión' }).click();

      await logInAs(page, admin.user.email);
      for (const [link, heading] of [
        ['Usuarios', 'Usuarios'],
        ['Albergues', 'Albergues'],
        ['Aliados', 'Organizaciones aliadas'],
        ['Exportaciones', 'Exportaciones'],
      ]) {
        await page.getByRole('navigation').getByRole('link', { name: link, exact: true }).click();
        await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
        expect(await seriousAccessibilityViolations(page)).toEqual([]);
      }
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { level: 1, name: 'Exports' }).waitFor();
      expect(
        await page.evaluate(
          () =>
            (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement
              .lang,
        ),
      ).toBe('en');
      await page.getByRole('button', { name: 'Español' }).click();
    });
  });
});
