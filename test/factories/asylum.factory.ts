import { NestFastifyApplication } from '@nestjs/platform-fastify';

import { loggedInUser, LoggedIn } from './user.factory';

export const comarApplication = (personId: string, overrides: Record<string, unknown> = {}) => ({
  personId,
  jurisdiction: 'MX_COMAR',
  office: 'COMAR Palenque',
  enteredCountryOn: '2026-06-05',
  grounds: 'generalized_violence',
  ...overrides,
});

export async function postApplication(app: NestFastifyApplication, as: LoggedIn, payload: object) {
  return app.inject({ method: 'POST', url: '/api/v1/asylum-applications', headers: as.headers, payload });
}

/** An application that must be created: throws with the answer otherwise. */
export async function createApplication(app: NestFastifyApplication, as: LoggedIn, payload: object) {
  const response = await postApplication(app, as, payload);
  if (response.statusCode !== 201) throw new Error(`application not created: ${response.body}`);
  return response.json();
}

const admins = new WeakMap<NestFastifyApplication, Promise<LoggedIn>>();

/**
 * An application assigned to the lawyer by an admin (one per app): a lawyer holds no shelters and
 * reaches persons only through the applications assigned to her, so she cannot open one for a
 * resident herself.
 */
export async function postAssignedApplication(app: NestFastifyApplication, lawyer: LoggedIn, payload: object) {
  if (!admins.has(app)) admins.set(app, loggedInUser(app, { role: 'admin' }));
  return postApplication(app, await admins.get(app)!, { ...payload, lawyerId: lawyer.user.id });
}

export async function createAssignedApplication(app: NestFastifyApplication, lawyer: LoggedIn, payload: object) {
  const response = await postAssignedApplication(app, lawyer, payload);
  if (response.statusCode !== 201) throw new Error(`application not created: ${response.body}`);
  return response.json();
}

export async function postEvent(app: NestFastifyApplication, as: LoggedIn, applicationId: string, payload: object) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/asylum-applications/${applicationId}/events`,
    headers: as.headers,
    payload,
  });
}

/** Persons admitted together at a shelter, by an admin: their ids in the order given. */
export async function admitted(
  app: NestFastifyApplication,
  admin: LoggedIn,
  shelterId: string,
  persons: object[],
): Promise<string[]> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/intake',
    headers: admin.headers,
    payload: {
      shelterId,
      arrivedAt: '2026-06-06T10:00:00-06:00',
      members: persons.map((person, index) => ({ person, relationship: index === 0 ? 'head' : 'other_relative' })),
      reasonsForLeaving: ['gang_threat'],
      vulnerabilities: [],
      previousDeportations: [],
    },
  });
  if (response.statusCode !== 201) throw new Error(`intake failed: ${response.body}`);
  return response.json().stays.map((stay: { personId: string }) => stay.personId);
}
