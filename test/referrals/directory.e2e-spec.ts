import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import Ajv from 'ajv';
import addFormats from 'ajv-formats';

import { createOrganization, createService } from '../factories/referral.factory';
import { LoggedIn, loggedInUser, randomUuid } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The official HSDS 3.0 schema of an organization with everything nested in it (openreferral/
 * specification, tag v3.0, schema/compiled/organization.json; see test/fixtures/hsds/README.md).
 * Its own keywords (core, constraints, example, ...) are not JSON Schema ones, hence strict: false.
 */
const validateOrganization = addFormats(new Ajv({ allErrors: true, strict: false })).compile(
  JSON.parse(readFileSync(join(__dirname, '../fixtures/hsds/organization.json'), 'utf8')),
);

function schemaProblemsOf(organization: unknown): string[] {
  if (validateOrganization(organization)) return [];
  return (validateOrganization.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

describe('service directory', () => {
  let testApp: TestApp;
  let admin: LoggedIn;
  let worker: LoggedIn;

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    worker = await loggedInUser(testApp.app, { role: 'shelter_worker' });
  });
  afterAll(async () => {
    await testApp.close();
  });

  const get = (url: string, as: LoggedIn = worker) => testApp.app.inject({ method: 'GET', url, headers: as.headers });

  it('publishes the whole directory as HSDS 3.0, valid against the official schema', async () => {
    const clinic = await createOrganization(testApp.app, admin, { website: 'https://clinica.example' });
    const legal = await createService(testApp.app, admin, clinic.id, {
      eligibilityDescription: 'Personas solicitantes de asilo.',
      languages: ['es', 'en'],
      locations: [
        {
          locationType: 'physical',
          name: 'Oficina Tapachula',
          address1: 'Av. Central Norte 12',
          city: 'Tapachula',
          stateProvince: 'Chiapas',
          postalCode: '30700',
          country: 'MX',
          latitude: 14.9056,
          longitude: -92.2634,
        },
        { locationType: 'virtual', name: 'Línea de atención' },
      ],
    });
    await createService(testApp.app, admin, clinic.id, { name: 'Cerrado', status: 'temporarily closed' });
    await createOrganization(testApp.app, admin, { name: 'Sin servicios', email: undefined });

    const response = await get('/api/v1/services/hsds');
    expect(response.statusCode).toBe(200);
    const document = response.json();
    const problems: string[] = [];
    const counted = { organization: 0, service: 0, location: 0, service_at_location: 0, address: 0, language: 0 };
    for (const organization of document.organizations) {
      problems.push(...schemaProblemsOf(organization));
      counted.organization += 1;
      for (const location of organization.locations) {
        counted.location += 1;
        counted.address += location.addresses.length;
      }
      for (const service of organization.services) {
        expect(service.organization_id).toBe(organization.id);
        counted.service += 1;
        counted.language += service.languages.length;
        for (const link of service.service_at_locations) {
          expect(link.service_id).toBe(service.id);
          counted.service_at_location += 1;
        }
      }
    }
    // Unknown optional fields are left out, never null: HSDS types them string or number only.
    expect(JSON.stringify(document)).not.toContain('null');
    expect(problems).toEqual([]);
    expect(counted).toEqual({
      organization: 2,
      service: 2,
      location: 2,
      service_at_location: 2,
      address: 1,
      language: 3,
    });
    const service = document.organizations
      .flatMap((organization: { services: { id: string }[] }) => organization.services)
      .find((candidate: { id: string }) => candidate.id === legal.id);
    expect(service).toMatchObject({
      eligibility_description: 'Personas solicitantes de asilo.',
      languages: [{ code: 'es' }, { code: 'en' }],
    });
  });

  it('filters services by category', async () => {
    const organization = await createOrganization(testApp.app, admin);
    const medical = await createService(testApp.app, admin, organization.id, { category: 'medical' });
    const items = (await get('/api/v1/services?category=medical')).json().items;
    expect(items.map((item: { id: string }) => item.id)).toEqual([medical.id]);
    expect((await get('/api/v1/services?category=astrology')).statusCode).toBe(400);
  });

  it('refuses a service of an unknown organization with 422 naming organizationId', async () => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/services',
      headers: admin.headers,
      payload: { organizationId: randomUuid(), name: 'Huérfano', status: 'active', category: 'other' },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([expect.objectContaining({ field: 'organizationId' })]);
  });

  it('refuses a service status HSDS does not know', async () => {
    const organization = await createOrganization(testApp.app, admin);
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/services',
      headers: admin.headers,
      payload: { organizationId: organization.id, name: 'X', status: 'temporarily_closed', category: 'other' },
    });
    expect(response.statusCode).toBe(400);
  });
});
