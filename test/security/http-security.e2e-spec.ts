import { loggedInUser } from '../factories/user.factory';
import { base64url, forgeToken } from '../support/forged-token';
import { InjectOptions, LightMyRequestResponse, startTestApp, TestApp } from '../support/test-app';

describe('HTTP security', () => {
  let testApp: TestApp;
  let claims: Record<string, unknown>;
  let signingKey: Buffer;
  let genuine: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    signingKey = testApp.config.secrets.tokenSigningKey;
    const admin = await loggedInUser(testApp.app, { role: 'admin' });
    genuine = admin.accessToken;
    claims = JSON.parse(Buffer.from(genuine.split('.')[1], 'base64url').toString());
  });
  afterAll(async () => {
    await testApp.close();
  });

  const inject = (options: InjectOptions) => testApp.app.inject(options);
  const me = (token: string) =>
    inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });

  function expectUnauthenticated(response: LightMyRequestResponse): void {
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    const problem = response.json();
    expect(problem).toMatchObject({ status: 401, requestId: response.headers['x-request-id'] });
    // Which check failed stays on the server: no "jwt expired", "invalid signature"...
    expect(response.body).not.toMatch(/jwt|signature|expired|algorithm/i);
  }

  describe('access tokens', () => {
    it('accepts the genuine token (so the refusals below are about the forgery)', async () => {
      expect((await me(genuine)).statusCode).toBe(200);
      expect((await me(forgeToken({ alg: 'HS256', typ: 'JWT' }, claims, signingKey))).statusCode).toBe(200);
    });

    it.each<[string, () => string]>([
      ['alg none without a signature', () => forgeToken({ alg: 'none', typ: 'JWT' }, claims, null)],
      ['alg None', () => forgeToken({ alg: 'None', typ: 'JWT' }, claims, null)],
      [
        'alg none with the genuine signature',
        () => `${forgeToken({ alg: 'none' }, claims, null)}${genuine.split('.')[2]}`,
      ],
      [
        'a signature made with another key',
        () => forgeToken({ alg: 'HS256', typ: 'JWT' }, claims, Buffer.alloc(32, 1)),
      ],
      ['alg HS512 with the real key', () => forgeToken({ alg: 'HS512', typ: 'JWT' }, claims, signingKey, 'sha512')],
      ['alg RS256 over an HMAC signature', () => forgeToken({ alg: 'RS256', typ: 'JWT' }, claims, signingKey)],
      [
        'claims changed under the genuine signature',
        () => {
          const [header, , signature] = genuine.split('.');
          return `${header}.${base64url({ ...claims, sub: '00000000-0000-4000-8000-000000000000' })}.${signature}`;
        },
      ],
      [
        'an expired token signed with the real key',
        () => {
          const now = Math.floor(Date.now() / 1000);
          return forgeToken({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now - 3600, exp: now - 60 }, signingKey);
        },
      ],
      [
        'a token of another audience',
        () => forgeToken({ alg: 'HS256' }, { ...claims, aud: 'another-api' }, signingKey),
      ],
      ['an empty token', () => ''],
      ['three empty parts', () => '..'],
      ['a header that is not JSON', () => `${Buffer.from('{').toString('base64url')}.e30.x`],
    ])('refuses %s with 401 problem+json', async (_name, token) => {
      expectUnauthenticated(await me(token()));
    });

    it('refuses a token with a key id or a URL pointing elsewhere, whatever it names', async () => {
      for (const header of [
        { alg: 'HS256', kid: "' OR 1=1 --" },
        { alg: 'HS256', kid: '../../../../dev/null' },
        { alg: 'HS256', jku: 'http://127.0.0.1:1/keys' },
      ]) {
        expectUnauthenticated(await me(forgeToken(header, claims, Buffer.alloc(32, 2))));
      }
    });
  });

  describe('security headers', () => {
    const answers: [string, InjectOptions][] = [
      ['a JSON answer', { method: 'GET', url: '/api/v1/health' }],
      ['a problem (401)', { method: 'GET', url: '/api/v1/me' }],
      ['an unknown route', { method: 'GET', url: '/api/v1/nothing-here' }],
      ['the Swagger UI', { method: 'GET', url: '/api/v1/docs' }],
      [
        'a refused body',
        { method: 'POST', url: '/api/v1/auth/login', payload: '{', headers: { 'content-type': 'application/json' } },
      ],
    ];

    it.each(answers)('are on %s', async (_name, options) => {
      const response = await inject(options);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(response.headers['x-frame-options']).toMatch(/^(DENY|SAMEORIGIN)$/);
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      // Browsers honour HSTS only over HTTPS, so it is safe to send always; a TLS proxy passes it on.
      expect(response.headers['strict-transport-security']).toMatch(/max-age=(\d{8,}|3[1-9]\d{6})/);
      expect(response.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(response.headers).not.toHaveProperty('x-powered-by');
      expect(response.headers).not.toHaveProperty('server');
    });

    it("are on what Fastify's router refuses before any hook runs", async () => {
      const response = await inject({ method: 'GET', url: `/api/v1/persons/${'x'.repeat(500)}` });
      expect(response.statusCode).toBe(414);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(String(response.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers).not.toHaveProperty('x-powered-by');
    });
  });
});
