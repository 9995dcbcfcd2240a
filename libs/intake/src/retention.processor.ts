import { JobHandlers, QueueProcessor } from '@albergue/platform';
import { Processor } from '@nestjs/bullmq';

import { RETENTION_QUEUE } from './retention.queue';
import { RetentionService } from './retention.service';

/** The nightly retention run; the erasures it makes are audited as the system, with the job's id. */
@Processor(RETENTION_QUEUE.name)
export class RetentionProcessor extends QueueProcessor<typeof RETENTION_QUEUE> {
  readonly definition = RETENTION_QUEUE;
  readonly handlers: JobHandlers<typeof RETENTION_QUEUE> = {
    anonymizeExpired: (job) =>
      this.retention.anonymizeExpired({ userId: null, role: 'system', requestId: `retention:${job.id}`, ip: null }),
  };

  constructor(private readonly retention: RetentionService) {
    super();
  }
}
