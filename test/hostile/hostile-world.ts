import { Role, ROLES } from '@albergue/access';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';

import { comarApplication, createApplication } from '../factories/asylum.factory';
import { createNote } from '../factories/casefile.factory';
import { pdfBytes, uploadDocument } from '../factories/document.factory';
import { createPartner, exportPayload, partnerKeys, partnerPayload, requestExport } from '../factories/export.factory';
import { createIncident, incidentPayload } from '../factories/incident.factory';
import { createShelter, familyOfFour, postIntake } from '../factories/intake.factory';
import { createOrganization, createService, postReferral, referral } from '../factories/referral.factory';
import { createUser, logIn, LoggedIn } from '../factories/user.factory';
import { ApiRoute, apiRoutes, routeKey } from '../support/openapi-routes';
import { TestApp } from '../support/test-app';

/**
 * One record of each kind, made by an admin before the hostile requests, so that path ids and
 * ids in bodies can name real records: then a malformed body is refused for what it is, not
 * merely because its record is missing.
 */
export interface HostileWorld {
  app: NestFastifyApplication;
  routes: ApiRoute[];
  sessions: Map<Role, LoggedIn>;
  /** Who may call each route (`METHOD /path`): the roles the guards let through. */
  callers: Map<string, Role[]>;
  /** Record ids by kind: `shelter`, `person`, `stay`, `user`, `lawyer`, `organization`, ... */
  ids: Record<string, string>;
  db: Client;
}

export interface HostileWorldOptions {
  /** The group admitted at the shelter (default: the family of four). */
  intake?: (shelterId: string) => object;
  /** A name that tells this world's shelter and organization apart from another world's in the same database. */
  label?: string;
  /** Who may call each route, found already by another world of the same app (it depends on roles alone). */
  callers?: Map<string, Role[]>;
}

export async function prepareHostileWorld(testApp: TestApp, options: HostileWorldOptions = {}): Promise<HostileWorld> {
  const { app } = testApp;
  const admin = await logIn(app, await createUser(app, { role: 'admin' }));
  const label = options.label ? ` ${options.label}` : '';
  const organization = await createOrganization(app, admin, { name: `Clínica Jurídica de Prueba${label}` });
  const shelter = await createShelter(app, admin, { name: `Albergue de prueba${label}` });
  const intake = await postIntake(app, admin, (options.intake ?? familyOfFour)(shelter.id));
  if (intake.statusCode !== 201) throw new Error(`intake failed: ${intake.body}`);
  const stay = intake.json().stays[0] as { id: string; personId: string };
  const household = intake.json().householdId as string;
  const service = await createService(app, admin, organization.id);
  const referralResponse = await postReferral(
    app,
    admin,
    referral(stay.personId, service.id, { shelterId: shelter.id }),
  );
  if (referralResponse.statusCode !== 201) throw new Error(`referral failed: ${referralResponse.body}`);
  const incident = await createIncident(app, admin, incidentPayload(shelter.id));
  // A case note: what a correction names (`corrects`).
  const note = await createNote(app, admin, stay.personId, { kind: 'general', body: 'Nota de prueba' });

  const sessions = new Map<Role, LoggedIn>([['admin', admin]]);
  for (const role of ROLES.filter((r) => r !== 'admin')) {
    const user = await createUser(app, {
      role,
      // A lawyer holds no shelters: she reaches persons only through her applications.
      shelterIds: ['coordinator', 'shelter_worker'].includes(role) ? [shelter.id] : undefined,
      organizationId: role === 'partner' ? organization.id : undefined,
    });
    sessions.set(role, await logIn(app, user));
  }
  const lawyerId = sessions.get('lawyer')!.user.id;
  const application = await createApplication(app, admin, comarApplication(stay.personId, { lawyerId }));
  const partner = await createPartner(app, admin, {
    ...partnerPayload((await partnerKeys()).publicKey, { name: `Observatorio de Prueba${label}` }),
    organizationId: organization.id,
  });
  const exportResponse = await requestExport(app, admin, exportPayload(partner.id));
  if (exportResponse.statusCode !== 202) throw new Error(`export failed: ${exportResponse.body}`);
  const target = await createUser(app, { role: 'lawyer' });
  // A login of a user who calls nothing: a session id that is nobody's own among the callers.
  const targetSession = await logIn(app, target);
  const sessionsResponse = await app.inject({
    method: 'GET',
    url: '/api/v1/me/sessions',
    headers: targetSession.headers,
  });
  const session = (sessionsResponse.json().items as { id: string }[])[0];
  if (!session) throw new Error(`no session listed: ${sessionsResponse.body}`);
  // A second shelter, and a pending transfer of another member of the group to it.
  const toShelter = await createShelter(app, admin, { name: `Albergue de destino${label}` });
  const transferResponse = await app.inject({
    method: 'POST',
    url: `/api/v1/stays/${(intake.json().stays[1] as { id: string }).id}/transfer`,
    headers: admin.headers,
    payload: { toShelterId: toShelter.id },
  });
  if (transferResponse.statusCode !== 201) throw new Error(`transfer failed: ${transferResponse.body}`);
  // A document attached to the person: a record whose id is in the path of the documents routes.
  const documentResponse = await uploadDocument(
    app,
    admin,
    { ownerType: 'person', ownerId: stay.personId, kind: 'identity' },
    { data: pdfBytes() },
  );
  if (documentResponse.statusCode !== 201) throw new Error(`document failed: ${documentResponse.body}`);

  const ids: Record<string, string> = {
    shelter: shelter.id,
    person: stay.personId,
    victimPerson: stay.personId,
    dependent: stay.personId,
    stay: stay.id,
    household,
    user: target.id,
    actor: target.id,
    lawyer: lawyerId,
    organization: organization.id,
    service: service.id,
    referral: referralResponse.json().id,
    incident,
    entity: incident,
    'asylum-application': application.id,
    application: application.id,
    partner: partner.id,
    recipient: partner.id,
    export: exportResponse.json().id,
    session: session.id,
    toShelter: toShelter.id,
    transfer: transferResponse.json().id,
    correct: note.id,
    document: documentResponse.json().id,
  };
  const db = new Client({ connectionString: testApp.config.databaseUrl });
  await db.connect();
  // A reminder of the lawyer's application: the daily job records them, no route does.
  const reminder = await db.query(
    `INSERT INTO asylum_reminders (application_id, deadline_kind, due_on, threshold, lawyer_id)
     SELECT application_id, kind, due_on, 3, $2 FROM asylum_deadlines WHERE application_id = $1 AND open
      LIMIT 1 RETURNING id`,
    [application.id, lawyerId],
  );
  ids.reminder = (reminder.rows[0] as { id: string }).id;
  const routes = await apiRoutes(app);
  const world: HostileWorld = { app, routes, sessions, callers: options.callers ?? new Map(), ids, db };
  if (!options.callers)
    for (const route of routes) world.callers.set(routeKey(route), await discoverCallers(world, route));
  return world;
}

/** The id a path parameter or a body field names, from its route segment or field name. */
export function idFor(world: HostileWorld, hint: string): string {
  return world.ids[idKind(hint)] ?? UNKNOWN_ID;
}

/** The kind of record (a key of `HostileWorld.ids`) a field, parameter or route segment names: `dependentIds` -> `dependent`. */
export const idKind = (hint: string): string => hint.replace(/Ids?$/, '').replace(/s$/, '');

/** What a path parameter names: the route segment before it (`/persons/{id}` -> `persons`). */
export const pathParameterHint = (route: Pick<ApiRoute, 'path'>, name: string): string =>
  route.path.split(`/{${name}}`)[0].split('/').pop() ?? name;

/** A well-formed id of no record. */
export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** The URL of a route with each path parameter replaced by a real record's id (or given values). */
export function urlOf(world: HostileWorld, route: ApiRoute, values: Record<string, string> = {}): string {
  return route.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    if (name in values) return values[name];
    if (route.path.includes('/vocabularies/')) return 'act-types';
    return idFor(world, pathParameterHint(route, name));
  });
}

/**
 * Asks as each role with an empty body and no query: the guards answer before any validation,
 * so 401 and 403 mean the role may not call the route at all. Found at run time, so a new route
 * needs no entry here.
 */
async function discoverCallers(world: HostileWorld, route: ApiRoute): Promise<Role[]> {
  const callers: Role[] = [];
  for (const role of ROLES) {
    const response = await world.app.inject({
      method: route.method as 'GET',
      url: urlOf(world, route, { id: UNKNOWN_ID }),
      headers: world.sessions.get(role)!.headers,
      ...(route.bodySchema ? { payload: {} } : {}),
    });
    if (response.statusCode !== 401 && response.statusCode !== 403) callers.push(role);
  }
  return callers;
}
