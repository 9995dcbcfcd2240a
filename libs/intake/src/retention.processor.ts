import { JobHandlers, QueueProcessor, QUEUES } from '@albergue/platform';
import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';

import { RetentionService } from './retention.service';

/** The nightly retention run; the erasures it makes are audited as the system, with the job's id. */
@Processor(QUEUES.retention)
export class RetentionProcessor extends QueueProcessor<'retention'> {
  readonly queueKey = 'retention';
  readonly handlers: JobHandlers<'retention'> = {
    'retention.anonymize-expired': (job: Job) =>
      this.retention.anonymizeExpired({ userId: null, role: 'system', requestId: `retention:${job.id}`, ip: null }),
  };

  constructor(private readonly retention: RetentionService) {
    super();
  }
}
