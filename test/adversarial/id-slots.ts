import { PLAUSIBLE_DATES, PLAUSIBLE_TIMESTAMPS } from '../hostile/hostile-requests';
import { UNKNOWN_ID } from '../hostile/hostile-world';
import { ApiRoute, JsonSchema } from '../support/openapi-routes';

/**
 * Where a route takes a record's id: a path parameter, a query parameter, or a field of its JSON
 * body (nested objects and arrays included), read from the OpenAPI document alone, so that a new
 * route or field is attacked without a change here.
 */
export interface IdSlot {
  /** `unsent`: a field of a body whose content type the suite cannot send yet (it sends JSON and multipart/form-data). */
  where: 'path' | 'query' | 'body' | 'unsent';
  /** Body only: how the body is sent; JSON when left out. */
  contentType?: 'multipart/form-data';
  /**
   * A sibling that says what kind of record the id is (`ownerType` beside `ownerId`): the slot is
   * attacked once per value of that enum, with the sibling set to it and a foreign record of that kind.
   */
  pinned?: { name: string; value: string };
  /** The kind of record the id names when the field's name does not tell it (an `ownerId` of `ownerType` incident). */
  kindHint?: string;
  /** The parameter or field name: what `idFor` reads the kind of record from. */
  name: string;
  /** Body only: the keys down to the field, `[]` for an array's items. */
  path: string[];
  /** A list of ids (`dependentIds`), not one. */
  list: boolean;
  /** `members[].personId`, `query lawyerId`, `path id`. */
  label: string;
}

/**
 * A field named like an id (`personId`, `dependentIds`, `id`), documented as a UUID, or described as
 * ids (`recipients`: "Ids of the partners..."); or a list of them.
 */
function idShaped(name: string, schema: JsonSchema): 'one' | 'list' | undefined {
  if (schema.type === 'array') {
    const items = schema.items ?? {};
    const described = /^ids? of\b/i.test(schema.description ?? '');
    return items.format === 'uuid' || ((/Ids$/.test(name) || described) && items.type === 'string')
      ? 'list'
      : undefined;
  }
  if (schema.format === 'uuid') return 'one';
  return /^(id|\w+Id)$/.test(name) && (schema.type === undefined || schema.type === 'string') ? 'one' : undefined;
}

function bodySlots(schema: JsonSchema | undefined, path: string[] = []): IdSlot[] {
  if (!schema) return [];
  if (schema.type === 'array' && schema.items) return bodySlots(schema.items, [...path, '[]']);
  const slots: IdSlot[] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const shape = idShaped(name, property);
    const here = [...path, name];
    if (shape) {
      const label = here.join('.').replace(/\.\[\]/g, '[]');
      slots.push({
        where: 'body',
        name,
        path: here,
        list: shape === 'list',
        label: shape === 'list' ? `${label}[]` : label,
      });
    } else {
      slots.push(...bodySlots(property, here));
    }
  }
  return slots;
}

/** What the hostile world calls a kind that an enum value names (`asylum_application` -> `application`). */
const KIND_OF_TYPE: Record<string, string> = { asylum_application: 'application' };

/**
 * An id whose kind a sibling enum tells (`ownerId` with `ownerType`): one slot per value of the
 * enum. Any other slot as it is.
 */
function expandTyped(slot: IdSlot, siblings: Record<string, JsonSchema>): IdSlot[] {
  const match = /^(\w+)Id$/.exec(slot.name);
  const typeSchema = match ? siblings[`${match[1]}Type`] : undefined;
  if (!match || !typeSchema?.enum) return [slot];
  return typeSchema.enum.map((value) => ({
    ...slot,
    pinned: { name: `${match[1]}Type`, value: String(value) },
    kindHint: KIND_OF_TYPE[String(value)] ?? String(value),
    label: `${slot.label} (${match[1]}Type=${String(value)})`,
  }));
}

/** Every id a request to the route can carry. */
export function idSlotsOf(route: ApiRoute): IdSlot[] {
  const parameters = (where: 'path' | 'query') =>
    (where === 'path' ? route.pathParameters : route.queryParameters)
      .filter((parameter) => idShaped(parameter.name, parameter.schema))
      .map((parameter) => ({
        where,
        name: parameter.name,
        path: [],
        list: false,
        label: `${where} ${parameter.name}`,
      }));
  const querySiblings = Object.fromEntries(
    route.queryParameters.map((parameter) => [parameter.name, parameter.schema]),
  );
  const other = Object.entries(route.otherBodySchemas ?? {}).flatMap(([type, schema]) =>
    bodySlots(schema).flatMap((slot) =>
      type === 'multipart/form-data'
        ? expandTyped({ ...slot, contentType: type, label: `${slot.label} (${type})` }, schema.properties ?? {})
        : [{ ...slot, where: 'unsent' as const, label: `${slot.label} (${type})` }],
    ),
  );
  return [
    ...parameters('path'),
    ...parameters('query').flatMap((slot) => expandTyped(slot, querySiblings)),
    ...bodySlots(route.bodySchema).flatMap((slot) => expandTyped(slot, route.bodySchema?.properties ?? {})),
    ...other,
  ];
}

/** A value of the schema that a careful client would send: its example, its first enum value, a real date. */
function typicalScalar(schema: JsonSchema): unknown {
  if (schema.example !== undefined) return schema.example;
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'string':
      if (schema.format === 'date') return PLAUSIBLE_DATES[0];
      if (schema.format === 'date-time') return PLAUSIBLE_TIMESTAMPS[0];
      return 'Texto de prueba suficientemente largo';
    case 'number':
    case 'integer':
      return schema.minimum ?? 1;
    case 'boolean':
      // True where a flag widens what the request does (closeOpenStaysAsTransferred, consentObtained).
      return true;
    default:
      return 'texto';
  }
}

export interface BodyPlan {
  /** The field that carries the foreign id; undefined: a body of the caller's own ids only. */
  target?: IdSlot;
  foreignId: string;
  /** `mixed`: every other id field filled with the caller's own ids (and every flag set), lists as [own, foreign]; `alone`: only the foreign one. */
  shape: 'mixed' | 'alone';
  /** The caller's own id of a kind, from a field name; undefined when she has none of that kind (a lawyer's shelter). */
  own: (name: string) => string | undefined;
}

/**
 * A body the route accepts from the caller, built from its schema: the required fields, every id
 * field (in `mixed` shape) holding the caller's own records, and the target field holding the
 * foreign id.
 */
export function bodyFor(schema: JsonSchema, plan: BodyPlan): unknown {
  return build(schema, 'body', plan.target?.path, plan);
}

function build(schema: JsonSchema, name: string, target: string[] | undefined, plan: BodyPlan): unknown {
  const shape = idShaped(name, schema);
  if (shape && target?.length === 0) {
    if (shape === 'one') return plan.foreignId;
    const own = plan.own(name);
    return plan.shape === 'mixed' && own && own !== plan.foreignId ? [own, plan.foreignId] : [plan.foreignId];
  }
  if (shape) {
    const own = plan.own(name);
    return own === undefined ? undefined : shape === 'one' ? own : [own];
  }
  if (schema.type === 'array') {
    const items = schema.items ?? { type: 'string' };
    if (target?.[0] === '[]') {
      const attacked = build(items, name, target.slice(1), plan);
      return plan.shape === 'mixed' ? [build(items, name, undefined, plan), attacked] : [attacked];
    }
    return [build(items, name, undefined, plan)];
  }
  if (schema.type === 'object' || schema.properties) {
    const required = new Set(schema.required ?? []);
    const body: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(schema.properties ?? {})) {
      const onTarget = target?.[0] === key;
      // In the mixed shape also every flag, set: `closeOpenStaysAsTransferred` must not carry a foreign person in.
      const include =
        required.has(key) ||
        onTarget ||
        (plan.shape === 'mixed' && (idShaped(key, property) || property.type === 'boolean'));
      const value = include ? build(property, key, onTarget ? target!.slice(1) : undefined, plan) : undefined;
      // A required id the caller has none of: an id of no record, refused as such.
      if (value !== undefined || required.has(key)) body[key] = value ?? UNKNOWN_ID;
    }
    return body;
  }
  return typicalScalar(schema);
}

/** The query string a request needs besides the attacked parameter: its required parameters, typical values. */
export function requiredQuery(route: ApiRoute, except?: string): [string, string][] {
  return route.queryParameters
    .filter((parameter) => parameter.name !== except && parameter.required)
    .map((parameter) => [parameter.name, String(typicalScalar(parameter.schema))]);
}
