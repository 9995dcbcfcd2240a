import { VocabularyRegistry } from '@albergue/platform';

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

  // The names the web app asks for: every module's vocabularies, served from one registry.
  const EVERY_VOCABULARY = [
    'act-types',
    'perpetrator-types',
    'place-types',
    'reported-to',
    'mexican-states',
    'reasons-for-leaving',
    'vulnerabilities',
    'relationships',
    'checkout-destinations',
    'sexes',
    'transfer-statuses',
    'erasure-reasons',
    'jurisdictions',
    'asylum-grounds',
    'asylum-event-types',
    'decision-outcomes',
    'asylum-statuses',
    'deadline-kinds',
    'referral-statuses',
    'service-categories',
    'service-statuses',
    'location-types',
    'shareable-person-fields',
    'referral-urgencies',
    'document-kinds',
    'case-note-kinds',
    'datasets',
    'export-formats',
    'export-statuses',
    'roles',
  ];

  it('registers exactly the vocabularies of every module', () => {
    const registered = testApp.app.get(VocabularyRegistry).names();
    expect([...registered].sort()).toEqual([...EVERY_VOCABULARY].sort());
  });

  it.each(EVERY_VOCABULARY)('serves %s in Spanish and English, a label for every code', async (name) => {
    const vocabulary = testApp.app.get(VocabularyRegistry).find(name)!;
    const spanish: Term[] = (await terms(name, 'es')).json();
    const english: Term[] = (await terms(name, 'en-GB,en;q=0.9')).json();
    for (const body of [spanish, english]) {
      expect(body.map(({ code }) => code)).toEqual([...vocabulary.codes]);
      for (const term of body) expect(term.label.trim()).not.toBe('');
    }
    expect(spanish.map(({ label }) => label)).toEqual(vocabulary.terms.map(({ label }) => label.es));
    expect(english.map(({ label }) => label)).toEqual(vocabulary.terms.map(({ label }) => label.en));
  });

  it('serves the codes each module validates and constrains', async () => {
    const codes = async (name: string) => ((await terms(name)).json() as Term[]).map(({ code }) => code);
    expect(await codes('roles')).toEqual(['admin', 'coordinator', 'shelter_worker', 'lawyer', 'partner']);
    expect(await codes('export-formats')).toEqual(['csv', 'hxl_csv', 'json']);
    expect(await codes('datasets')).toEqual(['incidents_aggregate', 'incidents_deidentified', 'incidents_identified']);
    expect(await codes('jurisdictions')).toEqual(['MX_COMAR', 'US_AFFIRMATIVE', 'US_DEFENSIVE']);
    expect(await codes('service-statuses')).toEqual(['active', 'inactive', 'defunct', 'temporarily closed']);
    expect(find((await terms('mexican-states', 'en')).json(), 'Ciudad de México')?.label).toBe('Mexico City');
    expect(find((await terms('roles')).json(), 'lawyer')?.label).toBe('Abogada o abogado');
  });

  it('wants a login, and serves every role', async () => {
    const anonymous = await testApp.app.inject({ method: 'GET', url: '/api/v1/vocabularies/act-types' });
    expect(anonymous.statusCode).toBe(401);
    const partner = await loggedInUser(testApp.app, { role: 'partner' });
    expect((await terms('act-types', undefined, partner)).statusCode).toBe(200);
  });
});
