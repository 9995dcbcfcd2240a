import { WebhookDeliveryService } from '@albergue/exports';
import { JOB_OPTIONS, JobHandlers, QUEUES, QueueProcessor, WEBHOOK_BACKOFF, webhookBackoff } from '@albergue/platform';
import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';

/** Sends export notifications; retries follow the Standard Webhooks schedule (webhookBackoff). */
@Processor(QUEUES.deliveries, {
  settings: {
    backoffStrategy: (attemptsMade: number, type?: string) =>
      type === WEBHOOK_BACKOFF ? webhookBackoff(attemptsMade) : 0,
  },
})
export class WebhookDeliveryProcessor extends QueueProcessor<'deliveries'> {
  readonly queueKey = 'deliveries';
  readonly handlers: JobHandlers<'deliveries'> = {
    'deliveries.webhook': (job: Job) => this.deliver(job),
  };

  constructor(private readonly deliveries: WebhookDeliveryService) {
    super();
  }

  private async deliver(job: Job): Promise<{ outcome: string }> {
    const { deliveryId } = job.data as { deliveryId: string };
    try {
      return { outcome: await this.deliveries.attempt(deliveryId, job.attemptsMade + 1) };
    } catch (error) {
      const attempts = job.opts.attempts ?? JOB_OPTIONS.deliveries.attempts ?? 1;
      if (job.attemptsMade + 1 >= attempts) await this.deliveries.markFailed(deliveryId);
      throw error;
    }
  }
}
