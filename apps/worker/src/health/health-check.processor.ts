import { JobHandlers, QUEUES, QueueProcessor } from '@albergue/platform';
import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';

/** A no-op queue that proves the worker consumes from Redis: it answers a ping with a pong. */
@Processor(QUEUES.health)
export class HealthCheckProcessor extends QueueProcessor<'health'> {
  readonly queueKey = 'health';
  readonly handlers: JobHandlers<'health'> = {
    'health.ping': async (job: Job) => ({ pong: true, sentAt: (job.data as { sentAt?: string }).sentAt }),
  };
}
