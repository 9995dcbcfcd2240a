import { loggedInUser, LoggedIn } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

interface Term {
  code: string;
  label: string;
  huridocsCode?: string;
}

describe('GET /vocabularies/:name', () => {
  let testApp: TestApp;
  let worker: LoggedIn;

  beforeAll(async () => {
    testApp = await startTestApp();
    worker = await loggedInUser(testApp.app, { role: 'shelter_worker' });
  });
  afterAll(async () => {
    await testApp.close();
  });

  const terms = async (name: string, acceptLanguage?: string, as: LoggedIn = worker) => {
    const headers = acceptLanguage ? { ...as.headers, 'accept-language': acceptLanguage } : as.headers;
    return testApp.app.inject({ method: 'GET', url: `/api/v1/vocabularies/${name}`, headers });
  };
  const find = (body: Term[], code: string) => body.find((term) => term.code === code);

  it('labels act types in Spanish by default, with their HURIDOCS codes where ESF has one', async () => {
    const response = await terms('act-types');
    expect(response.statusCode).toBe(200);
    const body: Term[] = response.json();
    expect(find(body, 'kidnapping')).toEqual({ code: 'kidnapping', label: 'Secuestro', huridocsCode: '030104000000' });
    expect(find(body, 'denial_of_medical_care')).toMatchObject({ huridocsCode: '360102040000' });
    expect(find(body, 'robbery')).toEqual({ code: 'robbery', label: 'Robo o asalto', huridocsCode: '130101000000' });
    expect(body).toHaveLength(15);
  });

  it('labels in English when Accept-Language asks for it', async () => {
    const body: Term[] = (await terms('perpetrator-types', 'en-US,en;q=0.9,es;q=0.5')).json();
    expect(find(body, 'national_guard')).toEqual({
      code: 'national_guard',
      label: 'National Guard',
      huridocsCode: '010103000000',
    });
    expect(find(body, 'unknown')).toMatchObject({ label: 'Unknown', huridocsCode: '990000000000' });
    expect(find((await terms('perpetrator-types', 'fr')).json(), 'unknown')?.label).toBe('Desconocido');
  });

  it.each(['act-types', 'perpetrator-types', 'place-types', 'reported-to'])(
    'serves %s, every term coded and labelled',
    async (name) => {
      const body: Term[] = (await terms(name, 'en')).json();
      expect(body.length).toBeGreaterThan(3);
      for (const term of body) {
        expect(term.code).toMatch(/^[a-z]+(_[a-z]+)*$/);
        expect(term.label.trim()).not.toBe('');
      }
    },
  );

  it('serves the intake vocabularies from the same endpoint', async () => {
    expect(find((await terms('reasons-for-leaving')).json(), 'gang_threat')).toEqual({
      code: 'gang_threat',
      label: 'Amenaza de pandillas (maras)',
    });
    expect(find((await terms('checkout-destinations', 'en')).json(), 'continued_north')?.label).toBe('Continued north');
    for (const name of ['vulnerabilities', 'relationships']) expect((await terms(name)).statusCode).toBe(200);
  });

  it.each(['nationalities', 'toString', 'constructor', 'hasOwnProperty', 'ACT-TYPES'])(
    'answers 404 for a vocabulary named %s',
    async (name) => {
      const response = await terms(name, 'en');
      expect(response.statusCode).toBe(404);
      expect(response.json().detail).toBe('The vocabulary does not exist or is not visible to you.');
    },
  );

  it('serves the 32 Mexican states as the incident form offers them', async () => {
    const body: Term[] = (await terms('mexican-states')).json();
    expect(body).toHaveLength(32);
    expect(find(body, 'Chiapas')).toEqual({ code: 'Chiapas', label: 'Chiapas' });
  });

  it('wants a login, and serves every role', async () => {
    const anonymous = await testApp.app.inject({ method: 'GET', url: '/api/v1/vocabularies/act-types' });
    expect(anonymous.statusCode).toBe(401);
    const partner = await loggedInUser(testApp.app, { role: 'partner' });
    expect((await terms('act-types', undefined, partner)).statusCode).toBe(200);
  });
});
