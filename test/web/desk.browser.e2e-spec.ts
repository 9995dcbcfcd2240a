import { Client } from 'pg';
import { BrowserContext, Page } from 'playwright-core';

import { createShelter, person, postIntake, ShelterView } from '../factories/intake.factory';
import { createOrganization, createService } from '../factories/referral.factory';
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

jest.setTimeout(90_000);

describe('web app: the desk of a shelter worker, in Chromium on a phone', () => {
  let web: WebTestApp;
  let testApp: TestApp;
  let db: Client;
  let admin: LoggedIn;
  let palenque: ShelterView;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    web = await startWebTestApp();
    testApp = web.testApp;
    db = new Client({ connectionString: testApp.config.databaseUrl });
    await db.connect();
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    palenque = await createShelter(testApp.app, admin, { code: 'PAL', capacity: 40 });
  });
  afterAll(async () => {
    await db?.end();
    await web?.close();
  });
  beforeEach(async () => {
    // These tests intercept the API (page.route), which a service worker would bypass.
    ({ context, page } = await phonePage(web.browser, web.baseURL, { serviceWorkers: 'block' }));
  });
  afterEach(async () => {
    await context.close();
  });

  const worker = () => createUser(testApp.app, { role: 'shelter_worker', shelterIds: [palenque.id] });

  async function logIn(email: string): Promise<void> {
    await logInAs(page, email);
    await page.getByRole('heading', { name: 'Registrar llegada de un grupo' }).waitFor();
  }

  async function fillMember(
    n: number,
    member: { given: string; family: string; sex: string; birthDate: string; relationship?: string },
  ): Promise<void> {
    const fieldset = page.getByTestId(`member-${n}`);
    await fieldset.getByLabel('Nombres').fill(member.given);
    await fieldset.getByLabel('Apellidos').fill(member.family);
    await fieldset.getByLabel('Sexo').selectOption(member.sex);
    await fieldset.getByLabel('Fecha de nacimiento').fill(member.birthDate);
    await fieldset.getByLabel('Nacionalidad').selectOption('SV');
    if (member.relationship) await fieldset.getByLabel('Parentesco').selectOption(member.relationship);
  }

  /** The intakes sealed in this page's IndexedDB: owner, key and the ciphertext read as text. */
  const sealedIntakes = () =>
    page.evaluate(
      () =>
        new Promise<{ userId: string; text: string }[]>((resolve, reject) => {
          const request = (globalThis as any).indexedDB.open('albergue-offline');
          // Never create the database here: only the app does, with its stores.
          request.onupgradeneeded = () => request.transaction?.abort();
          request.onerror = () => resolve([]);
          request.onsuccess = () => {
            const db = request.result;
            const all = db.transaction('intakes').objectStore('intakes').getAll();
            all.onsuccess = () => {
              db.close();
              resolve(
                all.result.map((item: { userId: string; data: ArrayBuffer }) => ({
                  userId: item.userId,
                  text: new TextDecoder('latin1').decode(item.data),
                })),
              );
            };
            all.onerror = () => reject(all.error);
          };
        }),
    );

  const householdsNamed = async (familyNames: string): Promise<number> =>
    (
      await db.query(
        `SELECT count(DISTINCT hm.household_id)::int AS n FROM household_members hm
           JOIN persons p ON p.id = hm.person_id WHERE p.family_names = $1`,
        [familyNames],
      )
    ).rows[0].n;

  it('logs in (the API error in Spanish first), registers a family of four, sees them and checks one out', async () => {
    const user = await worker();
    await withScreenshotOnFailure(page, async () => {
      await page.goto('/');
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await page.getByLabel('Correo electrónico').fill(user.email);
      await page.getByLabel('Contraseña').fill('no es la contraseña');
      await page.getByRole('button', { name: 'Entrar' }).click();
      await expect(page.getByRole('alert').textContent()).resolves.toMatch(/contraseña/i);

      await logIn(user.email);
      await expect(page.getByTestId('occupancy').textContent()).resolves.toContain('0 de 40');
      await page.getByRole('group', { name: 'Motivos de salida' }).waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);

      await fillMember(1, { given: 'Carlos Ernesto', family: 'Ramírez Soto', sex: 'male', birthDate: '1986-02-11' });
      for (let added = 0; added < 3; added++) await page.getByRole('button', { name: 'Agregar integrante' }).click();
      await fillMember(2, {
        given: 'María de los Ángeles',
        family: 'Guzmán Peña',
        sex: 'female',
        birthDate: '1990-09-30',
        relationship: 'spouse',
      });
      await fillMember(3, { given: 'Daniela', family: 'Ramírez Guzmán', sex: 'female', birthDate: '2018-07-01' });
      await fillMember(4, { given: 'Mateo', family: 'Ramírez Guzmán', sex: 'male', birthDate: '2025-07-10' });
      await page.getByRole('group', { name: 'Motivos de salida' }).getByLabel('Amenaza de pandillas (maras)').check();
      await page.getByRole('button', { name: 'Registrar grupo' }).click();

      const registered = page.getByRole('status').filter({ hasText: 'Grupo registrado' });
      await expect(registered.textContent()).resolves.toMatch(/PAL-\d{4}-000001.*PAL-\d{4}-000004/);
      await page.getByTestId('occupancy').filter({ hasText: '4 de 40' }).waitFor();

      await page.getByRole('link', { name: 'Residentes' }).click();
      const residents = page.getByTestId('residents').getByRole('listitem');
      await residents.filter({ hasText: 'Mateo' }).waitFor();
      expect(await residents.count()).toBe(4);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);

      await page.getByLabel('Buscar por nombre o expediente').fill('mateo');
      expect(await residents.count()).toBe(1);
      await page.getByRole('button', { name: 'Registrar salida: Mateo Ramírez Guzmán' }).click();
      await page.getByLabel('Destino').selectOption('continued_north');
      await page.getByRole('button', { name: 'Registrar salida', exact: true }).click();
      // Mateo is a baby: the check-out of a minor asks to confirm before anything is sent.
      await page.getByText('Mateo Ramírez Guzmán: menor de edad.').waitFor();
      await page.getByRole('button', { name: 'Sí, registrar la salida' }).click();
      await page.getByText('Salida registrada.').waitFor();
      await page.getByTestId('occupancy').filter({ hasText: '3 de 40' }).waitFor();
      await page.getByLabel('Buscar por nombre o expediente').fill('');
      expect(await residents.count()).toBe(3);
    });
    const open = await db.query(
      `SELECT count(*)::int AS n FROM stays s JOIN persons p ON p.id = s.person_id
        WHERE p.family_names = 'Ramírez Guzmán' AND s.checked_out_at IS NULL`,
    );
    expect(open.rows[0].n).toBe(1);
  });

  it('suggests an earlier record while the names are typed, and one tap uses it', async () => {
    const user = await worker();
    const earlier = (
      await postIntake(testApp.app, admin, {
        shelterId: palenque.id,
        arrivedAt: '2025-10-01T10:00:00-06:00',
        members: [
          {
            person: person({ givenNames: 'Wendy Carolina', familyNames: 'Aguilar Mejía', sex: 'female' }),
            relationship: 'head',
          },
        ],
        reasonsForLeaving: ['extortion'],
        vulnerabilities: [],
        previousDeportations: [],
      })
    ).json();
    await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/stays/${earlier.stays[0].id}/checkout`,
      headers: admin.headers,
      payload: { departedAt: '2025-10-04T08:00:00-06:00', destination: 'continued_north' },
    });

    await withScreenshotOnFailure(page, async () => {
      await logIn(user.email);
      const member = page.getByTestId('member-1');
      await member.getByLabel('Nombres').fill('Wendi Carolina');
      await member.getByLabel('Apellidos').fill('Aguilar');
      await member.getByLabel('Fecha de nacimiento').fill('1988-05-02');
      await member.getByRole('button', { name: 'Usar este registro: Wendy Carolina Aguilar Mejía' }).click();
      await member.getByText('Usando el registro existente de Wendy Carolina Aguilar Mejía').waitFor();
      await page.getByRole('button', { name: 'Registrar grupo' }).click();
      await page.getByText(/Grupo registrado/).waitFor();
    });
    const stays = await db.query('SELECT count(*)::int AS n FROM stays WHERE person_id = $1', [
      earlier.stays[0].personId,
    ]);
    expect(stays.rows[0].n).toBe(2);
  });

  it('keeps intakes made without a connection on the device and sends each exactly once when it returns', async () => {
    const user = await worker();
    await withScreenshotOnFailure(page, async () => {
      await logIn(user.email);

      // The first request reaches the API, which registers the group, but its answer is lost.
      let lostAnswers = 0;
      await page.route('**/api/v1/intake', async (route) => {
        await route.fetch();
        lostAnswers++;
        await route.abort('internetdisconnected');
      });
      await fillMember(1, { given: 'Óscar', family: 'Perdido Respuesta', sex: 'male', birthDate: '1979-03-03' });
      await page.getByRole('button', { name: 'Registrar grupo' }).click();
      await page.getByText('Sin conexión: el registro se guardó en este equipo').waitFor();
      expect(lostAnswers).toBe(1);
      expect(await householdsNamed('Perdido Respuesta')).toBe(1);

      // Then the network drops altogether, and a second group is registered offline.
      await page.unroute('**/api/v1/intake');
      await context.setOffline(true);
      await page.getByText('Sin conexión: los registros se guardan en este equipo').waitFor();
      await fillMember(1, { given: 'Lucía', family: 'Sin Red', sex: 'female', birthDate: '1995-12-24' });
      await page.getByRole('button', { name: 'Registrar grupo' }).click();
      await page.getByTestId('pending-intakes').getByRole('listitem').nth(1).waitFor();
      // Kept sealed in IndexedDB under the user's password, nothing in localStorage: no name in clear.
      const stored = await sealedIntakes();
      expect(stored).toHaveLength(2);
      expect(stored.every((item) => item.userId === user.id && !item.text.includes('Sin Red'))).toBe(true);
      expect(await page.evaluate(() => Object.keys(localStorage))).not.toContainEqual(expect.stringMatching(/pending/));
      expect(await householdsNamed('Sin Red')).toBe(0);

      await context.setOffline(false);
      await page.getByTestId('pending-intakes').waitFor({ state: 'detached' });
      await page
        .getByText(/Se envió un registro pendiente/)
        .first()
        .waitFor();
      expect(await sealedIntakes()).toEqual([]);
    });
    expect(await householdsNamed('Perdido Respuesta')).toBe(1);
    expect(await householdsNamed('Sin Red')).toBe(1);
  });

  it('forgets the session and the key at logout; what waits stays sealed, sent at the same user’s next login', async () => {
    const user = await worker();
    const other = await worker();
    await withScreenshotOnFailure(page, async () => {
      await logIn(user.email);
      await context.setOffline(true);
      // The desk knows it is offline before the group is entered (as the test above): on a busy
      // machine the click could otherwise beat the emulated disconnection and register online.
      await page.getByText('Sin conexión: los registros se guardan en este equipo').waitFor();
      await fillMember(1, { given: 'Nadie', family: 'Enviado Aún', sex: 'male', birthDate: '1990-01-01' });
      await page.getByRole('button', { name: 'Registrar grupo' }).click();
      await page.getByTestId('pending-intakes').waitFor();
      await page.getByRole('button', { name: 'Cerrar sesión' }).click();
      await page.getByRole('button', { name: 'Entrar' }).waitFor();
      const left = await page.evaluate(() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)]);
      expect(left.filter((key) => key !== 'albergue.language')).toEqual([]);
      const sealed = await sealedIntakes();
      expect(sealed).toHaveLength(1);
      expect(sealed[0].text).not.toContain('Enviado');

      // Another worker on the same phone neither reads nor sends it.
      await context.setOffline(false);
      await logIn(other.email);
      await page.getByRole('group', { name: 'Motivos de salida' }).waitFor();
      expect(await page.getByTestId('pending-intakes').count()).toBe(0);
      await page.getByRole('button', { name: 'Cerrar sesión' }).click();
      await page.getByRole('button', { name: 'Entrar' }).waitFor();
      expect(await householdsNamed('Enviado Aún')).toBe(0);

      // Its owner, signed in again, sends it and sees its case number.
      await logIn(user.email);
      await expect(page.getByText(/Se envió un registro pendiente/).textContent()).resolves.toMatch(/PAL-\d{4}-\d{6}/);
      expect(await sealedIntakes()).toEqual([]);
    });
    expect(await householdsNamed('Enviado Aún')).toBe(1);
  });

  it('reports an incident from the vocabularies with the victims consent, and refers a resident with theirs', async () => {
    const user = await worker();
    const arrival = (
      await postIntake(testApp.app, admin, {
        shelterId: palenque.id,
        arrivedAt: '2026-03-01T10:00:00-06:00',
        members: [{ person: person({ givenNames: 'Brayan', familyNames: 'Reportante Uno' }), relationship: 'head' }],
        reasonsForLeaving: ['gang_threat'],
        vulnerabilities: [],
        previousDeportations: [],
      })
    ).json();
    const organization = await createOrganization(testApp.app, admin);
    const service = await createService(testApp.app, admin, organization.id);

    await withScreenshotOnFailure(page, async () => {
      await logIn(user.email);
      await page.getByRole('link', { name: 'Incidente' }).click();
      await page.getByLabel('Fecha del hecho').fill('2026-02-27');
      await page.getByLabel('Estado', { exact: true }).selectOption('Chiapas');
      await page.getByLabel('Tipo de lugar').selectOption('rail_line');
      await page.getByLabel('Tipo de agresión').selectOption('extortion');
      await page.getByLabel('Víctima').selectOption(arrival.stays[0].personId);
      await page.getByLabel('Perpetrador', { exact: true }).selectOption('inm_agent');
      await page.getByLabel('Relato (se guarda cifrado)').fill('Les pidieron dinero para dejarlos seguir.');
      await page.getByLabel('Solo datos anónimos').check();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Enviar' }).click();
      await page.getByText('Incidente registrado; espera revisión.').waitFor();

      await page.getByRole('link', { name: 'Canalización' }).click();
      await page.getByLabel('Persona', { exact: true }).selectOption(arrival.stays[0].personId);
      await page.getByLabel('Servicio', { exact: true }).selectOption(service.id);
      await page.getByLabel('Motivo (se guarda cifrado)').fill('Necesita asesoría para su solicitud.');
      await page.getByLabel('La persona dio su consentimiento para la canalización').check();
      await page.getByRole('button', { name: 'Enviar' }).click();
      await page.getByText('Canalización enviada.').waitFor();
    });
    const incidents = await db.query(
      `SELECT i.status, c.level FROM incidents i JOIN incident_consents c ON c.incident_id = i.id`,
    );
    expect(incidents.rows).toEqual([{ status: 'submitted', level: 'anonymous' }]);
    expect((await db.query('SELECT count(*)::int AS n FROM referrals')).rows[0].n).toBe(1);
  });
});
