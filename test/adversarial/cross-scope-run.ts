import { Role } from '@albergue/access';

import { HostileWorld, idKind, pathParameterHint, UNKNOWN_ID, urlOf } from '../hostile/hostile-world';
import { multipartBody } from '../support/multipart';
import { ApiRoute, JsonSchema, routeKey } from '../support/openapi-routes';
import { changedTables, tableFingerprints } from '../support/table-fingerprints';
import { InjectOptions, LightMyRequestResponse } from '../support/test-app';
import { SHARED_KINDS, Side } from './adversarial-world';
import { Check, CrossScopeFailure, CrossScopeReport } from './cross-scope-report';
import { bodyFor, IdSlot, idSlotsOf, requiredQuery } from './id-slots';

/** The roles that work inside one side of the network; an admin is network-wide, so nothing is foreign to her. */
export const SCOPED_ROLES: Role[] = ['coordinator', 'shelter_worker', 'lawyer', 'partner'];

export interface CrossScopeOptions {
  /** `short` (npm test): each id field once per route and role, A against B. `long` (npm run fuzz): every foreign id, every shape, both ways. */
  depth: 'short' | 'long';
  /** Only the routes (`METHOD /path`) this matches. */
  only?: RegExp;
}

interface Attack {
  attacker: Side;
  victim: Side;
  route: ApiRoute;
  role: Role;
  slot: IdSlot;
  foreignId: string;
  foreignKind: string;
  shape: Shape;
}

/**
 * `mixed`: every other id field holds the caller's own records, lists [own, foreign]; `alone`: the
 * foreign id and the required fields only; `all-foreign`: every id field holds the other side's.
 */
type Shape = 'mixed' | 'alone' | 'all-foreign';

const isRead = (route: ApiRoute) => route.method === 'GET';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** The caller's own world: the hostile world's helpers then fill every id with the caller's own records. */
function ownWorld(side: Side, role: Role): HostileWorld {
  return { ...side.world, ids: side.ownIds(role) };
}

function hintOf(route: ApiRoute, slot: IdSlot): string {
  if (slot.kindHint) return slot.kindHint;
  return slot.where === 'path' ? pathParameterHint(route, slot.name) : slot.name;
}

/** A small real PDF: the file of a multipart body, so that a refusal is about the ids, not the file. */
const ATTACK_FILE = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');

/** The request: the caller's own records everywhere, `value` in the attacked slot. */
function requestOf(attack: Attack, value: string): InjectOptions {
  const { route, slot, role } = attack;
  const world = ownWorld(attack.attacker, role);
  const query = requiredQuery(route, slot.where === 'query' ? slot.name : undefined).filter(
    ([name]) => !(slot.where === 'query' && slot.pinned?.name === name),
  );
  if (slot.where === 'query')
    query.push([slot.name, value], ...(slot.pinned ? [[slot.pinned.name, slot.pinned.value] as [string, string]] : []));
  const url =
    urlOf(world, route, slot.where === 'path' ? { [slot.name]: value } : {}) +
    (query.length > 0 ? `?${new URLSearchParams(query).toString()}` : '');
  const others = attack.shape === 'all-foreign' ? ownWorld(attack.victim, role) : world;
  const multipartSchema = route.otherBodySchemas?.['multipart/form-data'];
  if (!route.bodySchema && multipartSchema) {
    const fields = bodyFor(multipartSchema, {
      target: slot.contentType ? slot : undefined,
      foreignId: value,
      shape: attack.shape === 'alone' ? 'alone' : 'mixed',
      own: (name) => others.ids[idKind(name)],
    }) as Record<string, unknown>;
    if (slot.contentType && slot.pinned) fields[slot.pinned.name] = slot.pinned.value;
    const { payload, headers } = multipartOf(fields, multipartSchema);
    return {
      method: route.method as 'POST',
      url,
      headers: { ...world.sessions.get(role)!.headers, ...headers },
      payload,
    };
  }
  const payload = route.bodySchema
    ? bodyFor(route.bodySchema, {
        target: slot.where === 'body' ? slot : undefined,
        foreignId: value,
        shape: attack.shape === 'alone' ? 'alone' : 'mixed',
        own: (name) => others.ids[idKind(name)],
      })
    : undefined;
  return {
    method: route.method as 'GET',
    url,
    headers: world.sessions.get(role)!.headers,
    ...(payload !== undefined ? { payload: payload as object } : {}),
  };
}

/** A body built from a multipart schema, sent as a browser's FormData: the text fields, then the files (binary fields). */
function multipartOf(fields: Record<string, unknown>, schema: JsonSchema) {
  const binary = (name: string) => schema.properties?.[name]?.format === 'binary';
  const texts = Object.fromEntries(
    Object.entries(fields)
      .filter(([name, value]) => !binary(name) && value !== undefined)
      .map(([name, value]) => [name, String(value)]),
  );
  const fileField = Object.keys(schema.properties ?? {}).find(binary);
  return multipartBody(
    texts,
    fileField
      ? { field: fileField, filename: 'documento.pdf', contentType: 'application/pdf', data: ATTACK_FILE }
      : undefined,
  );
}

/**
 * The foreign ids an attack sends into a slot of `kind`. In the short run one: of that kind, one
 * that no earlier request got accepted with where the side has several (so that one hole does not
 * make every later answer about the same person look like another); of another kind when the
 * role may name that kind anywhere in the network.
 */
function foreignIdsFor(
  victim: Side,
  role: Role,
  kind: string,
  depth: CrossScopeOptions['depth'],
  accepted: string[],
): [string, string][] {
  if (depth === 'long') return [...victim.ids.entries()].filter(([, kind]) => !SHARED_KINDS[role].includes(kind));
  const shared = SHARED_KINDS[role].includes(kind);
  const primary = victim.world.ids[shared ? 'person' : kind];
  const canonical = victim.ids.get(primary);
  const alike = [...victim.ids].filter(([, other]) => other === canonical).map(([id]) => id);
  const id = [primary, ...alike].find((candidate) => !accepted.includes(candidate)) ?? primary;
  return [[id, shared ? 'person' : kind]];
}

/** Everything of the victim's side that the answer to the attacker must not contain. */
function leaksIn(body: string, attack: Pick<Attack, 'victim' | 'role'>, sent: string[]): string[] {
  const text = body.toLowerCase();
  const leaks: string[] = [];
  for (const [id, kind] of attack.victim.ids) {
    if (SHARED_KINDS[attack.role].includes(kind) || sent.includes(id)) continue;
    if (text.includes(id.toLowerCase())) leaks.push(`side ${attack.victim.label}'s ${kind} id ${id}`);
  }
  for (const [word, what] of attack.victim.words) {
    if (new RegExp(`\\b${word.toLowerCase()}\\b`).test(text)) leaks.push(what);
  }
  return leaks;
}

function itemsCount(response: LightMyRequestResponse): number | undefined {
  try {
    const items = (JSON.parse(response.body) as { items?: unknown }).items;
    return Array.isArray(items) ? items.length : undefined;
  } catch {
    return undefined;
  }
}

/** The fields a 422 names (`errors[].field`), or undefined when it names none. */
function fieldsNamed(response: LightMyRequestResponse): string[] | undefined {
  try {
    const errors = (JSON.parse(response.body) as { errors?: { field?: string }[] }).errors;
    const fields = (errors ?? []).map((error) => error.field).filter((field): field is string => !!field);
    return fields.length > 0 ? fields : undefined;
  } catch {
    return undefined;
  }
}

function describe(attack: Attack): string {
  return (
    `${routeKey(attack.route)} as ${attack.role} of side ${attack.attacker.label}, ${attack.slot.label} = ` +
    `side ${attack.victim.label}'s ${attack.foreignKind} ${attack.foreignId} (${attack.shape})`
  );
}

/**
 * Sends one attack and the same request with an id of no record; checks the answer, the tables
 * and the body. Returns what went wrong.
 */
async function runAttack(
  world: HostileWorld,
  attack: Attack,
  isCaller: boolean,
  report: CrossScopeReport,
  baselines: Map<string, LightMyRequestResponse>,
): Promise<CrossScopeFailure[]> {
  const key = routeKey(attack.route);
  const failures: CrossScopeFailure[] = [];
  // A person named here whom an earlier accepted request linked to the other side.
  const linked = [
    attack.foreignId,
    ...(JSON.stringify(requestOf(attack, attack.foreignId).payload ?? '').match(UUID) ?? []),
  ]
    .filter((id) => report.accepted.includes(id))
    .filter((id) => id === attack.foreignId || attack.attacker.ids.get(id) === 'person');
  const earlier =
    linked.length > 0 ? ` (an earlier request was accepted with ${linked.join(', ')}: this may follow from it)` : '';
  const fail = (check: Check, problem: string) =>
    failures.push({ check, route: key, message: `${describe(attack)}: ${problem}${earlier}` });
  const write = !isRead(attack.route);
  const send = async (value: string) => {
    const before = write ? await tableFingerprints(world.db) : undefined;
    const request = requestOf(attack, value);
    const response = await world.app.inject(request);
    report.requests++;
    const changed = before ? changedTables(before, await tableFingerprints(world.db)) : [];
    return { request, response, changed };
  };
  const foreign = await send(attack.foreignId);
  const status = foreign.response.statusCode;
  // An id the caller sent may come back in the refusal: that tells her nothing.
  const sent = `${foreign.request.url} ${JSON.stringify(foreign.request.payload ?? '')}`;
  report.byStatus[status] = (report.byStatus[status] ?? 0) + 1;
  // Every record the accepted request named is now linked to the other side's: later answers about them may show it.
  if (status < 300 && foreign.changed.length > 0) report.accepted.push(...(sent.match(UUID) ?? []));
  const detail = `${status} ${foreign.response.body.slice(0, 200)}`;
  if (foreign.changed.length > 0) fail('changed', `changed rows (answered ${status}): ${foreign.changed.join('; ')}`);
  const leaks = leaksIn(
    foreign.response.body,
    attack,
    [...attack.victim.ids.keys()].filter((id) => sent.includes(id)),
  );
  if (leaks.length > 0) fail('leaked', `answered ${status} revealing ${leaks.join(', ')}`);
  if (!isCaller) {
    if (status !== 403) fail('status', `answered ${detail}; expected 403 (the role may not call the route)`);
    return failures;
  }
  // The same request with an id of no record: one per slot and shape, whatever the foreign id.
  const baselineKey = `${key} ${attack.role} ${attack.attacker.label} ${attack.slot.label} ${attack.shape}`;
  if (!baselines.has(baselineKey)) {
    const baseline = await send(UNKNOWN_ID);
    if (baseline.changed.length > 0) fail('changed', `an id of no record changed rows: ${baseline.changed.join('; ')}`);
    baselines.set(baselineKey, baseline.response);
  }
  const unknown = { response: baselines.get(baselineKey)! };
  // Alone, a body may lack what another field had to give (a victim given one way or the other): 400 then.
  const refused = status === 404 || status === 422 || (status === 400 && attack.shape === 'alone');
  const sameAsUnknown =
    status === unknown.response.statusCode && itemsCount(foreign.response) === itemsCount(unknown.response);
  if (attack.slot.where === 'query' && status >= 200 && status < 300) {
    // A filter on a record out of scope may answer an empty list, as for an id of no record.
    if (!sameAsUnknown) {
      fail(
        'existence',
        `answered ${status} with ${itemsCount(foreign.response)} items, but ${unknown.response.statusCode} with ` +
          `${itemsCount(unknown.response)} items for an id of no record`,
      );
    }
  } else if (!refused) {
    fail('status', `answered ${detail}; expected 404 or 422`);
  } else if (status !== unknown.response.statusCode) {
    fail(
      'existence',
      `answered ${status} but ${unknown.response.statusCode} for an id of no record: the answer tells that the record exists`,
    );
  }
  // Only the mixed shape is a valid body but for the attacked field; alone, another rule may speak first.
  if (status === 422 && attack.slot.where === 'body' && attack.shape === 'mixed') {
    const fields = fieldsNamed(foreign.response);
    if (fields && !fields.some((field) => field.includes(attack.slot.name))) {
      fail(
        'reason',
        `refused for another field (${fields.join(', ')}): the suite's body is not valid enough to test ${attack.slot.label}`,
      );
    }
  }
  return failures;
}

/** A read as the caller with its own ids: the answer must hold nothing of the other side. */
async function runOwnRead(attacker: Side, victim: Side, route: ApiRoute, role: Role, report: CrossScopeReport) {
  const world = ownWorld(attacker, role);
  const query = requiredQuery(route);
  const url = urlOf(world, route) + (query.length > 0 ? `?${new URLSearchParams(query).toString()}` : '');
  const response = await world.app.inject({ method: 'GET', url, headers: world.sessions.get(role)!.headers });
  report.requests++;
  const leaks = leaksIn(response.body, { victim, role }, []);
  return leaks.length > 0
    ? [
        {
          check: 'leaked' as const,
          route: routeKey(route),
          message:
            `${routeKey(route)} as ${role} of side ${attacker.label} with its own ids: answered ${response.statusCode} ` +
            `revealing ${leaks.join(', ')}` +
            (report.accepted.length > 0 ? ` (after ${report.accepted.length} foreign ids were accepted earlier)` : ''),
        },
      ]
    : [];
}

/**
 * Every route of the OpenAPI document, every role of one side, every id slot, filled with the
 * other side's ids. Failures go to the report, one line each, precise enough to find the hole.
 */
export async function runCrossScope(
  sides: [Side, Side],
  options: CrossScopeOptions,
  report: CrossScopeReport,
): Promise<void> {
  const started = Date.now();
  const baselines = new Map<string, LightMyRequestResponse>();
  const directions: [Side, Side][] = options.depth === 'long' ? [sides, [sides[1], sides[0]]] : [sides];
  for (const [attacker, victim] of directions) {
    const world = attacker.world;
    for (const route of world.routes) {
      const key = routeKey(route);
      if (route.path.endsWith('/docs/openapi.json') || (options.only && !options.only.test(key))) continue;
      const callers = world.callers.get(key) ?? [];
      const slots: IdSlot[] = [];
      for (const slot of idSlotsOf(route)) {
        const kind = idKind(hintOf(route, slot));
        const gap =
          slot.where === 'unsent'
            ? `${slot.label} is an id in a body the suite cannot send: teach requestOf that content type`
            : !(kind in attacker.world.ids) || !(kind in victim.world.ids)
              ? `${slot.label} names a kind of record ('${kind}') the adversarial world has none of: add one to the hostile world's ids`
              : undefined;
        if (!gap) slots.push(slot);
        else if (attacker === sides[0]) report.failures.push({ check: 'gap', route: key, message: `${key}: ${gap}` });
      }
      for (const role of SCOPED_ROLES) {
        const isCaller = callers.includes(role);
        if (isRead(route) && isCaller)
          report.failures.push(...(await runOwnRead(attacker, victim, route, role, report)));
        // A role the guards turn away is asked once (always, in the long run).
        const slotsForRole = isCaller || options.depth === 'long' ? slots : slots.slice(0, 1);
        for (const slot of slotsForRole) {
          const kind = idKind(hintOf(route, slot));
          (report.covered[key] ??= []).push(`${slot.label} as ${role}`);
          const shapes: Shape[] =
            options.depth === 'long' && slot.where === 'body' ? ['mixed', 'alone', 'all-foreign'] : ['mixed'];
          for (const [foreignId, foreignKind] of foreignIdsFor(victim, role, kind, options.depth, report.accepted)) {
            for (const shape of shapes) {
              const attack = { attacker, victim, route, role, slot, foreignId, foreignKind, shape };
              report.failures.push(...(await runAttack(world, attack, isCaller, report, baselines)));
            }
          }
        }
      }
    }
  }
  report.ms += Date.now() - started;
}
