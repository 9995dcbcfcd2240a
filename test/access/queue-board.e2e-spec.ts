import { Role, ROLES } from '@albergue/access';

import { loggedInUser, LoggedIn } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

/** Bull Board is Fastify's, outside the OpenAPI document and so outside the authorization matrix. */
describe('Bull Board at /api/v1/admin/queues', () => {
  let testApp: TestApp;
  const users = new Map<Role, LoggedIn>();

  beforeAll(async () => {
    testApp = await startTestApp();
    for (const role of ROLES) users.set(role, await loggedInUser(testApp.app, { role }));
  });

  afterAll(async () => {
    await testApp?.close();
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    testApp.app.inject({ method: 'GET', url, headers });

  it('shows admins the board and every queue', async () => {
    const admin = users.get('admin')!;
    const page = await get('/api/v1/admin/queues', admin.headers);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const api = await get('/api/v1/admin/queues/api/queues?activeQueue=exports&page=1', admin.headers);
    expect(api.statusCode).toBe(200);
    const names = (api.json() as { queues: { name: string }[] }).queues.map((queue) => queue.name).sort();
    expect(names).toEqual(['deliveries', 'exports', 'health', 'reminders', 'retention']);
  });

  it.each(['/api/v1/admin/queues', '/api/v1/admin/queues/api/queues', '/api/v1/admin/queues/static/js/x.js'])(
    'answers 401 to a request without a token or with a bad one: %s',
    async (url) => {
      for (const headers of [{}, { authorization: 'Bearer not.a.token' }] as Record<string, string>[]) {
        const response = await get(url, headers);
        expect(response.statusCode).toBe(401);
        expect(response.headers['content-type']).toContain('application/problem+json');
      }
    },
  );

  it.each(ROLES.filter((role) => role !== 'admin'))('answers 403 to a %s', async (role) => {
    for (const url of ['/api/v1/admin/queues', '/api/v1/admin/queues/api/queues']) {
      const response = await get(url, users.get(role)!.headers);
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ status: 403 });
    }
  });

  it('refuses a non-admin the actions on jobs', async () => {
    const response = await testApp.app.inject({
      method: 'PUT',
      url: '/api/v1/admin/queues/api/queues/exports/clean/completed',
      headers: users.get('coordinator')!.headers,
    });
    expect(response.statusCode).toBe(403);
  });

  it('stays out of the OpenAPI document', async () => {
    const document = (await get('/api/v1/docs/openapi.json')).json() as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths).filter((path) => path.includes('admin/queues'))).toEqual([]);
  });
});
