import fc from 'fast-check';

import { ApiRoute, routeKey } from '../support/openapi-routes';
import { startTestApp, TestApp } from '../support/test-app';
import { plausibleValue } from './hostile-requests';
import { HostileWorld, prepareHostileWorld, urlOf } from './hostile-world';

const encode = (raw: string): string => Buffer.from(raw).toString('base64url');

/**
 * Cursors no list gives out, each well-formed base64url: numbers that are not offsets, strings
 * that are not ids, dates or timestamps, wrong types and shapes. A list must refuse every one
 * (whatever its own cursor holds) before it reaches SQL.
 */
const TAMPERED_CURSORS: Record<string, string> = {
  infinity: encode('[1e400]'),
  negative: encode('[-1]'),
  fraction: encode('[1.5]'),
  unsafeInteger: encode('[9007199254740993]'),
  nanLike: encode('["NaN"]'),
  null: encode('[null]'),
  object: encode('[{"id":1}]'),
  nested: encode('[[1]]'),
  notAnArray: encode('{"offset":0}'),
  empty: encode('[]'),
  tooLong: encode(JSON.stringify(Array.from({ length: 4 }, () => 'x'))),
  hugeString: encode(JSON.stringify(['9'.repeat(300)])),
  nul: encode('["a\\u0000b"]'),
  notUuid: encode('["not-a-uuid","not-a-uuid"]'),
  uuidThenJunk: encode('["00000000-0000-4000-8000-000000000000","junk"]'),
  impossibleDate: encode('["2026-02-30","00000000-0000-4000-8000-000000000000"]'),
  impossibleTimestamp: encode('["2026-13-45T99:99:99Z","00000000-0000-4000-8000-000000000000"]'),
  dateThenOverflow: encode('["2026-01-01","00000000-0000-4000-8000-000000000000",1e400]'),
  notJson: encode('{{{'),
  notBase64: '!!!',
};

/** Values for the query parameters a list requires, so that only the cursor can be wrong. */
function requiredQuery(world: HostileWorld, route: ApiRoute): string {
  const parameters = route.queryParameters.filter(
    (parameter) => (parameter as { required?: boolean }).required && parameter.name !== 'cursor',
  );
  return parameters
    .map((parameter) => {
      const [value] = fc.sample(plausibleValue(world, parameter.schema, parameter.name, false), {
        numRuns: 1,
        seed: 1,
      });
      return `${encodeURIComponent(parameter.name)}=${encodeURIComponent(String(value))}&`;
    })
    .join('');
}

describe('tampered list cursors', () => {
  let testApp: TestApp;
  let world: HostileWorld;
  let lists: ApiRoute[];

  beforeAll(async () => {
    testApp = await startTestApp();
    world = await prepareHostileWorld(testApp);
    lists = world.routes.filter(
      (route) => route.method === 'GET' && route.queryParameters.some((parameter) => parameter.name === 'cursor'),
    );
  }, 120000);

  afterAll(async () => {
    await world?.db.end();
    await testApp?.close();
  });

  it('finds the lists in the OpenAPI document', () => {
    expect(lists.length).toBeGreaterThan(10);
    expect(lists.map(routeKey)).toEqual(
      expect.arrayContaining([
        'GET /api/v1/persons',
        'GET /api/v1/audit-events',
        'GET /api/v1/exports/{id}/disclosures',
      ]),
    );
  });

  it('answers 400 naming cursor to every tampered cursor on every list', async () => {
    const failures: string[] = [];
    for (const route of lists) {
      const callers = world.callers.get(routeKey(route)) ?? [];
      const role = callers.includes('admin') ? 'admin' : callers[0];
      if (!role) continue;
      const url = `${urlOf(world, route)}?${requiredQuery(world, route)}`;
      const headers = world.sessions.get(role)!.headers;
      const untouched = await world.app.inject({ method: 'GET', url, headers });
      if (untouched.statusCode !== 200) {
        failures.push(`${routeKey(route)} as ${role} without a cursor: ${untouched.statusCode} ${untouched.body}`);
        continue;
      }
      for (const [name, cursor] of Object.entries(TAMPERED_CURSORS)) {
        const response = await world.app.inject({ method: 'GET', url: `${url}cursor=${cursor}`, headers });
        const problem = response.headers['content-type']?.toString().startsWith('application/problem+json')
          ? response.json<{ errors?: { field: string }[] }>()
          : undefined;
        if (response.statusCode !== 400 || !problem?.errors?.some((error) => error.field === 'cursor')) {
          failures.push(`${routeKey(route)} cursor ${name}: ${response.statusCode} ${response.body.slice(0, 200)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120000);
});
