import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { startTestApp, TestApp } from '../support/test-app';

/** The API's serving of the web app, on a stand-in build (the real one is built by the browser tests). */
describe('the web app served at /', () => {
  let dir: string;
  let testApp: TestApp;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'albergue-web-serving-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><script type="module" src="/assets/index-abc123.js"></script>',
    );
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.info(1)');
    writeFileSync(join(dir, 'assets', 'index-abc123.js.gz'), gzipSync('console.info(1)'));
    testApp = await startTestApp({ env: { WEB_DIST_DIR: dir } });
  });
  afterAll(async () => {
    await testApp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    testApp.app.inject({ method: 'GET', url, headers });

  it('serves index.html at / and for the app paths, never cached, under a CSP that allows only its own scripts', async () => {
    for (const url of ['/', '/desk', '/applications/0f4e0b4e-4a5c-4b58-9a43-0a6d4b1f0f00']) {
      const response = await get(url);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.body).toContain('/assets/index-abc123.js');
      expect(response.headers['cache-control']).toBe('no-cache');
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
    }
  });

  it('serves hashed assets for a year, precompressed when the browser accepts it', async () => {
    const response = await get('/assets/index-abc123.js', { 'accept-encoding': 'gzip' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers['content-encoding']).toBe('gzip');
  });

  it('leaves /api/ to the API: an unknown API path is a 404 problem, not the app', async () => {
    const response = await get('/api/v1/no-such-route');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect((await get('/api/v1/health')).statusCode).toBe(200);
  });

  it('lets the API start without a web build', async () => {
    const bare = await startTestApp({ env: { WEB_DIST_DIR: join(dir, 'missing') } });
    try {
      expect((await bare.app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);
      expect((await bare.app.inject({ method: 'GET', url: '/desk' })).statusCode).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
