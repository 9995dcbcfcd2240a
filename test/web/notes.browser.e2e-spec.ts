import { readFileSync } from 'node:fs';

import { BrowserContext, Page } from 'playwright-core';

import { admitted, comarApplication, createApplication } from '../factories/asylum.factory';
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

jest.setTimeout(120_000);

describe('web app: case notes and the printed summary on the application page, in Chromium', () => {
  let web: WebTestApp;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    web = await startWebTestApp();
    ({ context, page } = await phonePage(web.browser, web.baseURL));
  });
  afterAll(async () => {
    await context?.close();
    await web?.close();
  });

  it('a lawyer adds a legal note, sees it, corrects it and downloads the application’s PDF at 360 px', async () => {
    const testApp = web.testApp;
    const admin = await loggedInUser(testApp.app, { role: 'admin' });
    const shelter = await createShelter(testApp.app, admin, { code: 'PAL' });
    const lawyer = await createUser(testApp.app, { role: 'lawyer', name: 'Licenciada Notas' });
    const [client] = await admitted(testApp.app, admin, shelter.id, [
      person({ givenNames: 'Edwin Josué', familyNames: 'Martínez Orellana' }),
    ]);
    const application = await createApplication(testApp.app, admin, comarApplication(client, { lawyerId: lawyer.id }));

    await withScreenshotOnFailure(page, async () => {
      await logInAs(page, lawyer.email);
      await page.getByRole('heading', { name: 'Mis casos por próximo plazo' }).waitFor();
      await page.goto(`/applications/${application.id}`);
      await page.getByRole('heading', { name: /Solicitud de asilo: Edwin Josué/ }).waitFor();
      const panel = page.getByTestId('notes-panel');
      await panel.getByText('Ninguna nota que usted pueda leer.').waitFor();
      // A lawyer writes legal notes only: the form offers nothing else.
      const offered = await panel
        .getByLabel('Tipo de nota')
        .locator('option')
        .evaluateAll((options) => options.map((option) => (option as unknown as { value: string }).value));
      expect(offered).toEqual(['legal']);

      await panel.getByLabel('Texto de la nota').fill('Teme volver: la mara amenazó a su hermano.');
      await panel.getByRole('button', { name: 'Agregar nota' }).click();
      await panel.getByText('Nota guardada.').waitFor();
      const note = panel.getByTestId('note').filter({ hasText: 'la mara amenazó' });
      await note.waitFor();
      await expect(note.textContent()).resolves.toContain('Legal');
      await expect(note.textContent()).resolves.toContain('Licenciada Notas');

      await note.getByRole('button', { name: 'Corregir' }).click();
      await panel.getByText(/Corrige la nota del/).waitFor();
      await panel.getByLabel('Texto de la nota').fill('Amenazaron a su hermano y a su madre.');
      await panel.getByRole('button', { name: 'Agregar nota' }).click();
      await panel
        .getByTestId('note')
        .filter({ hasText: 'y a su madre' })
        .getByText('Corrige una nota anterior')
        .waitFor();
      await note.getByText(/Corregida después/).waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      const width = await page.evaluate(
        () =>
          (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement
            .scrollWidth,
      );
      expect(width).toBeLessThanOrEqual(360);
      await page.screenshot({ path: '/tmp/notes-application-360.png', fullPage: true });

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Imprimir resumen (PDF)' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`solicitud-${application.id}.pdf`);
      const file = readFileSync((await download.path())!);
      expect(file.subarray(0, 5).toString()).toBe('%PDF-');
      await page.getByText(`PDF listo: solicitud-${application.id}.pdf`).waitFor();
    });
  });
});
