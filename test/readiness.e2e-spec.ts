import { freePort } from './support/private-redis';
import { startTestApp, TestApp } from './support/test-app';

describe('readiness', () => {
  let apps: TestApp[] = [];
  afterEach(async () => {
    await Promise.all(apps.map((app) => app.close()));
    apps = [];
  });

  it('is ready when Postgres and Redis answer', async () => {
    const testApp = await startTestApp();
    apps.push(testApp);
    const response = await testApp.app.inject({ method: 'GET', url: '/api/v1/health/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', checks: { postgres: 'up', redis: 'up' }, down: [] });
  });

  it('turns 503 and names Redis when Redis does not answer, while liveness stays 200', async () => {
    const testApp = await startTestApp({ env: { REDIS_URL: `redis://127.0.0.1:${await freePort()}` } });
    apps.push(testApp);
    const response = await testApp.app.inject({ method: 'GET', url: '/api/v1/health/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      status: 'unavailable',
      checks: { postgres: 'up', redis: 'down' },
      down: ['redis'],
    });
    expect((await testApp.app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);
  });
});
