import { AppConfig, HEALTH_QUEUE } from '@albergue/platform';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue, QueueEvents } from 'bullmq';

import { WorkerModule } from '../apps/worker/src/worker.module';
import { createTestDatabase, testConfig } from './support/test-app';

describe('worker', () => {
  let config: AppConfig;
  let worker: INestApplicationContext;
  let queue: Queue;
  let events: QueueEvents;

  beforeAll(async () => {
    config = testConfig(await createTestDatabase());
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: false });
    await worker.init();
    const connection = { url: config.redisUrl };
    queue = new Queue(HEALTH_QUEUE.name, { connection, prefix: `${config.redisKeyPrefix}:bull` });
    events = new QueueEvents(HEALTH_QUEUE.name, { connection, prefix: `${config.redisKeyPrefix}:bull` });
    await events.waitUntilReady();
  });

  afterAll(async () => {
    await events.close();
    await queue.close();
    await worker.close();
  });

  it('takes a job through real Redis and answers it', async () => {
    const sentAt = new Date().toISOString();
    const job = await queue.add(HEALTH_QUEUE.jobs.ping.name, { sentAt });
    const result = await job.waitUntilFinished(events, 15000);
    expect(result).toEqual({ pong: true, sentAt });
  });

  it('fails a job whose name has no handler instead of losing it silently', async () => {
    const job = await queue.add('health.unknown', {});
    await expect(job.waitUntilFinished(events, 15000)).rejects.toThrow('no handler for job health.unknown');
  });
});
