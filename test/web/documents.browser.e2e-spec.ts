import { readFileSync } from 'node:fs';

import { BrowserContext, Page } from 'playwright-core';

import { admitted, comarApplication, createApplication } from '../factories/asylum.factory';
import { pngBytes } from '../factories/document.factory';
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

jest.setTimeout(90_000);

describe('web app: the documents of an asylum application, on a phone, in Chromium', () => {
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

  it('uploads a photo from a file, lists it and downloads it as it was stored, with no serious accessibility issue', async () => {
    const { app } = web.testApp;
    const admin = await loggedInUser(app, { role: 'admin' });
    const shelter = await createShelter(app, admin, { code: 'PAL' });
    const lawyer = await createUser(app, { role: 'lawyer', name: 'Licenciada Prueba' });
    const [applicant] = await admitted(app, admin, shelter.id, [
      person({ givenNames: 'Edwin Josué', familyNames: 'Martínez Orellana' }),
    ]);
    const application = await createApplication(app, admin, comarApplication(applicant, { lawyerId: lawyer.id }));
    const png = await pngBytes(64, 48);

    await withScreenshotOnFailure(page, async () => {
      await logInAs(page, lawyer.email);
      await page.getByRole('heading', { name: 'Mis casos por próximo plazo' }).waitFor();
      await page.goto(`/applications/${application.id}`);
      await page.getByRole('heading', { name: 'Documentos' }).waitFor();
      await page.getByText('Todavía no hay documentos.').waitFor();
      // The camera button opens the phone's rear camera (capture=environment); the other one any file.
      expect(await page.getByTestId('document-camera').getAttribute('capture')).toBe('environment');

      await page.getByLabel('Título (opcional)').fill('Constancia de trámite');
      const [chooser] = await Promise.all([
        page.waitForEvent('filechooser'),
        page.getByRole('button', { name: 'Elegir archivo' }).click(),
      ]);
      await chooser.setFiles({ name: 'constancia.png', mimeType: 'image/png', buffer: png });
      await page.getByText('Documento guardado.').waitFor();
      const card = page.getByTestId('documents').getByRole('listitem').filter({ hasText: 'Constancia de trámite' });
      await card.waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await page.screenshot({ path: '/tmp/albergue-documents-panel-360.png', fullPage: true });

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        card.getByRole('button', { name: 'Descargar' }).click(),
      ]);
      const stored = (
        await app.inject({
          method: 'GET',
          url: `/api/v1/documents/${(await app.inject({ method: 'GET', url: `/api/v1/documents?ownerType=asylum_application&ownerId=${application.id}`, headers: admin.headers })).json().items[0].id}/content`,
          headers: admin.headers,
        })
      ).rawPayload;
      expect(readFileSync((await download.path())!).equals(stored)).toBe(true);
      expect(download.suggestedFilename()).toBe('Constancia de trámite.png');
      // A lawyer may not delete: no delete button is offered.
      expect(await card.getByRole('button', { name: 'Borrar' }).count()).toBe(0);
    });
  });
});
