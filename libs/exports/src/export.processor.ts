import { JobHandlers, QueueProcessor } from '@albergue/platform';
import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';

import { ExportRunner } from './export-runner.service';
import { ExportFailure } from './exports.errors';
import { EXPORTS_QUEUE } from './exports.queues';

/** Builds one export per job; the job id is the export id (see ExportOutboxRelay). */
@Processor(EXPORTS_QUEUE.name)
export class ExportProcessor extends QueueProcessor<typeof EXPORTS_QUEUE> {
  readonly definition = EXPORTS_QUEUE;
  readonly handlers: JobHandlers<typeof EXPORTS_QUEUE> = {
    build: (job) => this.build(job),
  };

  constructor(private readonly runner: ExportRunner) {
    super();
  }

  private async build(job: Job<{ exportId: string }>): Promise<{ outcome: string }> {
    const { exportId } = job.data;
    try {
      return { outcome: await this.runner.run(exportId) };
    } catch (error) {
      const attempts = job.opts.attempts ?? EXPORTS_QUEUE.options.attempts ?? 1;
      const code = await this.runner.fail(exportId, error, job.attemptsMade + 1 >= attempts);
      // The queue keeps the reason in Redis and shows it on the board: the code, not the raw message.
      throw new ExportFailure(code);
    }
  }
}
