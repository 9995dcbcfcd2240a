import { Client } from 'pg';
import { BrowserContext, Page } from 'playwright-core';

import { createIncident, incidentPayload } from '../factories/incident.factory';
import { createShelter, familyOfFour, person, postIntake, ShelterView } from '../factories/intake.factory';
import { createOrganization, createService } from '../factories/referral.factory';
import { createUser, loggedInUser, LoggedIn, logIn as apiLogIn, TEST_PASSWORD } from '../factories/user.factory';
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

/** The desk on a bad phone on a bad line (issue 16): offline shell, lone minors, the person page. */
describe('web app: the desk at 360 px, offline and online', () => {
  let web: WebTestApp;
  let testApp: TestApp;
  let db: Client;
  let admin: LoggedIn;
  let palenque: ShelterView;
  let tenosique: ShelterView;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    web = await startWebTestApp();
    testApp = web.testApp;
    db = new Client({ connectionString: testApp.config.databaseUrl });
    await db.connect();
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    palenque = await createShelter(testApp.app, admin, { code: 'PAL', capacity: 40 });
    tenosique = await createShelter(testApp.app, admin, { code: 'TEN', capacity: 40 });
  });
  afterAll(async () => {
    await db?.end();
    await web?.close();
  });
  beforeEach(async () => {
    ({ context, page } = await phonePage(web.browser, web.baseURL));
  });
  afterEach(async () => {
    await context.close();
  });

  const worker = (shelterIds = [palenque.id]) => createUser(testApp.app, { role: 'shelter_worker', shelterIds });

  async function logIn(email: string): Promise<void> {
    await logInAs(page, email);
    await page.getByRole('heading', { name: 'Registrar llegada de un grupo' }).waitFor();
    await page.getByRole('group', { name: 'Motivos de salida' }).waitFor();
  }

  async function fillMember(
    n: number,
    member: { given: string; family: string; sex: string; birthDate?: string; birthYear?: string },
  ): Promise<void> {
    const fieldset = page.getByTestId(`member-${n}`);
    await fieldset.getByLabel('Nombres').fill(member.given);
    await fieldset.getByLabel('Apellidos').fill(member.family);
    await fieldset.getByLabel('Sexo').selectOption(member.sex);
    if (member.birthDate) await fieldset.getByLabel('Fecha de nacimiento').fill(member.birthDate);
    if (member.birthYear) await fieldset.getByLabel('Año de nacimiento (aproximado)').fill(member.birthYear);
    await fieldset.getByLabel('Nacionalidad').selectOption('HN');
  }

  const householdsNamed = async (familyNames: string): Promise<number> =>
    (
      await db.query(
        `SELECT count(DISTINCT hm.household_id)::int AS n FROM household_members hm
           JOIN persons p ON p.id = hm.person_id WHERE p.family_names = $1`,
        [familyNames],
      )
    ).rows[0].n;

  /** The element that has the focus, and whether it is on screen. */
  const focused = () =>
    page.evaluate(() => {
      const { document, window } = globalThis as any;
      const element = document.activeElement;
      const box = element.getBoundingClientRect();
      return {
        tag: element.tagName,
        label: element.id ? document.querySelector(`label[for="${element.id}"]`)?.textContent : null,
        text: element.textContent ?? '',
        top: Math.round(box.top),
        visible: box.bottom > 0 && box.top < window.innerHeight,
      };
    });

  it('reloads the desk offline from its service worker, registers a group there and sends it back online', async () => {
    const user = await worker();
    await withScreenshotOnFailure(page, async () => {
      await logIn(user.email);
      const manifest = await page.evaluate(async () => {
        const link = (globalThis as any).document.querySelector('link[rel="manifest"]');
        return link ? ((await (await fetch(link.href)).json()) as { start_url: string; display: string }) : null;
      });
      expect(manifest).toMatchObject({ start_url: '/desk', display: 'standalone' });
      await page.waitForFunction(() => (globalThis as any).navigator.serviceWorker.controller !== null, undefined, {
        timeout: 30_000,
      });

      await context.setOffline(true);
      const reloaded = await page.reload();
      expect(reloaded?.fromServiceWorker()).toBe(true);
      await page.getByRole('heading', { name: 'Registrar llegada de un grupo' }).waitFor();
      // The API is never answered from a cache: offline, it is simply out of reach.
      expect(
        await page.evaluate(() =>
          fetch('/api/v1/health').then(
            () => 'answered',
            () => 'unreachable',
          ),
        ),
      ).toBe('unreachable');
      expect(await seriousAccessibilityViolations(page)).toEqual([]);

      await fillMember(1, { given: 'Rosa Elvira', family: 'Sin Señal', sex: 'female', birthDate: '1991-04-04' });
      await page.getByRole('button', { name: 'Registrar grupo' }).click();
      // The key left with the old page: the password, typed again, seals the group on the device.
      await page.getByRole('heading', { name: 'Confirme su contraseña para guardar en este equipo' }).waitFor();
      await page.getByLabel('Contraseña', { exact: true }).fill('no es la contraseña');
      await page.getByRole('button', { name: 'Confirmar' }).click();
      await page.getByText('La contraseña no coincide').waitFor();
      await page.getByLabel('Contraseña', { exact: true }).fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Confirmar' }).click();
      await page.getByText('Sin conexión: el registro se guardó en este equipo').waitFor();
      await page.getByTestId('pending-intakes').getByRole('listitem').waitFor();
      expect(await householdsNamed('Sin Señal')).toBe(0);

      await context.setOffline(false);
      const sent = page.getByText(/Se envió un registro pendiente/);
      await expect(sent.textContent()).resolves.toMatch(/PAL-\d{4}-\d{6}/);
      await page.getByTestId('pending-intakes').waitFor({ state: 'detached' });
    });
    expect(await householdsNamed('Sin Señal')).toBe(1);
  });

  it('moves an old clear-text queue of the user into the sealed one at login, and sends it once', async () => {
    const user = await worker();
    const body = {
      shelterId: palenque.id,
      arrivedAt: '2026-03-02T10:00:00-06:00',
      members: [{ person: person({ givenNames: 'Ulises', familyNames: 'Cola Vieja' }), relationship: 'head' }],
      reasonsForLeaving: [],
      vulnerabilities: [],
      previousDeportations: [],
    };
    await withScreenshotOnFailure(page, async () => {
      await page.goto('/');
      await page.evaluate(
        ([userId, item]) => localStorage.setItem(`albergue.pending-intakes.${userId}`, JSON.stringify([item])),
        [user.id, { key: crypto.randomUUID(), body, queuedAt: new Date().toISOString() }] as const,
      );
      await logIn(user.email);
      await page.getByText(/Se envió un registro pendiente/).waitFor();
      expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);
    });
    expect(await householdsNamed('Cola Vieja')).toBe(1);
  });

  it('warns while a lone minor is typed, brings the answer into view, marks the minor and asks at check-out', async () => {
    const user = await worker();
    await withScreenshotOnFailure(page, async () => {
      await logIn(user.email);
      const alert = page.getByTestId('minor-alert');
      await fillMember(1, { given: 'Kevin Josué', family: 'Solo Camino', sex: 'male', birthYear: '2010' });
      expect(await alert.getAttribute('aria-live')).toBe('assertive');
      await expect(alert.textContent()).resolves.toMatch(/Integrante 1 \(Kevin Josué Solo Camino, \d+ años o menos\)/);
      await expect(alert.textContent()).resolves.toContain('menor no acompañado');
      expect(await alert.isVisible()).toBe(true);

      // An adult who is not his parent: a separated child, still alerted.
      await page.getByRole('button', { name: 'Agregar integrante' }).click();
      const next = await focused();
      expect(next.label).toBe('Nombres');
      await fillMember(2, { given: 'Tomás', family: 'Camino Real', sex: 'male', birthDate: '1980-01-01' });
      await page.getByTestId('member-2').getByLabel('Parentesco').selectOption('other');
      await page.getByTestId('member-1').getByLabel('Parentesco').selectOption('head');
      await expect(alert.textContent()).resolves.toContain('menor separado');
      await page.screenshot({ path: '/tmp/desk-minor-alert.png' });
      expect(await seriousAccessibilityViolations(page)).toEqual([]);

      await page.getByRole('button', { name: 'Registrar grupo' }).click();
      await page.getByText(/Grupo registrado/).waitFor();
      const answer = await focused();
      expect(answer.text).toContain('Grupo registrado');
      expect(answer.text).toContain('menor separado');
      expect(answer.visible).toBe(true);
      await expect(alert.textContent()).resolves.toBe('');

      await page.getByRole('link', { name: 'Residentes' }).click();
      const card = page.getByTestId('residents').getByRole('listitem').filter({ hasText: 'Kevin Josué' });
      await expect(card.textContent()).resolves.toMatch(/Menor de edad · \d+ años/);
      await page.screenshot({ path: '/tmp/desk-residents.png', fullPage: true });
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Registrar salida: Kevin Josué Solo Camino' }).click();
      await card.getByLabel('Destino').selectOption('transferred');
      await card.getByRole('button', { name: 'Registrar salida', exact: true }).click();
      await card.getByText('Kevin Josué Solo Camino: menor de edad.').waitFor();
      expect(
        (
          await db.query(`SELECT count(*)::int AS n FROM stays s JOIN persons p ON p.id = s.person_id
                          WHERE p.family_names = 'Solo Camino' AND s.checked_out_at IS NOT NULL`)
        ).rows[0].n,
      ).toBe(0);
      await card.getByRole('button', { name: 'Sí, registrar la salida' }).click();
      await page.getByText('Salida registrada.').waitFor();
    });
  });

  it('checks out a whole family at once', async () => {
    const user = await worker();
    const session = await apiLogIn(testApp.app, user);
    const family = familyOfFour(palenque.id, '2026-03-03T10:00:00-06:00');
    family.members.forEach((member) => Object.assign(member.person, { familyNames: 'Grupo Entero' }));
    expect((await postIntake(testApp.app, session, family)).statusCode).toBe(201);
    await withScreenshotOnFailure(page, async () => {
      await logIn(user.email);
      await page.getByRole('link', { name: 'Residentes' }).click();
      await page.getByLabel('Buscar por nombre o expediente').fill('grupo entero');
      const residents = page.getByTestId('residents').getByRole('listitem');
      await residents.nth(3).waitFor();
      await residents
        .first()
        .getByRole('button', { name: /Registrar salida de todo el grupo/ })
        .click();
      await page.getByLabel('Destino').selectOption('continued_north');
      await page.getByRole('button', { name: 'Registrar salida', exact: true }).click();
      await page.getByRole('button', { name: 'Sí, registrar la salida' }).click();
      await page.getByText('Salida registrada: 4 personas.').waitFor();
      await page.getByText('No hay residentes que coincidan.').waitFor();
    });
    const open = await db.query(
      `SELECT count(*)::int AS n FROM stays s JOIN persons p ON p.id = s.person_id
        WHERE p.family_names = 'Grupo Entero' AND s.checked_out_at IS NULL`,
    );
    expect(open.rows[0].n).toBe(0);
  });

  it('opens a person’s page with their stays, family, referrals and incidents, and finds people who left', async () => {
    const user = await worker();
    const session = await apiLogIn(testApp.app, user);
    const family = familyOfFour(palenque.id, '2026-03-04T10:00:00-06:00');
    family.members.forEach((member) => Object.assign(member.person, { familyNames: 'Ficha Completa' }));
    const arrival = (await postIntake(testApp.app, session, family)).json();
    const [head, spouse] = arrival.stays as { id: string; personId: string; caseNumber: string }[];
    const organization = await createOrganization(testApp.app, admin);
    const service = await createService(testApp.app, admin, organization.id);
    const referral = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/referrals',
      headers: session.headers,
      payload: {
        personId: spouse.personId,
        serviceId: service.id,
        reason: 'Atención psicológica.',
        urgency: 'urgent',
        consentObtained: true,
      },
    });
    expect(referral.statusCode).toBe(201);
    await createIncident(testApp.app, session, {
      ...incidentPayload(palenque.id),
      acts: [{ type: 'robbery', victimPersonId: spouse.personId, perpetrators: [{ type: 'organized_crime' }] }],
    });
    // The head leaves: search still finds him, present or not.
    await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/stays/${head.id}/checkout`,
      headers: session.headers,
      payload: { departedAt: '2026-03-06T08:00:00-06:00', destination: 'continued_north' },
    });

    await withScreenshotOnFailure(page, async () => {
      await logIn(user.email);
      await page.getByRole('link', { name: 'Personas' }).click();
      await page.getByLabel('Nombre', { exact: true }).fill('Carlos Ernesto Ficha');
      await page.getByTestId('persons').getByRole('link', { name: 'Carlos Ernesto Ficha Completa' }).click();
      await page.getByRole('heading', { name: 'Carlos Ernesto Ficha Completa' }).waitFor();
      await page.getByTestId('person-stays').getByText(head.caseNumber).waitFor();
      const familySection = page.getByTestId('person-family');
      await familySection.getByRole('link', { name: 'María de los Ángeles Ficha Completa' }).waitFor();
      await expect(familySection.textContent()).resolves.toContain('presente');
      expect(await seriousAccessibilityViolations(page)).toEqual([]);

      await familySection.getByRole('link', { name: 'María de los Ángeles Ficha Completa' }).click();
      await page.getByRole('heading', { name: 'María de los Ángeles Ficha Completa' }).waitFor();
      await page
        .getByTestId('person-referrals')
        .getByText(/Urgente/)
        .waitFor();
      await expect(page.getByTestId('person-referrals').textContent()).resolves.toMatch(/Urgente.*Pendiente/);
      await page.getByTestId('person-incidents').getByText(/Robo/).waitFor();
      await expect(page.getByTestId('person-incidents').textContent()).resolves.toMatch(/Robo.*Espera revisión/i);
      expect(await page.locator('[data-slot="person-extras"]').count()).toBe(1);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      // Printed, the page drops the header and its buttons.
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('header.top').isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: 'Imprimir' }).isVisible()).toBe(false);
      await page.emulateMedia({ media: 'screen' });
      await page.screenshot({ path: '/tmp/desk-person-page.png', fullPage: true });
    });
  });

  it('offers a transfer for someone still in another shelter of the worker, and says who hands over otherwise', async () => {
    const both = await worker([palenque.id, tenosique.id]);
    const onlyHere = await worker();
    const inTenosique = (
      await postIntake(testApp.app, admin, {
        shelterId: tenosique.id,
        arrivedAt: '2026-03-01T10:00:00-06:00',
        members: [
          { person: person({ givenNames: 'Fredy Alexander', familyNames: 'Doble Registro' }), relationship: 'head' },
        ],
        reasonsForLeaving: [],
        vulnerabilities: [],
        previousDeportations: [],
      })
    ).json();
    // Staying in Palenque before gives the Palenque-only worker a record to pick.
    const earlier = (
      await postIntake(testApp.app, admin, {
        shelterId: palenque.id,
        arrivedAt: '2026-01-10T10:00:00-06:00',
        members: [
          {
            person: person({ givenNames: 'Noé', familyNames: 'Dos Sitios', birthDate: '1985-01-01' }),
            relationship: 'head',
          },
        ],
        reasonsForLeaving: [],
        vulnerabilities: [],
        previousDeportations: [],
      })
    ).json();
    await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/stays/${earlier.stays[0].id}/checkout`,
      headers: admin.headers,
      payload: { departedAt: '2026-01-12T08:00:00-06:00', destination: 'continued_north' },
    });
    await postIntake(testApp.app, admin, {
      shelterId: tenosique.id,
      arrivedAt: '2026-03-01T10:00:00-06:00',
      members: [{ personId: earlier.stays[0].personId, relationship: 'head' }],
      reasonsForLeaving: [],
      vulnerabilities: [],
      previousDeportations: [],
    });

    await withScreenshotOnFailure(page, async () => {
      await logIn(both.email);
      await page.getByRole('combobox', { name: 'Albergue' }).selectOption({ label: 'PAL' });
      const member = page.getByTestId('member-1');
      await member.getByLabel('Nombres').fill('Fredy Alexander');
      await member.getByLabel('Apellidos').fill('Doble Registro');
      await member.getByLabel('Fecha de nacimiento').fill('1988-05-02');
      // A suggestion the worker knows is someone else goes away.
      await member.getByRole('button', { name: 'Usar este registro: Fredy Alexander Doble Registro' }).waitFor();
      await member.getByRole('button', { name: 'No es la misma persona: Fredy Alexander Doble Registro' }).click();
      expect(await member.getByRole('button', { name: /Usar este registro/ }).count()).toBe(0);
      await member.getByLabel('Nombres').fill('Fredy Alexande');
      await member.getByLabel('Nombres').fill('Fredy Alexander');
      await page.waitForTimeout(600);
      expect(await member.getByRole('button', { name: /Usar este registro/ }).count()).toBe(0);
    });
    await context.close();
    ({ context, page } = await phonePage(web.browser, web.baseURL));

    await withScreenshotOnFailure(page, async () => {
      await logIn(both.email);
      await page.getByRole('combobox', { name: 'Albergue' }).selectOption({ label: 'PAL' });
      const member = page.getByTestId('member-1');
      await member.getByLabel('Nombres').fill('Fredy Alexander');
      await member.getByLabel('Apellidos').fill('Doble Registro');
      await member.getByLabel('Fecha de nacimiento').fill('1988-05-02');
      await member.getByRole('button', { name: 'Usar este registro: Fredy Alexander Doble Registro' }).click();
      await page.getByRole('button', { name: 'Registrar grupo' }).click();
      const choice = page.getByRole('alert').filter({ hasText: 'sigue registrado/a en TEN' });
      await choice.waitFor();
      expect(await choice.textContent()).not.toMatch(/closeOpenStaysAsTransferred|personId/);
      expect(await focused()).toMatchObject({ visible: true, text: expect.stringContaining('sigue registrado') });
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await choice.getByRole('button', { name: 'Trasladar y registrar aquí' }).click();
      await page.getByText(/Grupo registrado: PAL-/).waitFor();
    });
    const stays = await db.query(
      'SELECT s.checked_out_at IS NULL AS open, s.destination FROM stays s WHERE s.person_id = $1 ORDER BY s.checked_in_at',
      [inTenosique.stays[0].personId],
    );
    expect(stays.rows).toEqual([
      { open: false, destination: 'transferred' },
      { open: true, destination: null },
    ]);

    await context.close();
    ({ context, page } = await phonePage(web.browser, web.baseURL));
    await withScreenshotOnFailure(page, async () => {
      await logIn(onlyHere.email);
      const member = page.getByTestId('member-1');
      await member.getByLabel('Nombres').fill('Noé');
      await member.getByLabel('Apellidos').fill('Dos Sitios');
      await member.getByLabel('Fecha de nacimiento').fill('1985-01-01');
      await member.getByRole('button', { name: 'Usar este registro: Noé Dos Sitios' }).click();
      await page.getByRole('button', { name: 'Registrar grupo' }).click();
      const choice = page.getByRole('alert').filter({ hasText: 'Ese albergue debe registrar su salida' });
      await expect(choice.textContent()).resolves.toContain('TEN');
      expect(await choice.getByRole('button', { name: 'Trasladar y registrar aquí' }).count()).toBe(0);
      await choice.getByRole('button', { name: 'Cancelar' }).click();
      await page.getByText('No se registró el grupo.').waitFor();
    });
  });
});
