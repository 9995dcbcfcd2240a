import { BrowserContext, Page } from 'playwright-core';

import { createUser, totpCode } from '../factories/user.factory';
import {
  logInAs,
  phonePage,
  seriousAccessibilityViolations,
  startWebTestApp,
  WebTestApp,
  withScreenshotOnFailure,
} from '../support/browser';

jest.setTimeout(120_000);

describe('web app: two-factor sign-in, in Chromium', () => {
  let web: WebTestApp;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    web = await startWebTestApp({ TOTP_REQUIRED_ROLES: 'admin,coordinator,lawyer' });
    ({ context, page } = await phonePage(web.browser, web.baseURL));
  });
  afterAll(async () => {
    await context?.close();
    await web?.close();
  });

  it('leads an admin signing in for the first time through enrollment to the admin screens', async () => {
    const admin = await createUser(web.testApp.app, { role: 'admin', name: 'Ana Admin' });
    const worker = await createUser(web.testApp.app, { role: 'shelter_worker' });
    await withScreenshotOnFailure(page, async () => {
      await logInAs(page, admin.email);
      await page.getByRole('heading', { name: 'Active la verificación en dos pasos' }).waitFor();
      // Nothing else is offered until two-factor is on.
      expect(await page.getByRole('link', { name: 'Usuarios' }).count()).toBe(0);
      await page.getByRole('button', { name: 'Activar la verificación en dos pasos' }).click();
      const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(await page.getByRole('img', { name: 'Código QR para la aplicación de autenticación' }).isVisible()).toBe(
        true,
      );
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await page.getByLabel('Código de verificación (6 cifras) o código de recuperación').fill(totpCode(secret));
      await page.getByRole('button', { name: 'Confirmar' }).click();
      await page.getByRole('heading', { name: 'Códigos de recuperación' }).waitFor();
      expect(await page.getByTestId('recovery-codes').getByRole('listitem').count()).toBe(10);
      await page.getByRole('button', { name: 'Ya los guardé: continuar' }).click();
      await page.getByRole('link', { name: 'Usuarios' }).waitFor();
      await page.getByRole('cell', { name: worker.email, exact: true }).waitFor();

      // The admin hands a reset token to a user who forgot the password: shown once, on the screen.
      await page.getByRole('button', { name: `Restablecer contraseña ${worker.email}` }).click();
      const notice = (await page.getByTestId('account-notice').textContent()) ?? '';
      const token = /: (\S+)$/.exec(notice)![1];
      const reset = await web.testApp.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password-reset',
        payload: { resetToken: token, newPassword: 'una frase nueva para la recepción' },
      });
      expect(reset.statusCode).toBe(204);

      // The next login asks for the code once the password is right.
      await page.getByRole('button', { name: 'Cerrar sesión' }).click();
      await logInAs(page, admin.email);
      const code = page.getByLabel('Código de verificación (6 cifras) o código de recuperación');
      await code.waitFor();
      await code.fill(totpCode(secret, 1));
      await page.getByRole('button', { name: 'Entrar' }).click();
      await page.getByRole('link', { name: 'Usuarios' }).waitFor();
      await page.getByRole('link', { name: 'Mi cuenta' }).click();
      await page.getByRole('heading', { name: 'Sesiones abiertas' }).waitFor();
      await page.getByRole('cell', { name: 'Esta sesión' }).waitFor();
    });
  });
});
