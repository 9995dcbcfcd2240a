import { ExportFailure, ExportRunner } from '@albergue/exports';
import { JOB_OPTIONS, JobHandlers, QUEUES, QueueProcessor } from '@albergue/platform';
import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';

/** Builds one export per job; the job id is the export id (see ExportOutboxRelay). */
@Processor(QUEUES.exports)
export class ExportProcessor extends QueueProcessor<'exports'> {
  readonly queueKey = 'exports';
  readonly handlers: JobHandlers<'exports'> = {
    'exports.build': (job: Job) => this.build(job),
  };

  constructor(private readonly runner: ExportRunner) {
    super();
  }

  private async build(job: Job): Promise<{ outcome: string }> {
    const { exportId } = job.data as { exportId: string };
    try {
      return { outcome: await this.runner.run(exportId) };
    } catch (error) {
      const attempts = job.opts.attempts ?? JOB_OPTIONS.exports.attempts ?? 1;
      const code = await this.runner.fail(exportId, error, job.attemptsMade + 1 >= attempts);
      // The queue keeps the reason in Redis and shows it on the board: the code, not the raw message.
      throw new ExportFailure(code);
    }
  }
}
