import { randomBytes } from 'node:crypto';

import { NestFastifyApplication } from '@nestjs/platform-fastify';

import { LoggedIn } from './user.factory';

export interface ShelterView {
  id: string;
  code: string;
  capacity: number;
}

/** Five random capital letters or digits: 36^5 codes, so hundreds of shelters in one test database do not collide. */
const randomCode = (): string =>
  Array.from(randomBytes(5), (byte) => '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'[byte % 36]).join('');

/** A shelter with a fresh code (created by an admin through the API); a random code already taken is drawn again. */
export async function createShelter(
  app: NestFastifyApplication,
  admin: LoggedIn,
  overrides: Partial<{ name: string; capacity: number; code: string }> = {},
): Promise<ShelterView> {
  for (let attempt = 0; ; attempt++) {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/shelters',
      headers: admin.headers,
      payload: {
        name: overrides.name ?? 'Albergue de prueba',
        code: overrides.code ?? `T${randomCode()}`,
        state: 'Chiapas',
        municipality: 'Palenque',
        capacity: overrides.capacity ?? 100,
      },
    });
    if (response.statusCode === 409 && overrides.code === undefined && attempt < 3) continue;
    if (response.statusCode !== 201) throw new Error(`shelter not created: ${response.body}`);
    return response.json();
  }
}

export const person = (overrides: Record<string, unknown> = {}) => ({
  givenNames: 'José Armando',
  familyNames: 'López Hernández',
  sex: 'male',
  birthDate: '1988-05-02',
  nationality: 'HN',
  ...overrides,
});

/** The family of the field report: a bus driver, his wife, a 7-year-old and an 8-month-old. */
export const familyOfFour = (shelterId: string, arrivedAt = '2026-03-14T22:10:00-06:00') => ({
  shelterId,
  arrivedAt,
  members: [
    {
      person: person({
        givenNames: 'Carlos Ernesto',
        familyNames: 'Ramírez Soto',
        birthDate: '1986-02-11',
        nationality: 'SV',
        phone: '+503 7012 3456',
      }),
      relationship: 'head',
    },
    {
      person: person({
        givenNames: 'María de los Ángeles',
        familyNames: 'Guzmán Peña',
        sex: 'female',
        birthDate: '1990-09-30',
        nationality: 'SV',
      }),
      relationship: 'spouse',
    },
    {
      person: person({
        givenNames: 'Daniela',
        familyNames: 'Ramírez Guzmán',
        sex: 'female',
        birthDate: '2018-07-01',
        nationality: 'SV',
      }),
      relationship: 'child',
    },
    {
      person: person({
        givenNames: 'Mateo',
        familyNames: 'Ramírez Guzmán',
        birthDate: '2025-07-10',
        nationality: 'SV',
      }),
      relationship: 'child',
    },
  ],
  reasonsForLeaving: ['gang_threat', 'extortion'],
  vulnerabilities: [],
  previousDeportations: [{ from: 'MX', date: '2025-11-02' }],
  intendedDestination: 'Monterrey',
  notes: 'Le dieron seis horas para irse de la colonia.',
});

export async function postIntake(app: NestFastifyApplication, as: LoggedIn, payload: object) {
  return app.inject({ method: 'POST', url: '/api/v1/intake', headers: as.headers, payload });
}

export function uniqueName(): string {
  return `Prueba${randomBytes(3).toString('hex')}`;
}
