import { createServer, IncomingHttpHeaders } from 'node:http';

import { HOST_RESOLVER, HostResolver } from '@albergue/exports';
import { Test, TestingModule } from '@nestjs/testing';
import { Client } from 'pg';

import { WorkerModule } from '../../apps/worker/src/worker.module';
import { createPartner, exportPayload, partnerKeys, partnerPayload, requestExport } from '../factories/export.factory';
import { loggedInUser, LoggedIn } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

interface Side {
  testApp: TestApp;
  worker: TestingModule;
  admin: LoggedIn;
}

/** The API and a worker whose DNS is `resolve`: a name of the test's choosing answers what the test says. */
async function startSide(env: Record<string, string>, resolve: HostResolver): Promise<Side> {
  const testApp = await startTestApp({ env });
  const worker = await Test.createTestingModule({ imports: [WorkerModule.forRoot(testApp.config)] })
    .overrideProvider(HOST_RESOLVER)
    .useValue(resolve)
    .compile();
  worker.useLogger(false);
  await worker.init();
  return { testApp, worker, admin: await loggedInUser(testApp.app, { role: 'admin' }) };
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('webhook addresses at delivery', () => {
  const received: { path: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received.push({ path: request.url ?? '', headers: request.headers });
      response.statusCode = 204;
      response.end();
    });
  });
  let port: number;
  const lookups: string[] = [];
  // The first answer is the partner's server; any later one would be somewhere else entirely.
  const rebinding: HostResolver = async (hostname) => {
    lookups.push(hostname);
    return lookups.length === 1 ? ['127.0.0.1'] : ['192.0.2.1'];
  };
  // Deliveries to private addresses allowed, as in tests and closed networks.
  let permissive: Side;
  // The default: only global unicast; every name resolves to loopback.
  let strict: Side;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
    permissive = await startSide({ WEBHOOKS_ALLOW_PRIVATE_URLS: 'true' }, rebinding);
    strict = await startSide({}, async () => ['127.0.0.1']);
  }, 60000);

  afterAll(async () => {
    for (const side of [permissive, strict]) {
      await side?.worker.close();
      await side?.testApp.close();
    }
    await new Promise((resolve) => server.close(resolve));
  });

  it.each([
    'http://[64:ff9b::a9fe:a9fe]/',
    'http://[::ffff:0:a9fe:a9fe]/',
    'http://[2002:a9fe:a9fe::]/',
    'http://192.0.0.170/',
    'http://198.18.0.1/',
    'https://hooks.partner.test/in',
  ])('refuses to register the webhook %s (422 naming webhookUrl)', async (webhookUrl) => {
    const response = await strict.testApp.app.inject({
      method: 'POST',
      url: '/api/v1/partners',
      headers: strict.admin.headers,
      payload: partnerPayload((await partnerKeys()).publicKey, { webhookUrl }),
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([expect.objectContaining({ field: 'webhookUrl' })]);
  });

  const completedExportOf = async (side: Side, partnerId: string) => {
    const response = await requestExport(side.testApp.app, side.admin, exportPayload(partnerId));
    expect(response.statusCode).toBe(202);
    return response.json().id as string;
  };
  const stateOf = async (side: Side, id: string) =>
    (
      await side.testApp.app.inject({ method: 'GET', url: `/api/v1/exports/${id}`, headers: side.admin.headers })
    ).json();

  it('connects to the address it checked, not to a second DNS answer (rebinding)', async () => {
    const side = permissive;
    const partner = await createPartner(
      side.testApp.app,
      side.admin,
      partnerPayload((await partnerKeys()).publicKey, { webhookUrl: `http://hooks.partner.test:${port}/pinned` }),
    );
    const exportId = await completedExportOf(side, partner.id);
    const state = await eventually(
      () => stateOf(side, exportId),
      (body) => body.deliveries?.[0]?.status === 'succeeded',
    );
    expect(state.deliveries[0]).toMatchObject({ status: 'succeeded', attempts: 1, lastStatusCode: 204 });
    expect(lookups).toEqual(['hooks.partner.test']);
    const [delivered] = received.filter((request) => request.path === '/pinned');
    expect(delivered.headers.host).toBe(`hooks.partner.test:${port}`);
  });

  it('fails a delivery at once, with a code, when the name now resolves to a private address', async () => {
    const side = strict;
    // Registered without a webhook, then given one as if its name had resolved publicly back then.
    const partner = await createPartner(side.testApp.app, side.admin, partnerPayload((await partnerKeys()).publicKey));
    const db = new Client({ connectionString: side.testApp.config.databaseUrl });
    await db.connect();
    try {
      await db.query('UPDATE partners SET webhook_url = $2 WHERE id = $1', [
        partner.id,
        `http://rebound.partner.test:${port}/rebound`,
      ]);
    } finally {
      await db.end();
    }
    const exportId = await completedExportOf(side, partner.id);
    const state = await eventually(
      () => stateOf(side, exportId),
      (body) => body.deliveries?.[0]?.status === 'failed',
    );
    expect(state.deliveries[0]).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastStatusCode: null,
      lastErrorCode: 'webhook_url_not_allowed',
    });
    expect(received.filter((request) => request.path === '/rebound')).toEqual([]);
  });
});
