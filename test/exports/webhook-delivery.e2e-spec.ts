import { createServer, IncomingHttpHeaders, Server } from 'node:http';

import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { WorkerModule } from '../../apps/worker/src/worker.module';
import {
  createPartner,
  partnerKeys,
  partnerPayload,
  requestExport,
  verifies,
  waitForExport,
} from '../factories/export.factory';
import { loggedInUser, LoggedIn } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** The partner's side: answers each path with the next status of its script (the last one repeats). */
function partnerServer(script: Record<string, number[]>): { server: Server; received: Received[] } {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const path = request.url ?? '';
      received.push({ path, headers: request.headers, body });
      const statuses = script[path] ?? [404];
      response.statusCode = statuses.length > 1 ? statuses.shift()! : statuses[0];
      response.end();
    });
  });
  return { server, received };
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('webhook deliveries', () => {
  let testApp: TestApp;
  let worker: INestApplicationContext;
  let admin: LoggedIn;
  const partner = partnerServer({ '/ok': [200], '/flaky': [500, 204], '/gone': [410] });
  let baseUrl: string;

  const exportFor = async (path: string) => {
    const registered = await createPartner(
      testApp.app,
      admin,
      partnerPayload((await partnerKeys()).publicKey, { webhookUrl: `${baseUrl}${path}` }),
    );
    const response = await requestExport(testApp.app, admin, {
      partnerId: registered.id,
      dataset: 'incidents_aggregate',
      format: 'csv',
      from: '2026-01-01',
      to: '2026-06-30',
    });
    expect(response.statusCode).toBe(202);
    return { partner: registered, exportId: response.json().id as string };
  };
  const stateOf = async (id: string) =>
    (await testApp.app.inject({ method: 'GET', url: `/api/v1/exports/${id}`, headers: admin.headers })).json();

  beforeAll(async () => {
    await new Promise<void>((resolve) => partner.server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(partner.server.address() as { port: number }).port}`;
    testApp = await startTestApp({
      env: { WEBHOOKS_ALLOW_PRIVATE_URLS: 'true', PUBLIC_API_URL: 'https://albergue.example/api/v1' },
    });
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(testApp.config), { logger: false });
    await worker.init();
  });

  afterAll(async () => {
    await worker?.close();
    await testApp?.close();
    await new Promise((resolve) => partner.server.close(resolve));
  });

  it('refuses a webhook on a loopback address unless the deployment allows it', async () => {
    const strict = await startTestApp();
    try {
      const strictAdmin = await loggedInUser(strict.app, { role: 'admin' });
      const response = await strict.app.inject({
        method: 'POST',
        url: '/api/v1/partners',
        headers: strictAdmin.headers,
        payload: partnerPayload((await partnerKeys()).publicKey, { webhookUrl: `${baseUrl}/ok` }),
      });
      expect(response.statusCode).toBe(422);
      expect(response.json().errors[0].field).toBe('webhookUrl');
    } finally {
      await strict.close();
    }
  });

  it('notifies the partner of a completed export, signed with its secret', async () => {
    const { partner: registered, exportId } = await exportFor('/ok');
    const completed = await waitForExport(testApp.app, admin, exportId);
    const state = await eventually(
      () => stateOf(exportId),
      (body) => body.deliveries[0]?.status === 'succeeded',
    );
    expect(state.deliveries).toEqual([
      expect.objectContaining({ status: 'succeeded', attempts: 1, lastStatusCode: 200 }),
    ]);
    const [notification] = partner.received.filter((request) => request.path === '/ok');
    expect(notification.headers['webhook-id']).toBe(state.deliveries[0].id);
    expect(Math.abs(Number(notification.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(verifies(registered.webhookSecret, notification.headers, notification.body)).toBe(true);
    expect(
      verifies(
        registered.webhookSecret,
        notification.headers,
        notification.body.replace('export.completed', 'export.failed'),
      ),
    ).toBe(false);
    expect(JSON.parse(notification.body)).toEqual({
      type: 'export.completed',
      timestamp: expect.any(String),
      data: {
        exportId,
        dataset: 'incidents_aggregate',
        rowCount: completed.rowCount,
        sha256: completed.sha256,
        downloadUrl: `https://albergue.example/api/v1/exports/${exportId}/download`,
      },
    });
  });

  it('retries a failed notification after 5 s under the same webhook-id', async () => {
    const { exportId } = await exportFor('/flaky');
    const state = await eventually(
      () => stateOf(exportId),
      (body) => body.deliveries[0]?.status === 'succeeded',
      25000,
    );
    expect(state.deliveries[0]).toMatchObject({ attempts: 2, lastStatusCode: 204 });
    const attempts = partner.received.filter((request) => request.path === '/flaky');
    expect(attempts).toHaveLength(2);
    expect(attempts[1].headers['webhook-id']).toBe(attempts[0].headers['webhook-id']);
    expect(attempts[1].body).toBe(attempts[0].body);
  }, 40000);

  it('disables the webhook of a partner whose endpoint answers 410', async () => {
    const { partner: registered, exportId } = await exportFor('/gone');
    const state = await eventually(
      () => stateOf(exportId),
      (body) => body.deliveries[0]?.status === 'endpoint_gone',
    );
    expect(state.deliveries[0]).toMatchObject({ status: 'endpoint_gone', attempts: 1, lastStatusCode: 410 });
    const partners = (
      await testApp.app.inject({ method: 'GET', url: '/api/v1/partners', headers: admin.headers })
    ).json();
    expect(partners.items.find((p: { id: string }) => p.id === registered.id).webhookDisabledAt).not.toBeNull();
  });
});
