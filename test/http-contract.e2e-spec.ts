import { Public } from '@albergue/access';
import { DomainError } from '@albergue/platform';
import { Body, Controller, Get, Module, Post, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsInt, IsOptional, IsString, Max, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { DataSource } from 'typeorm';

import { multipartBody } from './support/multipart';
import { apiRoutes } from './support/openapi-routes';
import { InjectOptions, LightMyRequestResponse, startTestApp, TestApp } from './support/test-app';

class ProbeItemDto {
  @IsString()
  label: string;
}

class ProbeDto {
  @IsString()
  name: string;

  @IsOptional()
  @IsInt()
  @Max(10)
  count?: number;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ProbeItemDto)
  items?: ProbeItemDto[];
}

/** Routes that exist only in this test, to exercise the platform's handling of requests. */
@Controller('probe')
@Public()
class ProbeController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Post()
  create(@Body() body: ProbeDto): ProbeDto {
    return body;
  }

  @Get('conflict')
  conflict(): never {
    throw new DomainError('conflict', 'stay_already_open', {
      es: 'Ya tiene una estancia abierta.',
      en: 'Already has an open stay.',
    });
  }

  @Get('crash')
  crash(): never {
    throw new Error('SELECT narrative FROM incidents WHERE secret');
  }

  /** Hands the database a value it cannot read, as a route that misses a validator would. */
  @Get('unreadable')
  unreadable(@Query('value') value: string): Promise<unknown> {
    return this.dataSource.query('SELECT $1::bigint AS value', [value]);
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('HTTP contract of the platform', () => {
  let testApp: TestApp;
  const inject = (options: InjectOptions) => testApp.app.inject(options);

  beforeAll(async () => {
    testApp = await startTestApp({ extraModules: [ProbeModule] });
  });
  afterAll(async () => {
    await testApp.close();
  });

  function expectProblem(response: LightMyRequestResponse, status: number) {
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = response.json();
    expect(body).toEqual(
      expect.objectContaining({
        type: expect.any(String),
        title: expect.any(String),
        status,
        detail: expect.any(String),
        errors: expect.any(Array),
        requestId: response.headers['x-request-id'],
      }),
    );
    return body;
  }

  it('accepts a valid body and transforms it', async () => {
    const response = await inject({ method: 'POST', url: '/api/v1/probe', payload: { name: 'x', count: 3 } });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ name: 'x', count: 3 });
  });

  it('refuses an unknown field with 400 naming it', async () => {
    const response = await inject({ method: 'POST', url: '/api/v1/probe', payload: { name: 'x', extra: 1 } });
    const body = expectProblem(response, 400);
    expect(body.errors).toEqual([{ field: 'extra', message: 'unknown field "extra"' }]);
  });

  it('names nested and wrongly typed fields', async () => {
    const response = await inject({
      method: 'POST',
      url: '/api/v1/probe',
      payload: { name: 5, count: 11, items: [{ label: 'a' }, { label: 2 }] },
    });
    const body = expectProblem(response, 400);
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['count', 'items[1].label', 'name']);
  });

  it('answers malformed JSON with 400', async () => {
    const response = await inject({
      method: 'POST',
      url: '/api/v1/probe',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(expectProblem(response, 400).detail).toBe('El cuerpo no es JSON válido.');
  });

  it('answers a wrong content type with 415', async () => {
    const response = await inject({
      method: 'POST',
      url: '/api/v1/probe',
      headers: { 'content-type': 'text/csv' },
      payload: 'name\nx',
    });
    expect(expectProblem(response, 415).errors).toEqual([
      { field: 'content-type', message: 'this route does not take this content type' },
    ]);
  });

  it('answers a multipart body 415 naming content-type on every route but the upload, before anything runs', async () => {
    const form = multipartBody({ reason: 'x', unknownField: 'x' });
    const routes = (await apiRoutes(testApp.app)).filter((route) => route.method !== 'GET');
    expect(routes.length).toBeGreaterThan(40);
    const answers: Record<string, number> = {};
    for (const route of routes) {
      const url = route.path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const response = await inject({ method: route.method as 'POST', url, ...form });
      answers[`${route.method} ${route.path}`] = response.statusCode;
      if (response.statusCode === 415) {
        expect(expectProblem(response, 415).errors).toEqual([
          { field: 'content-type', message: 'this route does not take this content type' },
        ]);
      }
    }
    expect(Object.fromEntries(Object.entries(answers).filter(([, status]) => status !== 415))).toEqual({
      // The upload reads its form itself; without a session it is refused as any route is.
      'POST /api/v1/documents': 401,
    });
    // A test-only route with a body of required fields, and one without a session guard.
    expectProblem(await inject({ method: 'POST', url: '/api/v1/probe', ...form }), 415);
  });

  it('answers a body over 1 MB with 413', async () => {
    const response = await inject({
      method: 'POST',
      url: '/api/v1/probe',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) }),
    });
    expectProblem(response, 413);
  });

  it('answers a body nested 100,000 levels deep with 400 naming the field, not a stack overflow', async () => {
    const response = await inject({
      method: 'POST',
      url: '/api/v1/probe',
      headers: { 'content-type': 'application/json' },
      payload: `{"name":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
    });
    expect(expectProblem(response, 400).errors).toEqual([
      { field: 'name', message: 'name nests deeper than 32 levels' },
    ]);
  });

  it("answers what Fastify's router refuses as problem+json too: a path parameter too long, a path that does not decode", async () => {
    const tooLong = await inject({ method: 'GET', url: `/api/v1/persons/${'x'.repeat(5000)}` });
    expect(expectProblem(tooLong, 414).title).toBe('URL demasiado larga');
    expect(tooLong.body).not.toContain('xxxx');
    const undecodable = await inject({
      method: 'GET',
      url: '/api/v1/persons/%E0%A4%A',
      headers: { 'accept-language': 'en' },
    });
    expect(expectProblem(undecodable, 400).detail).toBe('The path is not a valid URL.');
  });

  it('answers an unknown route with 404', async () => {
    const body = expectProblem(await inject({ method: 'GET', url: '/api/v1/nothing-here?q=Maria' }), 404);
    expect(body.detail).toBe('No existe la ruta GET /api/v1/nothing-here.');
  });

  it('maps a domain error to its status, in English when asked', async () => {
    const response = await inject({
      method: 'GET',
      url: '/api/v1/probe/conflict',
      headers: { 'accept-language': 'en' },
    });
    const body = expectProblem(response, 409);
    expect(body).toMatchObject({
      title: 'Conflict',
      detail: 'Already has an open stay.',
      type: 'urn:albergue:problem:stay_already_open',
    });
  });

  it('answers an unexpected error with a bare 500, no internals', async () => {
    const response = await inject({ method: 'GET', url: '/api/v1/probe/crash' });
    const body = expectProblem(response, 500);
    expect(response.body).not.toMatch(/SELECT|narrative|stack|at /);
    expect(body.title).toBe('Error interno');
  });

  it('answers a value the database cannot read with 400, not 500', async () => {
    // Lists validate their cursors themselves (tampered-cursor suite): a probe misses the validator.
    const response = await inject({ method: 'GET', url: '/api/v1/probe/unreadable?value=not-a-number' });
    expect(expectProblem(response, 400).errors).toEqual([
      { field: 'query', message: 'a value of the request could not be read' },
    ]);
  });

  it('echoes a given x-request-id and generates one otherwise', async () => {
    const given = await inject({ method: 'GET', url: '/api/v1/health', headers: { 'x-request-id': 'desk-42.abc' } });
    expect(given.headers['x-request-id']).toBe('desk-42.abc');
    const generated = await inject({ method: 'GET', url: '/api/v1/health' });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const hostile = await inject({
      method: 'GET',
      url: '/api/v1/health',
      headers: { 'x-request-id': 'a b\u0000<script>' },
    });
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers', async () => {
    const response = await inject({ method: 'GET', url: '/api/v1/health' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['x-frame-options']).toBeDefined();
  });

  it('serves the OpenAPI document and the Swagger UI', async () => {
    const document = await inject({ method: 'GET', url: '/api/v1/docs/openapi.json' });
    expect(document.statusCode).toBe(200);
    expect(document.json().paths).toHaveProperty(['/api/v1/health/ready']);
    const ui = await inject({ method: 'GET', url: '/api/v1/docs' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger-ui');
  });
});
