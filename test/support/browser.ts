import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import axe from 'axe-core';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

import { TEST_PASSWORD } from '../factories/user.factory';
import { startTestApp, TestApp } from './test-app';
import { buildWebApp } from './web-build';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RESULTS = join(__dirname, '..', '..', 'test-results');

/** Debian's Chromium, headless; missing, the browser tests fail saying how to get it (never skip). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM_PATH}: install it (apt-get install -y chromium; .ci/run does) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * A phone-sized page (360 px wide) in a fresh context: no storage shared between tests. A test that
 * intercepts the API with page.route blocks the app's service worker (`serviceWorkers: 'block'`):
 * requests that pass through a service worker escape the page's routes.
 */
export async function phonePage(
  browser: Browser,
  baseURL: string,
  options: { serviceWorkers?: 'allow' | 'block' } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 360, height: 740 },
    locale: 'es-MX',
    serviceWorkers: options.serviceWorkers ?? 'allow',
  });
  const page = await context.newPage();
  return { context, page };
}

/** Runs a browser test; on failure saves a screenshot named after the test into test-results/. */
export async function withScreenshotOnFailure(page: Page, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    mkdirSync(RESULTS, { recursive: true });
    const name = (expect.getState().currentTestName ?? 'browser-test').replace(/[^A-Za-z0-9]+/g, '-').slice(0, 120);
    await page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: true }).catch(() => undefined);
    throw error;
  }
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Injects axe-core into the page and answers its serious and critical violations. */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated over the DevTools protocol, which the page's Content-Security-Policy does not govern.
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    // The whole document (axe's default context), in the page where axe was just injected.
    const result = await (globalThis as unknown as { axe: typeof axe }).axe.run();
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      nodes: violation.nodes.map((node) => ({ target: node.target.map(String) })),
    }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

export interface WebTestApp {
  testApp: TestApp;
  browser: Browser;
  baseURL: string;
  close(): Promise<void>;
}

/** Builds the web app, serves it from a test API listening on a free port, and starts Chromium. */
export async function startWebTestApp(env: Record<string, string> = {}): Promise<WebTestApp> {
  const web = buildWebApp();
  const testApp = await startTestApp({ env: { ...env, WEB_DIST_DIR: web.dir } });
  await testApp.app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchChromium().catch(async (error: unknown) => {
    await testApp.close();
    web.remove();
    throw error;
  });
  return {
    testApp,
    browser,
    baseURL: await testApp.app.getUrl(),
    close: async () => {
      await browser.close();
      await testApp.close();
      web.remove();
    },
  };
}

/** Logs in through the login screen, in Spanish (the code field appears when the account has two-factor on). */
export async function logInAs(page: Page, email: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByLabel('Contraseña').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Entrar' }).click();
}
