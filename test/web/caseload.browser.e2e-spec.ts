import { Browser, BrowserContext, Page } from 'playwright-core';

import { admitted, comarApplication, createApplication } from '../factories/asylum.factory';
import { createShelter, person } from '../factories/intake.factory';
import { createUser, loggedInUser, TEST_PASSWORD } from '../factories/user.factory';
import { launchChromium, phonePage, seriousAccessibilityViolations, withScreenshotOnFailure } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';
import { buildWebApp } from '../support/web-build';

jest.setTimeout(90_000);

/** Yesterday in Mexico City, where the deadlines are counted. */
function yesterday(): string {
  const date = new Date(Date.now() - 24 * 3600 * 1000);
  return date.toLocaleDateString('en-CA', { timeZone: 'America/Mexico_City' });
}

describe('web app: a lawyer’s caseload, in Chromium', () => {
  let testApp: TestApp;
  let web: ReturnType<typeof buildWebApp>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    web = buildWebApp();
    testApp = await startTestApp({ env: { WEB_DIST_DIR: web.dir } });
    await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
    ({ context, page } = await phonePage(browser, await testApp.app.getUrl()));
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await testApp?.close();
    web?.remove();
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
      await page.goto('/');
      await page.getByLabel('Correo electrónico').fill(lawyer.email);
      await page.getByLabel('Contraseña').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Entrar' }).click();
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
});
