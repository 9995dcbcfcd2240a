import { Processor } from '@nestjs/bullmq';

import { defineQueue, job } from './queue-definition';
import { JobHandlers, QueueProcessor } from './queue-processor';

/** A no-op queue that proves a worker consumes from Redis: it answers a ping with a pong. */
export const HEALTH_QUEUE = defineQueue({
  name: 'health',
  jobs: { ping: job<{ sentAt?: string }>('health.ping') },
  options: {
    attempts: 1,
    removeOnComplete: { age: 3600, count: 100 },
    removeOnFail: { age: 24 * 3600 },
  },
});

@Processor(HEALTH_QUEUE.name)
export class HealthCheckProcessor extends QueueProcessor<typeof HEALTH_QUEUE> {
  readonly definition = HEALTH_QUEUE;
  readonly handlers: JobHandlers<typeof HEALTH_QUEUE> = {
    ping: async (job) => ({ pong: true, sentAt: job.data.sentAt }),
  };
}
