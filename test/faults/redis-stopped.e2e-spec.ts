import { REMINDERS_QUEUE, REMINDERS_SCHEDULE, reminderRunJobId } from '@albergue/asylum';
import { RETENTION_QUEUE, RETENTION_SCHEDULE } from '@albergue/intake';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue, QueueEvents } from 'bullmq';

import { WorkerModule } from '../../apps/worker/src/worker.module';
import { comarApplication, postAssignedApplication, postEvent } from '../factories/asylum.factory';
import { incidentPayload, postIncident, reviewIncident } from '../factories/incident.factory';
import { createShelter, familyOfFour } from '../factories/intake.factory';
import { createUser, logIn, loggedInUser, LoggedIn, TEST_PASSWORD } from '../factories/user.factory';
import { freePort, PrivateRedis } from '../support/private-redis';
import { startTestApp, TestApp } from '../support/test-app';

/** With Redis gone, a request must still answer at once: nothing on these paths may wait for it. */
const ANSWER_WITHIN_MS = 3000;

/**
 * Issue 10. What still needs Redis while it is down: exports requested meanwhile wait in their
 * outbox and run once it returns (test/exports/export-outbox.e2e-spec.ts); this file covers the
 * desk's and the lawyers' routes, readiness, and the daily reminder run.
 */
describe('Redis stopped -> intake, asylum and incident routes keep working, readiness says what is down, queued work resumes when Redis returns', () => {
  let redis: PrivateRedis;
  let testApp: TestApp;
  let worker: INestApplicationContext;
  let admin: LoggedIn;
  let desk: LoggedIn;
  let coordinator: LoggedIn;
  let lawyer: LoggedIn;
  let shelterId: string;
  let applicationId: string;
  let consoleErrors: jest.SpyInstance;

  const call = async (as: LoggedIn, method: 'GET' | 'POST', url: string, payload?: object) => {
    const started = performance.now();
    const response = await testApp.app.inject({ method, url: `/api/v1${url}`, headers: as.headers, payload });
    expect(performance.now() - started).toBeLessThan(ANSWER_WITHIN_MS);
    return response;
  };

  beforeAll(async () => {
    redis = new PrivateRedis(await freePort());
    await redis.start();
    // Retention on, so that the worker has two schedules to declare again when Redis returns empty.
    testApp = await startTestApp({ env: { REDIS_URL: redis.url, RETENTION_DAYS: '30' } });
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(testApp.config), { logger: false });
    await worker.init();
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    shelterId = (await createShelter(testApp.app, admin)).id;
    desk = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [shelterId] });
    coordinator = await loggedInUser(testApp.app, { role: 'coordinator', shelterIds: [shelterId] });
    lawyer = await loggedInUser(testApp.app, { role: 'lawyer' });
    consoleErrors = jest.spyOn(console, 'error');
    await redis.stop();
  }, 60000);

  afterAll(async () => {
    consoleErrors?.mockRestore();
    await worker?.close();
    await testApp?.close();
    await redis?.stop();
  });

  describe('while Redis is stopped', () => {
    it('registers an arriving family at intake and reads it back', async () => {
      const intake = await call(desk, 'POST', '/intake', familyOfFour(shelterId));
      expect(intake.statusCode).toBe(201);
      const [head] = intake.json().stays as { id: string; personId: string }[];
      expect((await call(desk, 'GET', `/persons/${head.personId}`)).statusCode).toBe(200);
      expect((await call(desk, 'GET', '/persons?q=ramirez')).json().items.length).toBeGreaterThan(0);
      expect((await call(desk, 'GET', `/stays/${head.id}`)).statusCode).toBe(200);
      expect((await call(desk, 'GET', `/shelters/${shelterId}/occupancy`)).json()).toMatchObject({ present: 4 });
    });

    it('opens asylum applications, records an event and lists the deadlines', async () => {
      const family = await call(desk, 'GET', `/shelters/${shelterId}/stays?present=true`);
      const [first, second] = family.json().items.map((stay: { personId: string }) => stay.personId);
      const opened = await postAssignedApplication(testApp.app, lawyer, comarApplication(first));
      expect(opened.statusCode).toBe(201);
      applicationId = opened.json().id;
      const filedOne = await postAssignedApplication(testApp.app, lawyer, comarApplication(second));
      expect(filedOne.statusCode).toBe(201);
      const event = await postEvent(testApp.app, lawyer, filedOne.json().id, {
        type: 'filed',
        occurredOn: '2026-06-20',
      });
      expect(event.statusCode).toBe(201);
      expect((await call(lawyer, 'GET', `/asylum-applications/${applicationId}`)).statusCode).toBe(200);
      const deadlines = (await call(lawyer, 'GET', '/deadlines')).json().items;
      expect(deadlines).toContainEqual(
        expect.objectContaining({ applicationId, kind: 'comar_filing', dueOn: '2026-07-17' }),
      );
    });

    it('reports an incident, has it reviewed and lists it', async () => {
      const reported = await postIncident(testApp.app, desk, incidentPayload(shelterId));
      expect(reported.statusCode).toBe(201);
      const id: string = reported.json().id;
      expect((await reviewIncident(testApp.app, coordinator, id)).statusCode).toBe(200);
      expect((await call(desk, 'GET', `/incidents/${id}`)).statusCode).toBe(200);
      expect((await call(coordinator, 'GET', '/incidents?status=verified')).json().items).toHaveLength(1);
    });

    it('still logs users in (the per-address login limit is not counted meanwhile)', async () => {
      const user = await createUser(testApp.app, { role: 'shelter_worker', shelterIds: [shelterId] });
      const started = performance.now();
      await expect(logIn(testApp.app, user, TEST_PASSWORD)).resolves.toMatchObject({ user: { id: user.id } });
      expect(performance.now() - started).toBeLessThan(ANSWER_WITHIN_MS);
    });

    it('says in readiness that Redis is down and Postgres up', async () => {
      const ready = await testApp.app.inject({ method: 'GET', url: '/api/v1/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({
        status: 'unavailable',
        checks: { postgres: 'up', redis: 'down' },
        down: ['redis'],
      });
    });
  });

  describe('when the same Redis returns, empty', () => {
    let queue: Queue;
    let retentionQueue: Queue;
    let events: QueueEvents;

    beforeAll(async () => {
      await redis.start();
      const connection = { url: redis.url };
      const prefix = `${testApp.config.redisKeyPrefix}:bull`;
      queue = new Queue(REMINDERS_QUEUE.name, { connection, prefix });
      retentionQueue = new Queue(RETENTION_QUEUE.name, { connection, prefix });
      events = new QueueEvents(REMINDERS_QUEUE.name, { connection, prefix });
      await events.waitUntilReady();
    });

    afterAll(async () => {
      await events?.close();
      await queue?.close();
      await retentionQueue?.close();
    });

    it('is ready again without restarting the API', async () => {
      const deadline = Date.now() + 10000;
      let ready = await testApp.app.inject({ method: 'GET', url: '/api/v1/health/ready' });
      while (ready.statusCode !== 200 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        ready = await testApp.app.inject({ method: 'GET', url: '/api/v1/health/ready' });
      }
      expect(ready.json()).toEqual({ status: 'ok', checks: { postgres: 'up', redis: 'up' }, down: [] });
    });

    it('has the daily reminder run and the nightly retention run scheduled again by the worker that kept running', async () => {
      // BullMQ's reconnect backs off up to 20 s between attempts.
      const deadline = Date.now() + 40000;
      const schedulersOf = async () => [
        ...(await queue.getJobSchedulers()),
        ...(await retentionQueue.getJobSchedulers()),
      ];
      let schedulers = await schedulersOf();
      while (schedulers.length < 2 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        schedulers = await schedulersOf();
      }
      expect(schedulers).toEqual([
        expect.objectContaining({ key: REMINDERS_SCHEDULE.schedulerId, pattern: REMINDERS_SCHEDULE.pattern }),
        expect.objectContaining({ key: RETENTION_SCHEDULE.schedulerId, pattern: RETENTION_SCHEDULE.pattern }),
      ]);
    }, 60000);

    it('runs queued reminder work on that worker, for the application opened while Redis was down', async () => {
      // 30 business days from entry on 5 June: due Fri 17 July, 2 business days after Wed 15 July.
      const asOf = '2026-07-15';
      const run = await queue.add(REMINDERS_QUEUE.jobs.recordDue.name, { asOf }, { jobId: reminderRunJobId(asOf) });
      expect(await run.waitUntilFinished(events, 40000)).toEqual({ asOf, refreshed: 0, recorded: 1 });
      const reminders = await call(lawyer, 'GET', '/reminders');
      expect(reminders.json().items).toEqual([
        expect.objectContaining({ applicationId, dueOn: '2026-07-17', threshold: 3 }),
      ]);
    }, 60000);

    it('went through the outage without a raw stack trace per queue and reconnect on the console', () => {
      // BullMQ prints the errors of a queue or worker without an error listener there, outside the JSON log.
      expect(consoleErrors).not.toHaveBeenCalled();
    });
  });
});
