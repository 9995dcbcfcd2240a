import { Role } from '@albergue/access';
import { VocabularyRegistry } from '@albergue/platform';
import { BrowserContext, Page } from 'playwright-core';

import { admitted, comarApplication, createApplication } from '../factories/asylum.factory';
import { createPartner, partnerKeys, partnerPayload } from '../factories/export.factory';
import { actBy, createIncident, incidentPayload, reviewIncident } from '../factories/incident.factory';
import { createShelter, familyOfFour, person, postIntake } from '../factories/intake.factory';
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

jest.setTimeout(600_000);

type Language = 'es' | 'en';
interface Term {
  code: string;
  label: string;
}

/** Today in central Mexico (YYYY-MM-DD). */
const todayInMexico = (): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Mexico_City', dateStyle: 'short' }).format(new Date());

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A whole word: not part of a longer run of letters, digits, `_` or `-`. */
const wholeWord = (word: string) => new RegExp(`(?<![\\p{L}\\p{N}_-])${escapeRegExp(word)}(?![\\p{L}\\p{N}_-])`, 'u');

/**
 * The codes that must never be read on screen in a language: each vocabulary code that is not its
 * own label there (`Chiapas` is both) nor a word of some label (`legal`). In English a plain word
 * code (`filed`) may be ordinary text, so only codes no sentence holds are sought: with `_`,
 * capitals or digits (`MX_COMAR`, `inm_agent`); in Spanish every code, and `comar filing` too.
 */
function rawCodePatterns(vocabularies: Map<string, Term[]>, language: Language): { code: string; pattern: RegExp }[] {
  const labels = [...vocabularies.values()].flat().map((term) => term.label);
  const inSomeLabel = (word: string) => labels.some((label) => label === word || wholeWord(word).test(label));
  const patterns: { code: string; pattern: RegExp }[] = [];
  for (const [name, terms] of vocabularies) {
    for (const { code } of terms) {
      if (inSomeLabel(code)) continue;
      if (language === 'en' && !/[_A-Z0-9]/.test(code)) continue;
      patterns.push({ code: `${name}:${code}`, pattern: wholeWord(code) });
      const spaced = code.replace(/_/g, ' ');
      if (language === 'es' && spaced !== code && !inSomeLabel(spaced)) {
        patterns.push({ code: `${name}:${spaced}`, pattern: wholeWord(spaced) });
      }
    }
  }
  return patterns;
}

/** A message key or a template on screen: `lateJustification`, `sex_female`, `{cases}`, `undefined`. */
const UNTRANSLATED = [
  /(?<![\p{L}\p{N}_-])[a-z]+[A-Z][A-Za-z]*(?![\p{L}\p{N}_-])/u,
  /\{\w+\}/,
  /(?<![\p{L}\p{N}_-])(undefined|null|NaN|\[object Object\])(?![\p{L}\p{N}_-])/u,
];

interface Findings {
  rawCodes: string[];
  untranslated: string[];
  accessibility: string[];
  tapTargets: string[];
  overflow: string[];
}

describe('web app: every screen of every role, at 360 px, in Spanish and English', () => {
  let web: WebTestApp;
  let testApp: TestApp;
  let admin: LoggedIn;
  const users = {} as Record<Role, { email: string }>;
  const vocabularies = {} as Record<Language, Map<string, Term[]>>;
  let shelterId: string;

  beforeAll(async () => {
    web = await startWebTestApp();
    testApp = web.testApp;
    admin = await loggedInUser(testApp.app, { role: 'admin', name: 'Administración Prueba' });
    const shelter = await createShelter(testApp.app, admin, { code: 'PAL', name: 'Albergue La Sombra' });
    shelterId = shelter.id;
    users.admin = admin.user;
    const coordinator = await loggedInUser(testApp.app, {
      role: 'coordinator',
      shelterIds: [shelterId],
      name: 'Coordinadora Prueba',
    });
    users.coordinator = coordinator.user;
    const worker = await loggedInUser(testApp.app, {
      role: 'shelter_worker',
      shelterIds: [shelterId],
      name: 'Trabajadora Prueba',
    });
    users.shelter_worker = worker.user;
    const lawyer = await createUser(testApp.app, { role: 'lawyer', name: 'Licenciada Prueba' });
    users.lawyer = lawyer;

    // Residents, a lone teenager among them; an application with deadlines for the lawyer.
    expect((await postIntake(testApp.app, worker, familyOfFour(shelterId))).statusCode).toBe(201);
    // A family arrived last week: four arrivals of one nationality, a cell under 5 on the dashboard.
    const lastWeek = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Mexico_City', dateStyle: 'short' }).format(
      new Date(Date.now() - 8 * 24 * 3600 * 1000),
    );
    expect(
      (await postIntake(testApp.app, worker, familyOfFour(shelterId, `${lastWeek}T10:00:00-06:00`))).statusCode,
    ).toBe(201);
    const [applicant] = await admitted(testApp.app, admin, shelterId, [
      person({ givenNames: 'Edwin Josué', familyNames: 'Martínez Orellana' }),
    ]);
    await createApplication(testApp.app, admin, comarApplication(applicant, { lawyerId: lawyer.id }));

    // Incidents: one with a child victim waiting for review, one verified (a count of 1: suppressed).
    await createIncident(
      testApp.app,
      worker,
      incidentPayload(shelterId, {
        occurredOn: todayInMexico(),
        acts: [
          {
            type: 'extortion',
            victim: { sex: 'female', ageBand: '12-17' },
            perpetrators: [{ type: 'municipal_police', count: 2 }],
          },
        ],
        consent: { level: 'anonymous' },
      }),
    );
    const verified = await createIncident(
      testApp.app,
      worker,
      incidentPayload(shelterId, { occurredOn: todayInMexico(), acts: [actBy('organized_crime', 'kidnapping')] }),
    );
    expect((await reviewIncident(testApp.app, coordinator, verified)).statusCode).toBe(200);

    // A partner organization with a service, a referral to it, and its user.
    const organization = await createOrganization(testApp.app, admin);
    const service = await createService(testApp.app, admin, organization.id);
    expect((await postReferral(testApp.app, worker, referral(applicant, service.id))).statusCode).toBe(201);
    const keys = await partnerKeys();
    await createPartner(testApp.app, admin, partnerPayload(keys.publicKey, { organizationId: organization.id }));
    users.partner = await createUser(testApp.app, {
      role: 'partner',
      organizationId: organization.id,
      name: 'Aliada Prueba',
    });

    for (const language of ['es', 'en'] as const) {
      vocabularies[language] = new Map();
      // Every vocabulary a module registered: one added later is checked too.
      for (const name of testApp.app.get(VocabularyRegistry).names()) {
        const response = await testApp.app.inject({
          method: 'GET',
          url: `/api/v1/vocabularies/${name}`,
          headers: { ...admin.headers, 'accept-language': language },
        });
        expect(response.statusCode).toBe(200);
        vocabularies[language].set(name, response.json());
      }
    }
    expect(vocabularies.es.size).toBeGreaterThanOrEqual(20);
  });
  afterAll(async () => {
    await web?.close();
  });

  async function withPhone(work: (page: Page) => Promise<void>): Promise<void> {
    const { context, page }: { context: BrowserContext; page: Page } = await phonePage(web.browser, web.baseURL);
    try {
      await withScreenshotOnFailure(page, () => work(page));
    } finally {
      await context.close();
    }
  }

  /** Waits until the screen has its heading and its requests have settled. */
  async function settle(page: Page): Promise<void> {
    await page.locator('main h1, main h2').first().waitFor({ timeout: 15000 });
    await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => undefined);
    await page.waitForTimeout(200);
  }

  /** The screens of the menu, then one of each kind that their links open (an application, a person...). */
  async function screensOf(page: Page): Promise<string[]> {
    await page.locator('nav a').first().waitFor();
    const menu = await page.locator('nav a').evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
    const screens = [...menu];
    const kinds = new Set(screens.map(kindOf));
    for (const path of menu) {
      await page.goto(path);
      await settle(page);
      const links = await page
        .locator('main a[href^="/"]:not([download])')
        .evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')!));
      for (const link of links) {
        const target = link.split(/[?#]/)[0];
        if (target.startsWith('/api/') || kinds.has(kindOf(target))) continue;
        kinds.add(kindOf(target));
        screens.push(target);
      }
    }
    return screens;
  }
  const kindOf = (path: string) => path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id');

  async function inspect(page: Page, path: string, language: Language, findings: Findings): Promise<void> {
    await page.goto(path);
    await settle(page);
    const where = `${language} ${path}`;
    // Emails and the test client's user agent (on the list of logins) are data, not labels.
    const text = (await page.locator('body').innerText()).replace(/\S+@\S+|lightMyRequest/g, ' ');
    for (const { code, pattern } of rawCodePatterns(vocabularies[language], language)) {
      const found = pattern.exec(text);
      if (found)
        findings.rawCodes.push(
          `${where}: ${code} in "…${text.slice(Math.max(0, found.index - 30), found.index + 40)}…"`,
        );
    }
    for (const pattern of UNTRANSLATED) {
      const found = pattern.exec(text);
      if (found) findings.untranslated.push(`${where}: "${found[0]}"`);
    }
    if (language === 'es') {
      for (const violation of await seriousAccessibilityViolations(page)) {
        findings.accessibility.push(`${where}: ${violation.id} (${violation.help}) at ${violation.nodes[0]?.target}`);
      }
    }
    const small = await page
      .locator(
        'nav a, header button, header select, main button, main select, main summary, main label.check, ' +
          'main input:not([type=checkbox]):not([type=radio]):not([type=hidden]):not([type=file])',
      )
      .evaluateAll((elements) =>
        elements
          .map((element) => ({ element, box: element.getBoundingClientRect() }))
          .filter(({ box }) => box.width > 0 && box.height > 0 && box.height < 43.5)
          .map(
            ({ element, box }) =>
              `${element.tagName.toLowerCase()} "${(element.textContent ?? '').trim().slice(0, 30)}" ${Math.round(box.height)} px`,
          ),
      );
    findings.tapTargets.push(...small.map((item) => `${where}: ${item}`));
    const width = await page.locator('html').evaluate((html) => html.scrollWidth);
    if (width > 361) {
      // Name the elements that stick out of an element that does not: where the overflow starts.
      const culprits = await page.locator('body *').evaluateAll((elements) =>
        elements
          .filter((element) => {
            const parent = element.parentElement;
            return element.getBoundingClientRect().right > 361 && parent && parent.getBoundingClientRect().right <= 361;
          })
          .slice(0, 3)
          .map(
            (element) =>
              `${element.tagName.toLowerCase()}.${element.className} "${(element.textContent ?? '').slice(0, 30)}"`,
          ),
      );
      findings.overflow.push(`${where}: ${width} px wide, from ${culprits.join(', ')}`);
    }
  }

  async function walk(role: Role): Promise<Findings> {
    const findings: Findings = { rawCodes: [], untranslated: [], accessibility: [], tapTargets: [], overflow: [] };
    await withPhone(async (page) => {
      await logInAs(page, users[role].email);
      const screens = await screensOf(page);
      expect(screens.length).toBeGreaterThan(0);
      for (const path of screens) await inspect(page, path, 'es', findings);
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('button', { name: 'Español' }).waitFor();
      for (const path of screens) await inspect(page, path, 'en', findings);
      process.stdout.write(`${role}: ${screens.length} screens checked in es and en: ${screens.join(' ')}\n`);
    });
    return findings;
  }

  it.each(['coordinator', 'shelter_worker', 'admin', 'lawyer', 'partner'] as Role[])(
    'as %s: every screen shows labels, not codes or message keys; axe finds nothing serious; taps are 44 px',
    async (role) => {
      // One assertion, so that a failure lists every kind of finding at once.
      expect(await walk(role)).toEqual({
        rawCodes: [],
        untranslated: [],
        accessibility: [],
        tapTargets: [],
        overflow: [],
      });
    },
  );

  it('a coordinator sees the dashboard: occupancy and arrivals drawn, a count under 5 shown as hidden, never as 0', async () => {
    await withPhone(async (page) => {
      await logInAs(page, users.coordinator.email);
      await page.getByRole('link', { name: 'Panel' }).click();
      await page.getByRole('heading', { name: 'Panel de coordinación' }).waitFor();
      // A steady head count draws a flat line: present in the page, though a flat line has no height to be 'visible'.
      const line = page.getByTestId('occupancy-chart').locator('polyline');
      await line.waitFor({ state: 'attached' });
      expect((await line.getAttribute('points'))!.split(' ')).toHaveLength(90);
      await page.getByTestId('arrivals-chart').waitFor();
      await expect(page.getByText('Ocupación, últimos 90 días').isVisible()).resolves.toBe(true);
      await expect(page.getByRole('heading', { name: 'Menores presentes' }).isVisible()).resolves.toBe(true);

      // One verified kidnapping by organized crime this year: a count of 1, drawn hatched and said hidden.
      const perpetrators = page.getByTestId('perpetrator-chart');
      await perpetrators.locator('g[data-suppressed="true"]').first().waitFor();
      await perpetrators.getByText('Ver los datos en una tabla').click();
      const row = perpetrators.getByRole('row', { name: /Crimen organizado/i });
      await expect(row.textContent()).resolves.toContain('menos de 5 (oculto)');
      await expect(row.textContent()).resolves.not.toMatch(/\b0\b/);
      await expect(page.getByTestId('act-chart').locator('g[data-suppressed="true"]').count()).resolves.toBe(1);

      // Today: two families of four and the applicant; last week's family is a hidden cell of the arrivals.
      await expect(page.getByText(/hoy 9 de 100 lugares/).isVisible()).resolves.toBe(true);
      await expect(page.getByTestId('arrivals-chart').locator('g[data-suppressed="true"]').count()).resolves.toBe(1);
      await page.screenshot({ path: '/tmp/coord-dashboard-es.png', fullPage: true });
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'Coordinator dashboard' }).waitFor();
      // The table opened above stays open across the switch.
      await expect(
        page
          .getByTestId('perpetrator-chart')
          .getByRole('row', { name: /Organized crime/i })
          .textContent(),
      ).resolves.toContain('fewer than 5 (hidden)');
    });
  });

  it('review shows the perpetrators, the child victim and the consent in force; a field error is a sentence by its field', async () => {
    await withPhone(async (page) => {
      await logInAs(page, users.coordinator.email);
      await page.getByRole('link', { name: 'Revisión' }).click();
      const card = page.locator('.cards li').first();
      await card.waitFor();
      await expect(card.textContent()).resolves.toContain('Policía municipal');
      await expect(card.getByTestId('child-victim').textContent()).resolves.toBe('Víctima menor de edad');
      await card.getByRole('button', { name: 'Abrir' }).click();
      const facts = card.getByTestId('incident-facts');
      await facts.waitFor();
      await expect(facts.textContent()).resolves.toContain('Víctima sin registro: Mujer, 12-17 años');
      await expect(facts.textContent()).resolves.toMatch(/Policía municipal[^,]*\(2\)/);
      await expect(facts.getByTestId('consent-in-force').textContent()).resolves.toContain(
        'Consentimiento vigente: Solo datos anónimos',
      );

      // A note of blanks passes the browser's `required` but not the API: the answer names the field by its label.
      await card.getByLabel('Verificado').check();
      await card.getByLabel('Nota').fill('   ');
      await card.getByRole('button', { name: 'Guardar' }).click();
      const fieldError = card.locator('.field-error');
      await fieldError.waitFor();
      await expect(fieldError.textContent()).resolves.toBe('Falta Nota.');
      await expect(card.getByLabel('Nota').getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(card.getByRole('alert').textContent()).resolves.not.toMatch(/\bnote\b/);
      await page.screenshot({ path: '/tmp/coord-review-es.png', fullPage: true });
    });
  });
});
