import { createOrganization, createService } from '../factories/referral.factory';
import { LoggedIn, loggedInUser, randomUuid } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

type JsonType = 'string' | 'number' | 'array' | 'object';

/**
 * Required fields of HSDS 3.0 (schema/*.json of openreferral/specification 3.0), with their
 * JSON types; service_at_location also gets its service_id and location_id, which Albergue
 * always fills in.
 */
const HSDS_REQUIRED: Record<string, Record<string, JsonType>> = {
  organization: { id: 'string', name: 'string', description: 'string' },
  service: { id: 'string', name: 'string', status: 'string' },
  location: { id: 'string', location_type: 'string' },
  service_at_location: { id: 'string', service_id: 'string', location_id: 'string' },
  address: {
    id: 'string',
    address_1: 'string',
    city: 'string',
    state_province: 'string',
    postal_code: 'string',
    country: 'string',
    address_type: 'string',
  },
  language: { id: 'string' },
};
const HSDS_ENUMS: Record<string, Record<string, string[]>> = {
  service: { status: ['active', 'inactive', 'defunct', 'temporarily closed'] },
  location: { location_type: ['physical', 'postal', 'virtual'] },
  address: { address_type: ['physical', 'postal', 'virtual'] },
};

function typeOf(value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}

/** Every problem of one HSDS object, as "<object>.<field>: <what>" lines. */
function problemsOf(kind: string, object: Record<string, unknown>): string[] {
  const problems = Object.entries(HSDS_REQUIRED[kind]).flatMap(([field, type]) =>
    typeOf(object[field]) === type ? [] : [`${kind}.${field}: expected ${type}, got ${typeOf(object[field])}`],
  );
  for (const [field, allowed] of Object.entries(HSDS_ENUMS[kind] ?? {})) {
    if (!allowed.includes(object[field] as string)) problems.push(`${kind}.${field}: ${String(object[field])}`);
  }
  return problems;
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

  it('publishes the whole directory as HSDS 3.0, every object with its required fields', async () => {
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
      problems.push(...problemsOf('organization', organization));
      counted.organization += 1;
      for (const location of organization.locations) {
        problems.push(...problemsOf('location', location));
        counted.location += 1;
        for (const address of location.addresses) {
          problems.push(...problemsOf('address', address));
          counted.address += 1;
        }
      }
      for (const service of organization.services) {
        problems.push(...problemsOf('service', service));
        expect(service.organization_id).toBe(organization.id);
        counted.service += 1;
        for (const language of service.languages) {
          problems.push(...problemsOf('language', language));
          counted.language += 1;
        }
        for (const link of service.service_at_locations) {
          problems.push(...problemsOf('service_at_location', link));
          expect(link.service_id).toBe(service.id);
          problems.push(...problemsOf('location', link.location));
          counted.service_at_location += 1;
        }
      }
    }
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
