import { QueueModule } from '@albergue/platform';
import { Module } from '@nestjs/common';

import { IntakeModule } from './intake.module';
import { RetentionProcessor } from './retention.processor';
import { RETENTION_QUEUE } from './retention.queue';
import { RetentionService } from './retention.service';

/**
 * What the worker runs of intake: retention and its nightly schedule. The worker must also load
 * the erasure modules of asylum, incidents and referrals, or every erasure refuses to run.
 */
@Module({
  imports: [IntakeModule, QueueModule.forWorker(RETENTION_QUEUE)],
  providers: [RetentionService, RetentionProcessor],
  exports: [RetentionService],
})
export class IntakeWorkerModule {}
