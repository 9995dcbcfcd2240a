import {
  addCalendarDays,
  BusinessCalendar,
  REMINDERS_QUEUE,
  REMINDERS_SCHEDULE,
  reminderRunJobId,
} from '@albergue/asylum';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue, QueueEvents } from 'bullmq';
import { Client } from 'pg';

import { WorkerModule } from '../../apps/worker/src/worker.module';
import { admitted, comarApplication, createAssignedApplication, postEvent } from '../factories/asylum.factory';
import { createShelter, person } from '../factories/intake.factory';
import { loggedInUser, LoggedIn } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

/** Wed 15 Jul 2026: 1 business day ahead is Thu 16, 3 business days ahead Mon 20 Jul. */
const AS_OF = '2026-07-15';

describe('deadline reminders with two workers', () => {
  let testApp: TestApp;
  let db: Client;
  let workers: INestApplicationContext[];
  let queues: Queue[];
  let events: QueueEvents;
  let lawyer: LoggedIn;
  let otherLawyer: LoggedIn;
  let dueFriday: string;
  let dueThursday: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    db = new Client({ connectionString: testApp.config.databaseUrl });
    await db.connect();
    const admin = await loggedInUser(testApp.app, { role: 'admin' });
    const shelter = await createShelter(testApp.app, admin);
    lawyer = await loggedInUser(testApp.app, { role: 'lawyer' });
    otherLawyer = await loggedInUser(testApp.app, { role: 'lawyer' });
    const persons = await admitted(
      testApp.app,
      admin,
      shelter.id,
      ['Uno', 'Dos', 'Tres', 'Cuatro'].map((givenNames) => person({ givenNames })),
    );
    expect(BusinessCalendar.mexico().addBusinessDays('2026-06-04', 30)).toBe('2026-07-16');
    dueFriday = (await createAssignedApplication(testApp.app, lawyer, comarApplication(persons[0]))).id;
    dueThursday = (
      await createAssignedApplication(
        testApp.app,
        lawyer,
        comarApplication(persons[1], { enteredCountryOn: '2026-06-04' }),
      )
    ).id;
    // Due 21 Sep: too far to remind. Filed already: nothing left to remind.
    await createAssignedApplication(
      testApp.app,
      lawyer,
      comarApplication(persons[2], { enteredCountryOn: '2026-08-07' }),
    );
    const filed = await createAssignedApplication(testApp.app, otherLawyer, comarApplication(persons[3]));
    await postEvent(testApp.app, otherLawyer, filed.id, { type: 'filed', occurredOn: '2026-07-10' });

    workers = [];
    for (let index = 0; index < 2; index += 1) {
      const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(testApp.config), {
        logger: false,
      });
      await worker.init();
      workers.push(worker);
    }
    const connection = { url: testApp.config.redisUrl };
    const prefix = `${testApp.config.redisKeyPrefix}:bull`;
    queues = [0, 1].map(() => new Queue(REMINDERS_QUEUE.name, { connection, prefix }));
    events = new QueueEvents(REMINDERS_QUEUE.name, { connection, prefix });
    await events.waitUntilReady();
  });
  afterAll(async () => {
    await events.close();
    for (const queue of queues) await queue.close();
    for (const worker of workers) await worker.close();
    await db.end();
    await testApp.close();
  });

  const reminderRows = async () =>
    (
      await db.query(
        'SELECT application_id, deadline_kind, due_on::text, threshold, lawyer_id FROM asylum_reminders ORDER BY due_on',
      )
    ).rows;

  it('has one daily schedule however many workers declared it', async () => {
    const schedulers = await queues[0].getJobSchedulers();
    expect(schedulers).toEqual([
      expect.objectContaining({ key: REMINDERS_SCHEDULE.schedulerId, pattern: '0 6 * * *', tz: 'America/Mexico_City' }),
    ]);
    expect(await queues[0].getDelayedCount()).toBe(1);
  });

  it('records each reminder once when both workers queue the day’s run, and again when it runs twice', async () => {
    const jobId = reminderRunJobId(AS_OF);
    const [first, second] = await Promise.all(
      queues.map((queue) => queue.add(REMINDERS_QUEUE.jobs.recordDue.name, { asOf: AS_OF }, { jobId })),
    );
    expect(second.id).toBe(first.id);
    expect(await first.waitUntilFinished(events, 15000)).toEqual({ asOf: AS_OF, refreshed: 0, recorded: 2 });

    const expected = [
      {
        application_id: dueThursday,
        deadline_kind: 'comar_filing',
        due_on: '2026-07-16',
        threshold: 1,
        lawyer_id: lawyer.user.id,
      },
      {
        application_id: dueFriday,
        deadline_kind: 'comar_filing',
        due_on: '2026-07-17',
        threshold: 3,
        lawyer_id: lawyer.user.id,
      },
    ];
    expect(await reminderRows()).toEqual(expected);

    // A retry, or a run queued by hand under another id, records nothing twice.
    const rerun = await queues[1].add(
      REMINDERS_QUEUE.jobs.recordDue.name,
      { asOf: AS_OF },
      { jobId: `${jobId}.rerun` },
    );
    expect(await rerun.waitUntilFinished(events, 15000)).toMatchObject({ recorded: 0 });
    expect(await reminderRows()).toEqual(expected);

    // The next day Friday's deadline is 1 business day away: its second reminder; Thursday's has its own already.
    const nextDay = await queues[0].add(
      REMINDERS_QUEUE.jobs.recordDue.name,
      { asOf: '2026-07-16' },
      {
        jobId: reminderRunJobId('2026-07-16'),
      },
    );
    expect(await nextDay.waitUntilFinished(events, 15000)).toMatchObject({ recorded: 1 });
    const thresholds = (await reminderRows()).map((row) => [row.due_on, row.threshold]);
    expect(thresholds.sort()).toEqual([
      ['2026-07-16', 1],
      ['2026-07-17', 1],
      ['2026-07-17', 3],
    ]);
  });

  it('shows each lawyer their own reminders', async () => {
    const own = await testApp.app.inject({ method: 'GET', url: '/api/v1/reminders', headers: lawyer.headers });
    expect(own.statusCode).toBe(200);
    expect(own.json().items.map((item: { applicationId: string }) => item.applicationId)).toEqual(
      expect.arrayContaining([dueThursday, dueFriday]),
    );
    const others = await testApp.app.inject({ method: 'GET', url: '/api/v1/reminders', headers: otherLawyer.headers });
    expect(others.json().items).toEqual([]);
  });

  it('counts the unread reminders, and marks one read for its own lawyer only', async () => {
    const get = (as: LoggedIn, url: string) => testApp.app.inject({ method: 'GET', url, headers: as.headers });
    const read = (as: LoggedIn, id: string) =>
      testApp.app.inject({ method: 'POST', url: `/api/v1/reminders/${id}/read`, headers: as.headers });
    const items = (await get(lawyer, '/api/v1/reminders')).json().items as { id: string; readAt: string | null }[];
    expect(items.length).toBeGreaterThan(1);
    expect(items.every((item) => item.readAt === null)).toBe(true);
    expect((await get(lawyer, '/api/v1/reminders/unread-count')).json()).toEqual({ unread: items.length });
    expect((await get(otherLawyer, '/api/v1/reminders/unread-count')).json()).toEqual({ unread: 0 });

    // Another lawyer's reminder, or one that does not exist, is 404 and stays unread.
    expect((await read(otherLawyer, items[0].id)).statusCode).toBe(404);
    expect((await read(lawyer, crypto.randomUUID())).statusCode).toBe(404);
    expect((await read(lawyer, 'not-a-uuid')).statusCode).toBeGreaterThanOrEqual(400);
    expect((await get(lawyer, '/api/v1/reminders/unread-count')).json()).toEqual({ unread: items.length });

    expect((await read(lawyer, items[0].id)).statusCode).toBe(204);
    const readAt = (await get(lawyer, '/api/v1/reminders')).json().items[0].readAt;
    expect(readAt).not.toBeNull();
    expect((await read(lawyer, items[0].id)).statusCode).toBe(204);
    expect((await get(lawyer, '/api/v1/reminders')).json().items[0].readAt).toBe(readAt);
    expect((await get(lawyer, '/api/v1/reminders/unread-count')).json()).toEqual({ unread: items.length - 1 });
    await db.query('UPDATE asylum_reminders SET read_at = NULL');
  });

  it('moves a weekly signature day gone by to the next one before reminding', async () => {
    const signatureDue = async () =>
      (await db.query("SELECT due_on::text AS due FROM asylum_deadlines WHERE kind = 'signature' AND open")).rows.map(
        (row) => row.due,
      );
    const [stored] = await signatureDue();
    const asOf = addCalendarDays(stored, 1);
    const run = await queues[0].add(REMINDERS_QUEUE.jobs.recordDue.name, { asOf }, { jobId: reminderRunJobId(asOf) });
    expect(await run.waitUntilFinished(events, 15000)).toMatchObject({ refreshed: 1 });
    const [moved] = await signatureDue();
    // The next weekly day: on or after the run's day, at most a week later plus a holiday or two.
    expect(moved >= asOf && moved <= addCalendarDays(asOf, 10)).toBe(true);
  });
});
