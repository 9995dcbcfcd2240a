import { NestFastifyApplication } from '@nestjs/platform-fastify';

import { LoggedIn } from './user.factory';

/** Words that must never show up outside GET /incidents/:id, nor in the database in clear. */
export const NARRATIVE = 'Los agentes los bajaron del tren de madrugada y golpearon a uno con la culata.';
export const INJURY_DETAILS = 'Fractura de costilla, hematomas en la espalda.';

/** A night raid on the rail line: INM agents and the National Guard, one man beaten. */
export const incidentPayload = (shelterId: string, overrides: Record<string, unknown> = {}) => ({
  shelterId,
  occurredOn: '2026-03-12',
  occurredOnApproximate: false,
  timeOfDay: 'early_morning',
  location: { state: 'Chiapas', municipality: 'Palenque', placeType: 'rail_line', description: 'Junto al puente' },
  acts: [
    {
      type: 'physical_assault',
      victim: { sex: 'male', ageBand: '26-59', nationality: 'HN' },
      perpetrators: [
        { type: 'inm_agent', count: 4, description: 'Uniforme gris, camioneta blanca' },
        { type: 'national_guard', count: 2 },
      ],
      injuries: true,
      injuryDetails: INJURY_DETAILS,
      medicalCareDenied: true,
    },
  ],
  narrative: NARRATIVE,
  reportedTo: ['none'],
  witnessesCount: 6,
  consent: { level: 'anonymous' },
  ...overrides,
});

/** One act by one kind of perpetrator, for statistics. */
export const actBy = (perpetratorType: string, type = 'extortion') => ({
  type,
  victim: { sex: 'female', ageBand: '18-25' },
  perpetrators: [{ type: perpetratorType }],
});

export async function postIncident(app: NestFastifyApplication, as: LoggedIn, payload: object) {
  return app.inject({ method: 'POST', url: '/api/v1/incidents', headers: as.headers, payload });
}

export async function createIncident(app: NestFastifyApplication, as: LoggedIn, payload: object): Promise<string> {
  const response = await postIncident(app, as, payload);
  if (response.statusCode !== 201) throw new Error(`incident not created: ${response.body}`);
  return response.json().id;
}

export async function reviewIncident(
  app: NestFastifyApplication,
  as: LoggedIn,
  id: string,
  decision: 'verified' | 'rejected' = 'verified',
) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${id}/review`,
    headers: as.headers,
    payload: { decision, note: 'Coincide con el registro médico.' },
  });
}

export async function recordConsent(app: NestFastifyApplication, as: LoggedIn, id: string, consent: object) {
  return app.inject({ method: 'POST', url: `/api/v1/incidents/${id}/consent`, headers: as.headers, payload: consent });
}

/** POST /incidents/:id/consent/:version/confirm or /decline: a coordinator's answer to a pending raise. */
export async function decideConsent(
  app: NestFastifyApplication,
  as: LoggedIn,
  id: string,
  version: number | string,
  decision: 'confirm' | 'decline' = 'confirm',
) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${id}/consent/${version}/${decision}`,
    headers: as.headers,
  });
}
