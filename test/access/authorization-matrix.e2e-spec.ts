import { Role, ROLES } from '@albergue/access';
import { Controller, Get, Module } from '@nestjs/common';

import { createUser, logIn, LoggedIn, TEST_PASSWORD } from '../factories/user.factory';
import { InjectOptions, startTestApp, TestApp } from '../support/test-app';

/**
 * Who may call what: every route of the OpenAPI document x every role (and anonymous), from the
 * one table below. A route without an entry fails the first test, so a new route cannot ship
 * without deciding who may call it. 'allow' means anything but 401/403 and never a 5xx.
 */
type Caller = Role | 'anonymous';
type Expectation = 'allow' | 401 | 403 | 404;

interface MatrixContext {
  app: TestApp['app'];
  /** A fresh login of the caller, for routes that end a login (logout, refresh). */
  freshLogin(caller: Role): Promise<LoggedIn>;
  targetUserId: string;
}

interface RouteCase {
  request(context: MatrixContext, caller: Caller): Promise<InjectOptions> | InjectOptions;
  expected: Record<Caller, Expectation>;
}

const PUBLIC: Record<Caller, Expectation> = {
  anonymous: 'allow',
  admin: 'allow',
  coordinator: 'allow',
  shelter_worker: 'allow',
  lawyer: 'allow',
  partner: 'allow',
};
const ANY_USER: Record<Caller, Expectation> = { ...PUBLIC, anonymous: 401 };
const ADMIN_ONLY: Record<Caller, Expectation> = {
  anonymous: 401,
  admin: 'allow',
  coordinator: 403,
  shelter_worker: 403,
  lawyer: 403,
  partner: 403,
};

const MATRIX: Record<string, RouteCase> = {
  'GET /api/v1/health': { request: () => ({ method: 'GET', url: '/api/v1/health' }), expected: PUBLIC },
  'GET /api/v1/health/ready': { request: () => ({ method: 'GET', url: '/api/v1/health/ready' }), expected: PUBLIC },
  'POST /api/v1/auth/login': {
    request: async (context) => {
      const user = await createUser(context.app, { role: 'lawyer' });
      return {
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: user.email, password: TEST_PASSWORD },
      };
    },
    expected: PUBLIC,
  },
  'POST /api/v1/auth/refresh': {
    request: async (context) => {
      const session = await context.freshLogin('lawyer');
      return { method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: session.refreshToken } };
    },
    expected: PUBLIC,
  },
  'POST /api/v1/auth/logout': {
    request: async (context, caller) => {
      const session = await context.freshLogin(caller === 'anonymous' ? 'lawyer' : caller);
      return {
        method: 'POST',
        url: '/api/v1/auth/logout',
        payload: { refreshToken: session.refreshToken },
        headers: caller === 'anonymous' ? {} : session.headers,
      };
    },
    expected: ANY_USER,
  },
  'GET /api/v1/me': { request: () => ({ method: 'GET', url: '/api/v1/me' }), expected: ANY_USER },
  'POST /api/v1/users': {
    request: () => ({
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        email: `m${Math.random().toString(36).slice(2)}@test.albergue.example`,
        name: 'Matriz Usuario',
        password: TEST_PASSWORD,
        role: 'lawyer',
      },
    }),
    expected: ADMIN_ONLY,
  },
  'GET /api/v1/users': { request: () => ({ method: 'GET', url: '/api/v1/users' }), expected: ADMIN_ONLY },
  'PATCH /api/v1/users/{id}': {
    request: (context) => ({
      method: 'PATCH',
      url: `/api/v1/users/${context.targetUserId}`,
      payload: { name: 'Otro Nombre' },
    }),
    expected: ADMIN_ONLY,
  },
  'GET /api/v1/audit-events': { request: () => ({ method: 'GET', url: '/api/v1/audit-events' }), expected: ADMIN_ONLY },
};

const CALLERS: Caller[] = ['anonymous', ...ROLES];

describe('authorization matrix', () => {
  let testApp: TestApp;
  let context: MatrixContext;
  const sessions = new Map<Role, LoggedIn>();

  beforeAll(async () => {
    testApp = await startTestApp();
    const users = new Map<Role, Awaited<ReturnType<typeof createUser>>>();
    for (const role of ROLES) {
      const user = await createUser(testApp.app, { role });
      users.set(role, user);
      sessions.set(role, await logIn(testApp.app, user));
    }
    const target = await createUser(testApp.app, { role: 'lawyer' });
    context = {
      app: testApp.app,
      freshLogin: (role) => logIn(testApp.app, users.get(role)!),
      targetUserId: target.id,
    };
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('has an entry for every route of the API, and no entry for a route that does not exist', async () => {
    const document = (await testApp.app.inject({ method: 'GET', url: '/api/v1/docs/openapi.json' })).json();
    const routes = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(Object.keys(MATRIX).sort());
  });

  const cases = Object.entries(MATRIX).flatMap(([route, routeCase]) =>
    CALLERS.map((caller) => [route, caller, routeCase.expected[caller], routeCase] as const),
  );

  it.each(cases)('%s as %s -> %s', async (_route, caller, expected, routeCase) => {
    const options = await routeCase.request(context, caller);
    const headers = caller === 'anonymous' ? {} : sessions.get(caller)!.headers;
    const response = await testApp.app.inject({ ...options, headers: { ...headers, ...(options.headers ?? {}) } });
    if (expected === 'allow') {
      expect([401, 403]).not.toContain(response.statusCode);
      expect(response.statusCode).toBeLessThan(500);
    } else {
      expect(response.statusCode).toBe(expected);
    }
  });
});

@Controller('forgotten')
class ForgottenController {
  @Get()
  forgotten(): string {
    return 'nobody decided who may call this';
  }
}

@Module({ controllers: [ForgottenController] })
class ForgottenModule {}

describe('a route that declares neither @Roles() nor @Public()', () => {
  it('stops the API from starting, naming the route', async () => {
    await expect(startTestApp({ extraModules: [ForgottenModule] })).rejects.toThrow(
      'routes without @Roles() or @Public(): ForgottenController.forgotten',
    );
  });
});
