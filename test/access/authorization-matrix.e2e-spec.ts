import { Role, ROLES } from '@albergue/access';
import { Controller, Get, Module } from '@nestjs/common';

import { pdfBytes, uploadDocument } from '../factories/document.factory';
import { createPartner, partnerKeys, partnerPayload } from '../factories/export.factory';
import { createIncident, incidentPayload } from '../factories/incident.factory';
import { createShelter, familyOfFour, person, postIntake } from '../factories/intake.factory';
import { createOrganization, createService, postReferral, referral } from '../factories/referral.factory';
import { createUser, logIn, LoggedIn, loggedInUser, TEST_PASSWORD } from '../factories/user.factory';
import { multipartBody } from '../support/multipart';
import { apiRoutes, routeKey } from '../support/openapi-routes';
import { InjectOptions, startTestApp, TestApp } from '../support/test-app';

/**
 * Who may call what: every route of the OpenAPI document x every role (and anonymous), from the
 * one table below. A route without an entry fails the first test, so a new route cannot ship
 * without deciding who may call it. 'allow' means anything but 401/403 and never a 5xx.
 *
 * Coordinators, shelter workers and lawyers work in the `own` shelter. A route on records kept
 * in a shelter also runs against the `other` shelter (`otherShelter`): outside the caller's
 * scope the record must look absent, 404 (or 422 for an id given in a body), never 403.
 */
type Caller = Role | 'anonymous';
type Expectation = 'allow' | 401 | 403 | 404 | 422;

/**
 * A shelter with one resident and one incident, built by an admin. Its referral goes to a
 * service of the partner's organization in the `own` shelter, of another organization in the
 * `other` one; the resident's asylum application is made once the users exist.
 */
interface ShelterFixture {
  shelterId: string;
  personId: string;
  stayId: string;
  referralId: string;
  serviceId: string;
  incidentId: string;
  applicationId?: string;
  /** The lawyer who follows the shelter's applications: the matrix's own lawyer only in the `own` shelter. */
  lawyerId?: string;
  /** An export to a partner of the partner user's organization (`own`), of another one (`other`). */
  exportId: string;
}

interface MatrixContext {
  app: TestApp['app'];
  /** A fresh login of the caller, for routes that end a login (logout, refresh). */
  freshLogin(caller: Role): Promise<LoggedIn>;
  targetUserId: string;
  /** A new resident of the shelter, for routes that change a stay (checkout). */
  newResident(
    shelterId: string,
  ): Promise<Pick<ShelterFixture, 'shelterId' | 'personId' | 'stayId'> & { householdId: string }>;
  /** A new shelter (no staff), for routes that hand a person over to another shelter. */
  newShelter(): Promise<string>;
  /** A new pending referral of the shelter's resident, for routes that move a referral. */
  newReferral(shelter: ShelterFixture): Promise<string>;
  organizationId: string;
  /** A new submitted incident of the shelter, for routes that review one. */
  newIncident(shelterId: string): Promise<string>;
  adminHeaders: { authorization: string };
  /** The armored public key of a partner, for routes that register one. */
  pgpPublicKey: string;
}

interface RouteCase {
  request(context: MatrixContext, caller: Caller, shelter: ShelterFixture): Promise<InjectOptions> | InjectOptions;
  expected: Record<Caller, Expectation>;
  otherShelter?: Record<Caller, Expectation>;
}

const PUBLIC: Record<Caller, Expectation> = {
  anonymous: 'allow',
  admin: 'allow',
  coordinator: 'allow',
  shelter_worker: 'allow',
  lawyer: 'allow',
  partner: 'allow',
};
const ANY_USER: Record<Caller, Expectation> = { ...PUBLIC, anonymous: 401 };
const ADMIN_ONLY: Record<Caller, Expectation> = {
  anonymous: 401,
  admin: 'allow',
  coordinator: 403,
  shelter_worker: 403,
  lawyer: 403,
  partner: 403,
};

const DESK: Record<Caller, Expectation> = { ...ADMIN_ONLY, coordinator: 'allow', shelter_worker: 'allow' };
const DESK_AND_LAWYER: Record<Caller, Expectation> = { ...DESK, lawyer: 'allow' };
const PARTNER_ONLY: Record<Caller, Expectation> = { ...ADMIN_ONLY, admin: 403, partner: 'allow' };
const DESK_AND_PARTNER: Record<Caller, Expectation> = { ...DESK, partner: 'allow' };
const ADMIN_AND_PARTNER: Record<Caller, Expectation> = { ...ADMIN_ONLY, partner: 'allow' };
const COORDINATION: Record<Caller, Expectation> = { ...ADMIN_ONLY, coordinator: 'allow' };
const ASYLUM: Record<Caller, Expectation> = { ...ADMIN_ONLY, coordinator: 'allow', lawyer: 'allow' };
/** Documents follow their owner (here the shelter's resident): whoever reads the person reads them. */
const PERSON_READERS: Record<Caller, Expectation> = { ...DESK_AND_LAWYER, partner: 404 };
/** A document of the shelter's resident, uploaded by an admin, for routes that read or delete one. */
async function residentDocument(context: MatrixContext, shelter: ShelterFixture): Promise<string> {
  const response = await uploadDocument(
    context.app,
    { headers: context.adminHeaders } as LoggedIn,
    { ownerType: 'person', ownerId: shelter.personId, kind: 'identity' },
    { data: pdfBytes('matriz') },
  );
  if (response.statusCode !== 201) throw new Error(`document not uploaded: ${response.statusCode}`);
  return response.json().id;
}

const hidden = (own: Record<Caller, Expectation>, status: 404 | 422 = 404): Record<Caller, Expectation> =>
  Object.fromEntries(
    Object.entries(own).map(([caller, expected]) => [
      caller,
      expected === 'allow' && caller !== 'admin' ? status : expected,
    ]),
  ) as Record<Caller, Expectation>;

const MATRIX: Record<string, RouteCase> = {
  'GET /api/v1/health': { request: () => ({ method: 'GET', url: '/api/v1/health' }), expected: PUBLIC },
  'GET /api/v1/health/ready': { request: () => ({ method: 'GET', url: '/api/v1/health/ready' }), expected: PUBLIC },
  'POST /api/v1/auth/login': {
    request: async (context) => {
      const user = await createUser(context.app, { role: 'lawyer' });
      return {
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: user.email, password: TEST_PASSWORD },
      };
    },
    expected: PUBLIC,
  },
  'POST /api/v1/auth/refresh': {
    request: async (context) => {
      const session = await context.freshLogin('lawyer');
      return { method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: session.refreshToken } };
    },
    expected: PUBLIC,
  },
  'POST /api/v1/auth/logout': {
    request: async (context, caller) => {
      const session = await context.freshLogin(caller === 'anonymous' ? 'lawyer' : caller);
      return {
        method: 'POST',
        url: '/api/v1/auth/logout',
        payload: { refreshToken: session.refreshToken },
        headers: caller === 'anonymous' ? {} : session.headers,
      };
    },
    expected: ANY_USER,
  },
  'GET /api/v1/me': { request: () => ({ method: 'GET', url: '/api/v1/me' }), expected: ANY_USER },
  'POST /api/v1/auth/password-reset': {
    request: () => ({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { resetToken: 'no-such-token', newPassword: 'una frase larga que nadie adivina' },
    }),
    expected: PUBLIC,
  },
  'POST /api/v1/me/password': {
    request: () => ({
      method: 'POST',
      url: '/api/v1/me/password',
      payload: { currentPassword: 'not the right password', newPassword: 'una frase larga que nadie adivina' },
    }),
    expected: ANY_USER,
  },
  'GET /api/v1/me/sessions': { request: () => ({ method: 'GET', url: '/api/v1/me/sessions' }), expected: ANY_USER },
  'DELETE /api/v1/me/sessions/{id}': {
    request: async (context, caller) => {
      const session = await context.freshLogin(caller === 'anonymous' ? 'lawyer' : caller);
      const listed = await context.app.inject({ method: 'GET', url: '/api/v1/me/sessions', headers: session.headers });
      return {
        method: 'DELETE',
        url: `/api/v1/me/sessions/${listed.json().items[0].id}`,
        headers: caller === 'anonymous' ? {} : session.headers,
      };
    },
    expected: ANY_USER,
  },
  'POST /api/v1/me/totp': { request: () => ({ method: 'POST', url: '/api/v1/me/totp' }), expected: ANY_USER },
  'POST /api/v1/me/totp/confirm': {
    request: () => ({ method: 'POST', url: '/api/v1/me/totp/confirm', payload: { totp: '000000' } }),
    expected: ANY_USER,
  },
  'DELETE /api/v1/me/totp': {
    request: () => ({ method: 'DELETE', url: '/api/v1/me/totp', payload: { totp: '000000' } }),
    expected: ANY_USER,
  },
  'POST /api/v1/users': {
    request: () => ({
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        email: `m${Math.random().toString(36).slice(2)}@test.albergue.example`,
        name: 'Matriz Usuario',
        password: TEST_PASSWORD,
        role: 'lawyer',
      },
    }),
    expected: ADMIN_ONLY,
  },
  'GET /api/v1/users': { request: () => ({ method: 'GET', url: '/api/v1/users' }), expected: ADMIN_ONLY },
  'PATCH /api/v1/users/{id}': {
    request: (context) => ({
      method: 'PATCH',
      url: `/api/v1/users/${context.targetUserId}`,
      payload: { name: 'Otro Nombre' },
    }),
    expected: ADMIN_ONLY,
  },
  'POST /api/v1/users/{id}/password-reset': {
    request: (context) => ({ method: 'POST', url: `/api/v1/users/${context.targetUserId}/password-reset` }),
    expected: ADMIN_ONLY,
  },
  'DELETE /api/v1/users/{id}/totp': {
    request: (context) => ({ method: 'DELETE', url: `/api/v1/users/${context.targetUserId}/totp` }),
    expected: ADMIN_ONLY,
  },
  'GET /api/v1/audit-events': { request: () => ({ method: 'GET', url: '/api/v1/audit-events' }), expected: ADMIN_ONLY },

  'POST /api/v1/shelters': {
    request: () => ({
      method: 'POST',
      url: '/api/v1/shelters',
      payload: {
        name: 'Matriz',
        code: `M${Math.random().toString(36).slice(2, 6).toUpperCase()}`,
        state: 'Tabasco',
        municipality: 'Tenosique',
        capacity: 10,
      },
    }),
    expected: ADMIN_ONLY,
  },
  'GET /api/v1/shelters': { request: () => ({ method: 'GET', url: '/api/v1/shelters' }), expected: DESK_AND_LAWYER },
  'GET /api/v1/shelters/{id}/occupancy': {
    request: (_c, _r, shelter) => ({ method: 'GET', url: `/api/v1/shelters/${shelter.shelterId}/occupancy` }),
    expected: DESK,
    otherShelter: hidden(DESK),
  },
  'GET /api/v1/shelters/{id}/occupancy/history': {
    request: (_c, _r, shelter) => ({
      method: 'GET',
      url: `/api/v1/shelters/${shelter.shelterId}/occupancy/history?days=30`,
    }),
    expected: COORDINATION,
    otherShelter: hidden(COORDINATION),
  },
  'GET /api/v1/shelters/{id}/stays': {
    request: (_c, _r, shelter) => ({ method: 'GET', url: `/api/v1/shelters/${shelter.shelterId}/stays?present=true` }),
    expected: DESK,
    otherShelter: hidden(DESK),
  },
  'POST /api/v1/persons': {
    request: () => ({
      method: 'POST',
      url: '/api/v1/persons',
      payload: { givenNames: 'Matriz', familyNames: 'Persona', sex: 'unknown', nationality: 'GT' },
    }),
    expected: DESK,
  },
  'GET /api/v1/persons': {
    request: () => ({ method: 'GET', url: '/api/v1/persons?q=matriz' }),
    expected: DESK_AND_LAWYER,
  },
  'GET /api/v1/persons/matches': {
    request: () => ({ method: 'GET', url: '/api/v1/persons/matches?givenNames=Matriz&familyNames=Residente' }),
    expected: DESK,
  },
  'GET /api/v1/persons/{id}': {
    request: (_c, _r, shelter) => ({ method: 'GET', url: `/api/v1/persons/${shelter.personId}` }),
    expected: DESK_AND_LAWYER,
    otherShelter: hidden(DESK_AND_LAWYER),
  },
  'PATCH /api/v1/persons/{id}': {
    request: (_c, _r, shelter) => ({
      method: 'PATCH',
      url: `/api/v1/persons/${shelter.personId}`,
      payload: { placeOfOrigin: 'Choloma, Cortés' },
    }),
    expected: DESK,
    otherShelter: hidden(DESK),
  },
  'POST /api/v1/persons/{id}/erasure': {
    request: async (context, _r, shelter) => {
      const resident = await context.newResident(shelter.shelterId);
      return {
        method: 'POST',
        url: `/api/v1/persons/${resident.personId}/erasure`,
        payload: { reason: 'data_subject_request' },
      };
    },
    // Network-wide, like every admin route: the role decides before any shelter does.
    expected: ADMIN_ONLY,
    otherShelter: ADMIN_ONLY,
  },
  'POST /api/v1/persons/{id}/notes': {
    request: (_c, caller, shelter) => ({
      method: 'POST',
      url: `/api/v1/persons/${shelter.personId}/notes`,
      payload: { kind: caller === 'lawyer' ? 'legal' : 'general', body: 'Nota de la matriz' },
    }),
    expected: DESK_AND_LAWYER,
    otherShelter: hidden(DESK_AND_LAWYER),
  },
  'GET /api/v1/persons/{id}/notes': {
    request: (_c, _r, shelter) => ({ method: 'GET', url: `/api/v1/persons/${shelter.personId}/notes` }),
    expected: DESK_AND_LAWYER,
    otherShelter: hidden(DESK_AND_LAWYER),
  },
  'GET /api/v1/persons/{id}/summary.pdf': {
    request: (_c, _r, shelter) => ({ method: 'GET', url: `/api/v1/persons/${shelter.personId}/summary.pdf` }),
    expected: DESK_AND_LAWYER,
    otherShelter: hidden(DESK_AND_LAWYER),
  },
  'GET /api/v1/persons/{id}/stays': {
    request: (_c, _r, shelter) => ({ method: 'GET', url: `/api/v1/persons/${shelter.personId}/stays` }),
    expected: DESK,
    otherShelter: hidden(DESK),
  },
  'POST /api/v1/households/{id}/checkout': {
    request: async (context, _r, shelter) => {
      const resident = await context.newResident(shelter.shelterId);
      return {
        method: 'POST',
        url: `/api/v1/households/${resident.householdId}/checkout`,
        payload: { departedAt: '2026-03-20T07:00:00-06:00', destination: 'continued_north' },
      };
    },
    expected: DESK,
    otherShelter: hidden(DESK),
  },
  'POST /api/v1/documents': {
    request: (_c, _r, shelter) => {
      const { payload, headers } = multipartBody(
        { ownerType: 'person', ownerId: shelter.personId, kind: 'identity' },
        { filename: 'matriz.pdf', contentType: 'application/pdf', data: pdfBytes('matriz') },
      );
      return { method: 'POST', url: '/api/v1/documents', headers, payload };
    },
    // A lawyer who reads the person may not add to it (403); where she reads nothing, nothing exists (404).
    expected: { ...DESK, lawyer: 403, partner: 404 },
    otherShelter: hidden({ ...DESK, lawyer: 404, partner: 404 }),
  },
  'GET /api/v1/documents': {
    request: (_c, _r, shelter) => ({
      method: 'GET',
      url: `/api/v1/documents?ownerType=person&ownerId=${shelter.personId}`,
    }),
    expected: PERSON_READERS,
    otherShelter: hidden(PERSON_READERS),
  },
  'GET /api/v1/documents/{id}': {
    request: async (context, _r, shelter) => ({
      method: 'GET',
      url: `/api/v1/documents/${await residentDocument(context, shelter)}`,
    }),
    expected: PERSON_READERS,
    otherShelter: hidden(PERSON_READERS),
  },
  'GET /api/v1/documents/{id}/content': {
    request: async (context, _r, shelter) => ({
      method: 'GET',
      url: `/api/v1/documents/${await residentDocument(context, shelter)}/content`,
    }),
    expected: PERSON_READERS,
    otherShelter: hidden(PERSON_READERS),
  },
  'DELETE /api/v1/documents/{id}': {
    request: async (context, _r, shelter) => ({
      method: 'DELETE',
      url: `/api/v1/documents/${await residentDocument(context, shelter)}`,
    }),
    // Those who read the document but may not delete it are told so (403); others see nothing (404).
    expected: { ...COORDINATION, shelter_worker: 403, lawyer: 403, partner: 404 },
    otherShelter: hidden({ ...COORDINATION, shelter_worker: 404, lawyer: 404, partner: 404 }),
  },
  'POST /api/v1/households': {
    request: (_c, _r, shelter) => ({
      method: 'POST',
      url: '/api/v1/households',
      payload: { members: [{ personId: shelter.personId, relationship: 'head' }] },
    }),
    expected: DESK,
    otherShelter: hidden(DESK, 422),
  },
  'POST /api/v1/intake': {
    request: (_c, _r, shelter) => ({
      method: 'POST',
      url: '/api/v1/intake',
      payload: {
        shelterId: shelter.shelterId,
        arrivedAt: '2026-03-14T22:10:00-06:00',
        members: [
          {
            person: { givenNames: 'Matriz', familyNames: 'Llegada', sex: 'female', nationality: 'HN' },
            relationship: 'head',
          },
        ],
        reasonsForLeaving: ['gang_threat'],
        vulnerabilities: [],
        previousDeportations: [],
      },
    }),
    expected: DESK,
    otherShelter: hidden(DESK),
  },
  'GET /api/v1/stays/{id}': {
    request: (_c, _r, shelter) => ({ method: 'GET', url: `/api/v1/stays/${shelter.stayId}` }),
    expected: DESK,
    otherShelter: hidden(DESK),
  },
  'POST /api/v1/stays/{id}/checkout': {
    request: async (context, _r, shelter) => {
      const resident = await context.newResident(shelter.shelterId);
      return {
        method: 'POST',
        url: `/api/v1/stays/${resident.stayId}/checkout`,
        payload: { departedAt: '2026-03-20T07:00:00-06:00', destination: 'continued_north' },
      };
    },
    expected: DESK,
    otherShelter: hidden(DESK),
  },
  'POST /api/v1/stays/{id}/transfer': {
    request: async (context, _r, shelter) => {
      const resident = await context.newResident(shelter.shelterId);
      return {
        method: 'POST',
        url: `/api/v1/stays/${resident.stayId}/transfer`,
        payload: { toShelterId: await context.newShelter() },
      };
    },
    expected: DESK,
    otherShelter: hidden(DESK),
  },
  'GET /api/v1/transfers': {
    request: (_c, _r, shelter) => ({ method: 'GET', url: `/api/v1/transfers?shelterId=${shelter.shelterId}` }),
    expected: DESK,
    otherShelter: hidden(DESK),
  },
  'POST /api/v1/transfers/{id}/cancel': {
    request: async (context, _r, shelter) => {
      const resident = await context.newResident(shelter.shelterId);
      const offered = await context.app.inject({
        method: 'POST',
        url: `/api/v1/stays/${resident.stayId}/transfer`,
        headers: context.adminHeaders,
        payload: { toShelterId: await context.newShelter() },
      });
      return { method: 'POST', url: `/api/v1/transfers/${offered.json<{ id: string }>().id}/cancel` };
    },
    expected: DESK,
    otherShelter: hidden(DESK),
  },

  'POST /api/v1/organizations': {
    request: () => ({
      method: 'POST',
      url: '/api/v1/organizations',
      payload: { name: 'Matriz Organización', description: 'Servicios de prueba.' },
    }),
    expected: ADMIN_ONLY,
  },
  'GET /api/v1/organizations': { request: () => ({ method: 'GET', url: '/api/v1/organizations' }), expected: ANY_USER },
  'POST /api/v1/services': {
    request: (context) => ({
      method: 'POST',
      url: '/api/v1/services',
      payload: { organizationId: context.organizationId, name: 'Matriz', status: 'active', category: 'other' },
    }),
    expected: ADMIN_ONLY,
  },
  'GET /api/v1/services': {
    request: () => ({ method: 'GET', url: '/api/v1/services?category=legal' }),
    expected: ANY_USER,
  },
  'GET /api/v1/services/hsds': { request: () => ({ method: 'GET', url: '/api/v1/services/hsds' }), expected: ANY_USER },
  'POST /api/v1/referrals': {
    request: (_c, _r, shelter) => ({
      method: 'POST',
      url: '/api/v1/referrals',
      payload: referral(shelter.personId, shelter.serviceId),
    }),
    expected: DESK,
    otherShelter: hidden(DESK, 422),
  },
  'GET /api/v1/referrals': {
    request: () => ({ method: 'GET', url: '/api/v1/referrals?status=pending' }),
    expected: DESK,
  },
  'GET /api/v1/referrals/inbox': {
    request: () => ({ method: 'GET', url: '/api/v1/referrals/inbox' }),
    expected: PARTNER_ONLY,
  },
  'GET /api/v1/referrals/overdue-counts': {
    request: () => ({ method: 'GET', url: '/api/v1/referrals/overdue-counts' }),
    expected: DESK,
  },
  'GET /api/v1/referrals/{id}': {
    request: (_c, _r, shelter) => ({ method: 'GET', url: `/api/v1/referrals/${shelter.referralId}` }),
    expected: DESK,
    otherShelter: hidden(DESK),
  },
  'POST /api/v1/referrals/{id}/status': {
    request: async (context, caller, shelter) => ({
      method: 'POST',
      url: `/api/v1/referrals/${await context.newReferral(shelter)}/status`,
      // Each side makes its own move: the organization accepts, the shelter cancels.
      payload: { status: caller === 'partner' ? 'accepted' : 'cancelled' },
    }),
    expected: DESK_AND_PARTNER,
    otherShelter: hidden(DESK_AND_PARTNER),
  },
  'GET /api/v1/vocabularies/{name}': {
    request: () => ({ method: 'GET', url: '/api/v1/vocabularies/act-types' }),
    expected: ANY_USER,
  },
  'POST /api/v1/incidents': {
    request: (_c, _r, shelter) => ({
      method: 'POST',
      url: '/api/v1/incidents',
      payload: incidentPayload(shelter.shelterId),
    }),
    expected: DESK,
    otherShelter: hidden(DESK),
  },
  'GET /api/v1/incidents': {
    request: (_c, _r, shelter) => ({ method: 'GET', url: `/api/v1/incidents?shelterId=${shelter.shelterId}` }),
    expected: DESK,
    otherShelter: hidden(DESK),
  },
  'GET /api/v1/incidents/{id}': {
    request: (_c, _r, shelter) => ({ method: 'GET', url: `/api/v1/incidents/${shelter.incidentId}` }),
    expected: DESK,
    otherShelter: hidden(DESK),
  },
  'POST /api/v1/incidents/{id}/review': {
    request: async (context, _r, shelter) => ({
      method: 'POST',
      url: `/api/v1/incidents/${await context.newIncident(shelter.shelterId)}/review`,
      payload: { decision: 'verified', note: 'Revisado en la matriz.' },
    }),
    expected: COORDINATION,
    otherShelter: hidden(COORDINATION),
  },
  'POST /api/v1/incidents/{id}/consent': {
    request: (_c, _r, shelter) => ({
      method: 'POST',
      url: `/api/v1/incidents/${shelter.incidentId}/consent`,
      payload: { level: 'anonymous' },
    }),
    expected: DESK,
    otherShelter: hidden(DESK),
  },
  // Version 1 of the fixture's incident is in force already: a caller allowed here gets 409.
  'POST /api/v1/incidents/{id}/consent/{version}/confirm': {
    request: (_c, _r, shelter) => ({
      method: 'POST',
      url: `/api/v1/incidents/${shelter.incidentId}/consent/1/confirm`,
    }),
    expected: COORDINATION,
    otherShelter: hidden(COORDINATION),
  },
  'POST /api/v1/incidents/{id}/consent/{version}/decline': {
    request: (_c, _r, shelter) => ({
      method: 'POST',
      url: `/api/v1/incidents/${shelter.incidentId}/consent/1/decline`,
    }),
    expected: COORDINATION,
    otherShelter: hidden(COORDINATION),
  },
  'GET /api/v1/stats/incidents': {
    request: () => ({
      method: 'GET',
      url: '/api/v1/stats/incidents?groupBy=perpetratorType&from=2026-01-01&to=2026-12-31',
    }),
    expected: COORDINATION,
  },
  'POST /api/v1/asylum-applications': {
    request: (_c, caller, shelter) => ({
      method: 'POST',
      url: '/api/v1/asylum-applications',
      payload: {
        personId: shelter.personId,
        jurisdiction: 'MX_COMAR',
        enteredCountryOn: '2026-06-05',
        grounds: 'generalized_violence',
        ...(caller === 'lawyer' ? {} : { lawyerId: shelter.lawyerId }),
      },
    }),
    expected: ASYLUM,
    otherShelter: hidden(ASYLUM, 422),
  },
  'GET /api/v1/asylum-applications': {
    request: () => ({ method: 'GET', url: '/api/v1/asylum-applications' }),
    expected: ASYLUM,
  },
  'GET /api/v1/asylum-applications/{id}': {
    request: (_c, _r, shelter) => ({ method: 'GET', url: `/api/v1/asylum-applications/${shelter.applicationId}` }),
    expected: ASYLUM,
    otherShelter: hidden(ASYLUM),
  },
  'GET /api/v1/asylum-applications/{id}/summary.pdf': {
    request: (_c, _r, shelter) => ({
      method: 'GET',
      url: `/api/v1/asylum-applications/${shelter.applicationId}/summary.pdf`,
    }),
    expected: ASYLUM,
    otherShelter: hidden(ASYLUM),
  },
  'POST /api/v1/asylum-applications/{id}/events': {
    request: (_c, _r, shelter) => ({
      method: 'POST',
      url: `/api/v1/asylum-applications/${shelter.applicationId}/events`,
      payload: { type: 'filed', occurredOn: '2026-07-10' },
    }),
    expected: ASYLUM,
    otherShelter: hidden(ASYLUM),
  },
  'GET /api/v1/deadlines': { request: () => ({ method: 'GET', url: '/api/v1/deadlines' }), expected: ASYLUM },
  'GET /api/v1/stats/asylum': {
    request: () => ({ method: 'GET', url: '/api/v1/stats/asylum?groupBy=nationality' }),
    expected: ASYLUM,
  },
  'POST /api/v1/calendar/closures': {
    request: () => ({
      method: 'POST',
      url: '/api/v1/calendar/closures',
      payload: { date: '2030-12-24', reference: 'DOF de prueba' },
    }),
    expected: ADMIN_ONLY,
  },
  'GET /api/v1/calendar/closures': {
    request: () => ({ method: 'GET', url: '/api/v1/calendar/closures' }),
    expected: ASYLUM,
  },
  'GET /api/v1/reminders': { request: () => ({ method: 'GET', url: '/api/v1/reminders' }), expected: ASYLUM },
  'GET /api/v1/reminders/unread-count': {
    request: () => ({ method: 'GET', url: '/api/v1/reminders/unread-count' }),
    expected: ASYLUM,
  },
  // Nobody has a reminder here: the roles that may call it get the 404 of a reminder that is not theirs.
  'POST /api/v1/reminders/{id}/read': {
    request: () => ({ method: 'POST', url: `/api/v1/reminders/${crypto.randomUUID()}/read` }),
    expected: ASYLUM,
  },
  'GET /api/v1/lawyers': { request: () => ({ method: 'GET', url: '/api/v1/lawyers' }), expected: COORDINATION },

  'POST /api/v1/partners': {
    request: (context) => ({
      method: 'POST',
      url: '/api/v1/partners',
      payload: partnerPayload(context.pgpPublicKey),
    }),
    expected: ADMIN_ONLY,
  },
  'GET /api/v1/partners': { request: () => ({ method: 'GET', url: '/api/v1/partners' }), expected: ADMIN_ONLY },
  'POST /api/v1/exports': {
    request: async (context, _caller, shelter) => {
      const state = await context.app.inject({
        method: 'GET',
        url: `/api/v1/exports/${shelter.exportId}`,
        headers: context.adminHeaders,
      });
      return {
        method: 'POST',
        url: '/api/v1/exports',
        payload: {
          partnerId: state.json().partnerId,
          dataset: 'incidents_aggregate',
          format: 'csv',
          from: '2026-01-01',
          to: '2026-06-30',
        },
      };
    },
    expected: ADMIN_ONLY,
  },
  'GET /api/v1/exports': { request: () => ({ method: 'GET', url: '/api/v1/exports' }), expected: ADMIN_AND_PARTNER },
  'GET /api/v1/exports/{id}': {
    request: (_context, _caller, shelter) => ({ method: 'GET', url: `/api/v1/exports/${shelter.exportId}` }),
    expected: ADMIN_AND_PARTNER,
    otherShelter: hidden(ADMIN_AND_PARTNER),
  },
  'GET /api/v1/exports/{id}/download': {
    request: (_context, _caller, shelter) => ({ method: 'GET', url: `/api/v1/exports/${shelter.exportId}/download` }),
    expected: ADMIN_AND_PARTNER,
    otherShelter: hidden(ADMIN_AND_PARTNER),
  },
  'GET /api/v1/exports/{id}/disclosures': {
    request: (_context, _caller, shelter) => ({
      method: 'GET',
      url: `/api/v1/exports/${shelter.exportId}/disclosures`,
    }),
    expected: ADMIN_ONLY,
  },
};

const CALLERS: Caller[] = ['anonymous', ...ROLES];

describe('authorization matrix', () => {
  let testApp: TestApp;
  let context: MatrixContext;
  let own: ShelterFixture;
  let other: ShelterFixture;
  const sessions = new Map<Role, LoggedIn>();

  beforeAll(async () => {
    testApp = await startTestApp();
    const admin = await loggedInUser(testApp.app, { role: 'admin' });
    const newResident = async (shelterId: string) => {
      const response = await postIntake(testApp.app, admin, {
        ...familyOfFour(shelterId, '2026-03-14T22:10:00-06:00'),
        members: [{ person: person({ givenNames: 'Matriz', familyNames: 'Residente' }), relationship: 'head' }],
      });
      const stay = response.json().stays[0];
      return { shelterId, personId: stay.personId, stayId: stay.id, householdId: response.json().householdId };
    };
    const partnerOrganization = await createOrganization(testApp.app, admin);
    const elsewhere = await createOrganization(testApp.app, admin, { name: 'Otra organización' });
    const newReferral = async (shelter: ShelterFixture): Promise<string> => {
      const payload = referral(shelter.personId, shelter.serviceId, { shelterId: shelter.shelterId });
      const response = await postReferral(testApp.app, admin, payload);
      if (response.statusCode !== 201) throw new Error(`referral not created: ${response.body}`);
      return response.json().id;
    };
    const newIncident = (shelterId: string) => createIncident(testApp.app, admin, incidentPayload(shelterId));
    const { publicKey } = await partnerKeys();
    const newExport = async (organizationId: string): Promise<string> => {
      const partner = await createPartner(testApp.app, admin, { ...partnerPayload(publicKey), organizationId });
      const response = await testApp.app.inject({
        method: 'POST',
        url: '/api/v1/exports',
        headers: admin.headers,
        payload: {
          partnerId: partner.id,
          dataset: 'incidents_aggregate',
          format: 'csv',
          from: '2026-01-01',
          to: '2026-06-30',
        },
      });
      if (response.statusCode !== 202) throw new Error(`export not requested: ${response.body}`);
      return response.json().id;
    };
    const fixtureOf = async (shelterId: string, organizationId: string): Promise<ShelterFixture> => {
      const resident = await newResident(shelterId);
      const fixture = {
        ...resident,
        exportId: await newExport(organizationId),
        referralId: '',
        serviceId: (await createService(testApp.app, admin, organizationId)).id,
        incidentId: await newIncident(shelterId),
      };
      return { ...fixture, referralId: await newReferral(fixture) };
    };
    own = await fixtureOf((await createShelter(testApp.app, admin)).id, partnerOrganization.id);
    other = await fixtureOf((await createShelter(testApp.app, admin)).id, elsewhere.id);
    const users = new Map<Role, Awaited<ReturnType<typeof createUser>>>();
    for (const role of ROLES) {
      const shelterIds = ['coordinator', 'shelter_worker'].includes(role) ? [own.shelterId] : undefined;
      const organizationId = role === 'partner' ? partnerOrganization.id : undefined;
      const user = await createUser(testApp.app, { role, shelterIds, organizationId });
      users.set(role, user);
      sessions.set(role, await logIn(testApp.app, user));
    }
    const target = await createUser(testApp.app, { role: 'lawyer' });
    // The matrix's lawyer follows the application in its own shelter; another lawyer the one elsewhere.
    for (const [fixture, lawyerId] of [
      [own, users.get('lawyer')!.id],
      [other, target.id],
    ] as const) {
      const response = await testApp.app.inject({
        method: 'POST',
        url: '/api/v1/asylum-applications',
        headers: admin.headers,
        payload: {
          personId: fixture.personId,
          jurisdiction: 'MX_COMAR',
          enteredCountryOn: '2026-06-05',
          grounds: 'gender',
          lawyerId,
        },
      });
      fixture.applicationId = response.json().id;
      fixture.lawyerId = lawyerId;
    }
    context = {
      app: testApp.app,
      freshLogin: (role) => logIn(testApp.app, users.get(role)!),
      targetUserId: target.id,
      newResident,
      newShelter: async () => (await createShelter(testApp.app, admin)).id,
      newReferral,
      organizationId: partnerOrganization.id,
      newIncident,
      adminHeaders: admin.headers,
      pgpPublicKey: publicKey,
    };
    // A dozen argon2 logins and a PGP key: more than the default 30 s on a busy machine.
  }, 180_000);
  afterAll(async () => {
    await testApp.close();
  });

  it('has an entry for every route of the API, and no entry for a route that does not exist', async () => {
    const routes = (await apiRoutes(testApp.app)).map(routeKey);
    expect(routes.sort()).toEqual(Object.keys(MATRIX).sort());
  });

  const cases = Object.entries(MATRIX).flatMap(([route, routeCase]) => [
    ...CALLERS.map((caller) => [route, caller, 'own', routeCase.expected[caller], routeCase] as const),
    ...(routeCase.otherShelter
      ? CALLERS.map((caller) => [route, caller, 'other', routeCase.otherShelter![caller], routeCase] as const)
      : []),
  ]);

  it.each(cases)('%s as %s (%s shelter) -> %s', async (_route, caller, shelter, expected, routeCase) => {
    const options = await routeCase.request(context, caller, shelter === 'own' ? own : other);
    const headers = caller === 'anonymous' ? {} : sessions.get(caller)!.headers;
    const response = await testApp.app.inject({ ...options, headers: { ...headers, ...(options.headers ?? {}) } });
    if (expected === 'allow') {
      expect([401, 403]).not.toContain(response.statusCode);
      expect(response.statusCode).toBeLessThan(500);
    } else {
      expect(response.statusCode).toBe(expected);
    }
  });
});

@Controller('forgotten')
class ForgottenController {
  @Get()
  forgotten(): string {
    return 'nobody decided who may call this';
  }
}

@Module({ controllers: [ForgottenController] })
class ForgottenModule {}

describe('a route that declares neither @Roles() nor @Public()', () => {
  it('stops the API from starting, naming the route', async () => {
    await expect(startTestApp({ extraModules: [ForgottenModule] })).rejects.toThrow(
      'routes without @Roles() or @Public(): ForgottenController.forgotten',
    );
  });
});
