import { Role } from '@albergue/access';
import fc from 'fast-check';

import { ApiRoute, JsonSchema } from '../support/openapi-routes';
import {
  badEnumValue,
  badFormatValue,
  deeplyNestedJson,
  HOSTILE_KEYS,
  HOSTILE_NUMBERS,
  hostileString,
  wrongTypeValue,
} from './hostile-values';
import { HostileWorld, idFor, urlOf } from './hostile-world';

/** One generated request, printable as the failing input. */
export interface HostileRequest {
  method: string;
  url: string;
  role: Role;
  headers: Record<string, string>;
  /** The raw body as sent; undefined when none. */
  body?: string;
  /** What makes it hostile, for the report: `wrongType at members[0].relationship`, `malformedJson`... */
  defects: string[];
}

type Path = (string | number)[];

interface DefectSite {
  path: Path;
  kind: 'wrongType' | 'badEnum' | 'badFormat' | 'outOfRange' | 'missing' | 'unknownField';
  schema: JsonSchema;
}

export const PLAUSIBLE_DATES = ['2026-03-01', '2025-11-20', '1990-06-15'];
export const PLAUSIBLE_TIMESTAMPS = ['2026-03-14T22:10:00-06:00', '2026-01-02T08:00:00Z'];

/**
 * A value shaped like the schema: enums from their list, ids of real records, real dates, the
 * documented example, else (when `hostileText`) injection-shaped text. Arrays are sometimes
 * oversized. Not necessarily valid: the defects below make sure a request is refused.
 */
export function plausibleValue(
  world: HostileWorld,
  schema: JsonSchema,
  name: string,
  hostileText: boolean,
): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string': {
      if (schema.format === 'uuid') return fc.constant(idFor(world, name));
      if (schema.format === 'date') return fc.constantFrom(...PLAUSIBLE_DATES);
      if (schema.format === 'date-time') return fc.constantFrom(...PLAUSIBLE_TIMESTAMPS);
      const example = typeof schema.example === 'string' ? [fc.constant(schema.example)] : [];
      return hostileText ? fc.oneof(...example, hostileString()) : fc.oneof(...example, fc.constant('texto'));
    }
    case 'number':
    case 'integer': {
      const typical = typeof schema.example === 'number' ? schema.example : (schema.minimum ?? 1);
      return hostileText ? fc.oneof(fc.constant(typical), fc.constantFrom(...HOSTILE_NUMBERS)) : fc.constant(typical);
    }
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const items = schema.items ?? { type: 'string' };
      const item = plausibleValue(world, items, name, hostileText);
      if (!hostileText) return fc.array(item, { minLength: 1, maxLength: 2 });
      return fc.oneof(
        { weight: 9, arbitrary: fc.array(item, { minLength: 1, maxLength: 3 }) },
        // Oversized: a thousand plain items, still under the 1 MB body limit.
        {
          weight: 1,
          arbitrary: plausibleValue(world, items, name, false).map((one) => Array.from({ length: 1000 }, () => one)),
        },
      );
    }
    case 'object': {
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const entries = Object.entries(properties).map(([key, property]) => {
        const value = plausibleValue(world, property, key, hostileText);
        return [key, required.has(key) ? value : fc.option(value, { nil: undefined })] as const;
      });
      return fc
        .tuple(...entries.map(([, value]) => value))
        .map((values) =>
          Object.fromEntries(
            entries.map(([key], index) => [key, values[index]]).filter(([, value]) => value !== undefined),
          ),
        );
    }
    default:
      return fc.constant('texto');
  }
}

/** Every place in `value` where a defect that the schema forbids can be planted. */
function defectSites(schema: JsonSchema, value: unknown, path: Path = []): DefectSite[] {
  const sites: DefectSite[] = [];
  if (schema.type === 'object' && schema.properties && isPlainObject(value)) {
    sites.push({ path, kind: 'unknownField', schema });
    for (const [key, property] of Object.entries(schema.properties)) {
      const here = [...path, key];
      if ((schema.required ?? []).includes(key)) sites.push({ path: here, kind: 'missing', schema: property });
      if (!(key in value)) continue;
      if (property.type || property.enum) sites.push({ path: here, kind: 'wrongType', schema: property });
      if (property.enum) sites.push({ path: here, kind: 'badEnum', schema: property });
      if (property.format && ['uuid', 'date', 'date-time'].includes(property.format)) {
        sites.push({ path: here, kind: 'badFormat', schema: property });
      }
      if (property.minimum !== undefined || property.maximum !== undefined) {
        sites.push({ path: here, kind: 'outOfRange', schema: property });
      }
      sites.push(...defectSites(property, value[key], here));
    }
  }
  if (schema.type === 'array' && schema.items && Array.isArray(value) && value.length > 0) {
    const items = schema.items;
    if (items.enum) sites.push({ path: [...path, 0], kind: 'badEnum', schema: items });
    if (items.format && ['uuid', 'date', 'date-time'].includes(items.format)) {
      sites.push({ path: [...path, 0], kind: 'badFormat', schema: items });
    }
    if (items.type) sites.push({ path: [...path, 0], kind: 'wrongType', schema: items });
    sites.push(...defectSites(items, value[0], [...path, 0]));
  }
  return sites;
}

function defectValue(site: DefectSite): fc.Arbitrary<unknown> {
  switch (site.kind) {
    case 'wrongType':
      return wrongTypeValue(site.schema);
    case 'badEnum':
      return badEnumValue();
    case 'badFormat':
      return badFormatValue(site.schema.format!);
    case 'outOfRange':
      return fc.constantFrom(
        ...[site.schema.minimum, site.schema.maximum]
          .filter((bound): bound is number => bound !== undefined)
          .map((bound, index) => (index === 0 && site.schema.minimum !== undefined ? bound - 1 : bound + 1)),
      );
    case 'missing':
      return fc.constant(undefined);
    case 'unknownField':
      return fc.tuple(fc.constantFrom(...HOSTILE_KEYS), fc.oneof(hostileString(), fc.constant({ $gt: '' })));
  }
}

/** `value` with the defect planted: a copy, the original is left as it was. */
function plant(value: unknown, site: DefectSite, defect: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  const parentPath = site.kind === 'unknownField' ? site.path : site.path.slice(0, -1);
  let parent: Record<string | number, unknown> = copy;
  for (const step of parentPath) parent = parent[step] as Record<string | number, unknown>;
  if (site.kind === 'unknownField') {
    const [key, extra] = defect as [string, unknown];
    const known = site.schema.properties ?? {};
    parent[key in known ? `${key}_unknown` : key] = extra;
  } else if (site.kind === 'missing') {
    delete parent[site.path[site.path.length - 1]];
  } else {
    parent[site.path[site.path.length - 1]] = defect;
  }
  return copy;
}

const describePath = (path: Path): string =>
  path.map((step, index) => (typeof step === 'number' ? `[${step}]` : index === 0 ? step : `.${step}`)).join('') ||
  '(body)';

/** A JSON body of the route's schema with one to three defects that the schema forbids. */
function defectiveBody(world: HostileWorld, schema: JsonSchema): fc.Arbitrary<{ json: string; defects: string[] }> {
  return plausibleValue(world, schema, 'body', true).chain((base) => {
    const sites = defectSites(schema, base);
    if (sites.length === 0) return fc.constant({ json: JSON.stringify([base]), defects: ['array instead of object'] });
    const plan = fc.uniqueArray(fc.nat(sites.length - 1), { minLength: 1, maxLength: 3 });
    return plan.chain((indexes) =>
      fc.tuple(...indexes.map((index) => defectValue(sites[index]))).map((values) => {
        let body = base;
        const defects: string[] = [];
        indexes.forEach((index, n) => {
          const site = sites[index];
          // A defect under a field already removed or replaced has nowhere to go.
          if (!reachable(body, site.kind === 'unknownField' ? site.path : site.path.slice(0, -1))) return;
          body = plant(body, site, values[n]);
          defects.push(`${site.kind} at ${describePath(site.path)}`);
        });
        return { json: JSON.stringify(body), defects };
      }),
    );
  });
}

function reachable(value: unknown, path: Path): boolean {
  let node = value;
  for (const step of path) {
    if (!node || typeof node !== 'object' || !(step in node)) return false;
    node = (node as Record<string | number, unknown>)[step];
  }
  return isPlainObject(node) || Array.isArray(node);
}

/**
 * The whole body of a write route, definitely malformed: a schema body with planted defects,
 * sometimes also sent as something else (not an object, broken JSON, prototype-polluting keys,
 * another content type, over 1 MB, nested a hundred thousand levels deep).
 */
function hostileBody(
  world: HostileWorld,
  schema: JsonSchema,
): fc.Arbitrary<{ body?: string; contentType?: string; defects: string[] }> {
  const defective = defectiveBody(world, schema);
  const firstProperty = Object.keys(schema.properties ?? {})[0] ?? 'a';
  const requiresFields = (schema.required ?? []).length > 0;
  return fc.oneof(
    { weight: 12, arbitrary: defective.map(({ json, defects }) => ({ body: json, defects })) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('[]', '[{}]', '"text"', '42', 'null', 'true', '[[[]]]', ...(requiresFields ? ['{}'] : []))
        .map((json) => ({ body: json, defects: ['not an object of the schema'] })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          '{',
          '{"a":',
          '{"a":1,}',
          "{'a':1}",
          'NaN',
          '\u0000',
          '{"a":1}{"b":2}',
          '{"a":"\\x"}',
          // Fastify drops a byte-order mark, as RFC 8259 lets a parser do: this is `{}`, malformed
          // only where `{}` is (a body that must name fields).
          ...(requiresFields ? ['\ufeff{}'] : []),
        )
        .map((text) => ({ body: text, defects: ['malformed JSON'] })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          defective,
          fc.constantFrom(
            '"__proto__":{"isAdmin":true,"role":"admin"},',
            '"constructor":{"prototype":{"isAdmin":true}},',
          ),
        )
        .map(([{ json, defects }, pollution]) => ({
          body: json.startsWith('{') ? `{${pollution}${json.slice(1)}` : json,
          defects: [...defects, 'prototype pollution'],
        })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          defective,
          fc.constantFrom(
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'application/xml',
            'application/octet-stream',
            'text/csv',
            'application/json; charset=utf-16',
            'application/jsonx',
          ),
        )
        .map(([{ json, defects }, contentType]) => ({
          body: json,
          contentType,
          defects: [...defects, `content-type ${contentType}`],
        })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(1024 * 1024 + 1, 3 * 1024 * 1024).map((size) => ({
        body: JSON.stringify({ [firstProperty]: 'x'.repeat(size) }),
        defects: [`body of ${size} bytes`],
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(64, 5_000, 100_000), fc.constantFrom<'object' | 'array'>('object', 'array'))
        .map(([depth, kind]) => ({
          body: `{"${firstProperty}":${deeplyNestedJson(depth, kind)}}`,
          defects: [`${kind} nested ${depth} deep at ${firstProperty}`],
        })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom<{ body?: string; contentType?: string; defects: string[] }>(
        { body: '', defects: ['empty body declared as JSON'] },
        // A PATCH of optional fields without a body changes nothing, which is fine to accept.
        ...(requiresFields ? [{ body: undefined, defects: ['no body at all'] }] : []),
      ),
    },
  );
}

/** A path parameter: mostly a real record's id, sometimes something that is no id at all. */
function pathValues(
  world: HostileWorld,
  route: ApiRoute,
): fc.Arbitrary<{ values: Record<string, string>; defects: string[] }> {
  if (route.pathParameters.length === 0) return fc.constant({ values: {}, defects: [] });
  const hostile = fc.oneof(
    hostileString().filter((value) => value.length > 0),
    fc.constantFrom('..', '%', '00000000-0000-0000-0000-000000000000', 'x'.repeat(5000), '1 OR 1=1'),
  );
  return fc
    .array(fc.option(hostile, { freq: 3, nil: undefined }), {
      minLength: route.pathParameters.length,
      maxLength: route.pathParameters.length,
    })
    .map((chosen) => {
      const values: Record<string, string> = {};
      const defects: string[] = [];
      route.pathParameters.forEach((parameter, index) => {
        const value = chosen[index];
        if (value === undefined) return;
        values[parameter.name] = percentEncode(value);
        defects.push(`path ${parameter.name}=${preview(value)}`);
      });
      return { values, defects };
    });
}

/** A query string for the route's declared parameters, with hostile values, repeats and strays. */
function hostileQuery(world: HostileWorld, route: ApiRoute): fc.Arbitrary<{ query: string; defects: string[] }> {
  const parameters = route.queryParameters;
  const valueFor = (schema: JsonSchema, name: string): fc.Arbitrary<string> =>
    fc.oneof(
      { weight: 3, arbitrary: hostileString() },
      {
        weight: 2,
        arbitrary: plausibleValue(world, schema, name, false).map((value) => String(value)),
      },
      { weight: 1, arbitrary: fc.constantFrom('', '-1', '0', '1e9', '99999999999999999999', 'true', '[]') },
    );
  const one = (name: string, schema: JsonSchema) =>
    fc.oneof(
      { weight: 5, arbitrary: valueFor(schema, name).map((value) => [[name, value]]) },
      // Repeated: Fastify hands the handler an array.
      {
        weight: 1,
        arbitrary: fc
          .array(valueFor(schema, name), { minLength: 2, maxLength: 3 })
          .map((vs) => vs.map((v) => [name, v])),
      },
    );
  const declared = parameters.map((parameter) =>
    fc.option(one(parameter.name, parameter.schema), { freq: 2, nil: undefined }),
  );
  const strays = fc.option(
    fc.constantFrom<[string, string][]>(
      [['__proto__[isAdmin]', 'true']],
      [['constructor[prototype][isAdmin]', 'true']],
      [['unknownParameter', '1']],
      [['%00', '1']],
      [['limit[$gt]', '0']],
    ),
    { freq: 5, nil: undefined },
  );
  return fc.tuple(fc.tuple(...declared), strays).map(([chosen, stray]) => {
    const pairs = [...chosen.flatMap((entry) => entry ?? []), ...(stray ?? [])] as [string, string][];
    const query = pairs
      .map(
        ([name, value]) =>
          (name.includes('[') || name.startsWith('%') ? name : encodeURIComponent(name)) + '=' + percentEncode(value),
      )
      .join('&');
    return { query, defects: pairs.map(([name, value]) => `query ${name}=${preview(value)}`) };
  });
}

function headersArbitrary(): fc.Arbitrary<Record<string, string>> {
  return fc.record(
    {
      'accept-language': fc.constantFrom('en', 'es', "' OR 1=1 --", 'x'.repeat(500), 'en;q=abc,,,'),
      'x-request-id': fc.constantFrom('desk-1', '../../x', 'a'.repeat(200)),
    },
    { requiredKeys: [] },
  );
}

/** A request to a write route that must be refused: a malformed body, and maybe a bad path or query. */
export function malformedWriteRequest(world: HostileWorld, route: ApiRoute): fc.Arbitrary<HostileRequest> {
  const schema = route.bodySchema ?? { type: 'object', properties: {} };
  return fc
    .record({
      role: fc.constantFrom(...callersOf(world, route)),
      path: pathValues(world, route),
      body: hostileBody(world, schema),
      query: fc.option(hostileQuery(world, route), { freq: 4, nil: undefined }),
      headers: headersArbitrary(),
    })
    .map(({ role, path, body, query, headers }) => ({
      method: route.method,
      url: urlOf(world, route, path.values) + (query?.query ? `?${query.query}` : ''),
      role,
      headers: {
        ...headers,
        ...(body.body !== undefined ? { 'content-type': body.contentType ?? 'application/json' } : {}),
      },
      body: body.body,
      defects: [...path.defects, ...body.defects, ...(query?.defects ?? [])],
    }));
}

/** A read with hostile values in every query parameter it declares (and in its path). */
export function hostileReadRequest(world: HostileWorld, route: ApiRoute): fc.Arbitrary<HostileRequest> {
  return fc
    .record({
      role: fc.constantFrom(...callersOf(world, route)),
      path: pathValues(world, route),
      query: hostileQuery(world, route),
      headers: headersArbitrary(),
    })
    .map(({ role, path, query, headers }) => ({
      method: route.method,
      url: urlOf(world, route, path.values) + (query.query ? `?${query.query}` : ''),
      role,
      headers,
      defects: [...path.defects, ...query.defects],
    }));
}

/**
 * A write whose body is plausible (real ids, enum values, real dates) except for hostile text
 * and numbers in its fields: it may well be accepted, which is fine; it must never fail.
 */
export function hostileTextRequest(world: HostileWorld, route: ApiRoute): fc.Arbitrary<HostileRequest> {
  const schema = route.bodySchema ?? { type: 'object', properties: {} };
  return fc
    .record({
      role: fc.constantFrom(...callersOf(world, route)),
      body: plausibleValue(world, schema, 'body', true),
    })
    .map(({ role, body }) => ({
      method: route.method,
      url: urlOf(world, route),
      role,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      defects: ['hostile text in a plausible body'],
    }));
}

function callersOf(world: HostileWorld, route: ApiRoute): Role[] {
  const callers = world.callers.get(`${route.method} ${route.path}`) ?? [];
  return callers.length > 0 ? callers : ['admin'];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * encodeURIComponent, except that a lone surrogate (which it refuses to encode) goes out as the
 * bytes it would be in WTF-8 (`%ED%A0%80`): not UTF-8, which the server must refuse as such.
 */
export function percentEncode(value: string): string {
  return [...value]
    .map((char) => {
      const code = char.charCodeAt(0);
      if (char.length === 1 && code >= 0xd800 && code <= 0xdfff) {
        return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
          .map((byte) => `%${byte.toString(16).toUpperCase()}`)
          .join('');
      }
      return encodeURIComponent(char);
    })
    .join('');
}

export function preview(value: string, max = 60): string {
  const shown = JSON.stringify(value);
  return shown.length > max ? `${shown.slice(0, max)}…(${value.length} chars)` : shown;
}
