import { NestFastifyApplication } from '@nestjs/platform-fastify';

import { LoggedIn } from './user.factory';

export async function createOrganization(
  app: NestFastifyApplication,
  admin: LoggedIn,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; name: string }> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/organizations',
    headers: admin.headers,
    payload: {
      name: 'Clínica Jurídica de Prueba',
      description: 'Asesoría legal gratuita para personas solicitantes de asilo.',
      email: 'contacto@clinica.example',
      ...overrides,
    },
  });
  if (response.statusCode !== 201) throw new Error(`organization not created: ${response.body}`);
  return response.json();
}

export async function createService(
  app: NestFastifyApplication,
  admin: LoggedIn,
  organizationId: string,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; status: string }> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/services',
    headers: admin.headers,
    payload: {
      organizationId,
      name: 'Acompañamiento ante COMAR',
      status: 'active',
      category: 'legal',
      languages: ['es'],
      ...overrides,
    },
  });
  if (response.statusCode !== 201) throw new Error(`service not created: ${response.body}`);
  return response.json();
}

export const referral = (personId: string, serviceId: string, overrides: Record<string, unknown> = {}) => ({
  personId,
  serviceId,
  reason: 'Necesita asesoría para solicitar la condición de refugiado.',
  urgency: 'routine',
  consentObtained: true,
  ...overrides,
});

export async function postReferral(app: NestFastifyApplication, as: LoggedIn, payload: object) {
  return app.inject({ method: 'POST', url: '/api/v1/referrals', headers: as.headers, payload });
}

export async function changeStatus(app: NestFastifyApplication, as: LoggedIn, id: string, payload: object) {
  return app.inject({ method: 'POST', url: `/api/v1/referrals/${id}/status`, headers: as.headers, payload });
}
