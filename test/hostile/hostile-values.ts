import fc from 'fast-check';

import { JsonSchema } from '../support/openapi-routes';

/**
 * What an attacker, a broken client or a confused desk types: injection-shaped, control and
 * unusual unicode, numeric and date edge cases. Each is a valid JSON string: it is data, and
 * must be stored or refused as data, never change the query or crash the request.
 */
export const HOSTILE_STRINGS: readonly string[] = [
  "' OR 1=1 --",
  "' OR '1'='1",
  '" OR ""="',
  "'; DROP TABLE persons; --",
  '1; SELECT pg_sleep(5)',
  "' UNION SELECT password_hash, email FROM users --",
  "%' OR '%'='",
  '%',
  '_',
  '\\',
  "\\'",
  '$$; SELECT 1; $$',
  '{"$gt": ""}',
  '{"$where": "sleep(5000)"}',
  '[$ne]=1',
  '__proto__',
  'constructor',
  'prototype',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '${7*7}',
  "=cmd|' /C calc'!A0",
  '../../../../etc/passwd',
  '%2e%2e%2f%2e%2e%2f',
  '%s%s%s%n',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\u202etxt.exe',
  '\u200b\u200c\u200d\ufeff',
  'ＳＥＬＥＣＴ',
  'a\u0301'.repeat(200),
  '🧒🏽👨‍👩‍👧‍👦',
  '\r\n\r\nX-Injected: 1',
  '\t',
  ' ',
  '',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '0x1F',
  '9'.repeat(40),
  '2026-02-30',
  '0000-00-00',
  '+275760-09-13',
  '2026-03-14T25:61:00Z',
  '1970-01-01T00:00:00+99:00',
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  '00000000-0000-0000-0000-00000000000g',
  "00000000-0000-0000-0000-000000000000' OR '1'='1",
  'A'.repeat(10_000),
];

/** Numbers at the edges of what JSON, JavaScript and Postgres' integer types hold. */
export const HOSTILE_NUMBERS: readonly number[] = [
  0,
  -1,
  -0,
  1.5,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53 + 2,
  1e21,
  1e308,
  -1e308,
  Number.MIN_VALUE,
];

/** Keys that must never reach a prototype, an ORM `where`, or a mass assignment. */
export const HOSTILE_KEYS: readonly string[] = [
  'isAdmin',
  'role',
  'id',
  'createdAt',
  'passwordHash',
  'shelterIds',
  '$where',
  '$gt',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'constructor',
  'then',
  '',
  ' ',
  'a.b',
  'x'.repeat(300),
];

export const hostileString = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 8 })).map(([a, b]) => a + b),
    },
  );

/** A value whose JSON type differs from the schema's and that no transform can turn into it. */
export function wrongTypeValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  const object = fc.constantFrom<unknown>({}, { $gt: '' }, { $where: '1' }, { toString: 'x' });
  const array = fc.constantFrom<unknown>([], [1, 2], [['nested']], [{ $ne: null }]);
  const text = fc.constantFrom<unknown>('abc', "' OR 1=1 --", 'NaN', '1e999x');
  switch (schema.enum ? 'enum' : schema.type) {
    case 'string':
      return fc.oneof(object, array, fc.constantFrom<unknown>(42, -1.5, true, false));
    case 'enum':
      return fc.oneof(object, array, fc.constantFrom<unknown>(42, true));
    case 'number':
    case 'integer':
      return fc.oneof(object, array, text);
    case 'boolean':
      return fc.oneof(object, array, fc.constantFrom<unknown>('yes', 'maybe', 2, -1));
    case 'array':
      return fc.oneof(object, fc.constantFrom<unknown>(42, true));
    case 'object':
      return fc.oneof(array, text, fc.constantFrom<unknown>(42, true));
    default:
      return fc.constant(Symbol.for('no-wrong-type'));
  }
}

/** A string that is not the format's (uuid, date, date-time): each a definite defect. */
export function badFormatValue(format: string): fc.Arbitrary<string> {
  switch (format) {
    case 'uuid':
      return fc.constantFrom(
        'not-a-uuid',
        "' OR 1=1 --",
        '00000000-0000-0000-0000-00000000000g',
        '00000000-0000-0000-0000-000000000000 ',
        "00000000-0000-0000-0000-000000000000' OR '1'='1",
        '{00000000-0000-0000-0000-000000000000}',
        '',
        '\u0000',
      );
    case 'date':
      return fc.constantFrom(
        '2026-02-30',
        '2026-13-01',
        '0000-00-00',
        '0000-01-01',
        '99999-01-01',
        '+275760-09-13',
        'yesterday',
        "2026-03-14' OR '1'='1",
        '2026-3-4',
        '',
      );
    case 'date-time':
      return fc.constantFrom(
        '2026-02-30T10:00:00Z',
        '2026-03-14T25:61:00Z',
        'now',
        '2026-03-14 10:00',
        '0000-01-01T00:00:00Z',
        "2026-03-14T10:00:00Z' OR '1'='1",
        '',
      );
    default:
      return fc.constant('\u0000');
  }
}

/** An enum's value it does not list. */
export const badEnumValue = (): fc.Arbitrary<string> =>
  fc.constantFrom('zz_not_in_the_vocabulary', "' OR 1=1 --", '', '\u0000', '__proto__', 'ADMIN');

/** `{"a":{"a":...}}` `depth` levels deep, written as text (JSON.stringify would recurse as deep). */
export function deeplyNestedJson(depth: number, kind: 'object' | 'array'): string {
  return kind === 'object' ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : '['.repeat(depth) + ']'.repeat(depth);
}
