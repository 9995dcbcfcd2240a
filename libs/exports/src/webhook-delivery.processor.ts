import { JobHandlers, QueueProcessor } from '@albergue/platform';
import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';

import { DELIVERIES_QUEUE, WEBHOOK_BACKOFF, webhookBackoff } from './exports.queues';
import { WebhookDeliveryService } from './webhook-delivery.service';

/** Sends export notifications; retries follow the Standard Webhooks schedule (webhookBackoff). */
@Processor(DELIVERIES_QUEUE.name, {
  settings: {
    backoffStrategy: (attemptsMade: number, type?: string) =>
      type === WEBHOOK_BACKOFF ? webhookBackoff(attemptsMade) : 0,
  },
})
export class WebhookDeliveryProcessor extends QueueProcessor<typeof DELIVERIES_QUEUE> {
  readonly definition = DELIVERIES_QUEUE;
  readonly handlers: JobHandlers<typeof DELIVERIES_QUEUE> = {
    webhook: (job) => this.deliver(job),
  };

  constructor(private readonly deliveries: WebhookDeliveryService) {
    super();
  }

  private async deliver(job: Job<{ deliveryId: string }>): Promise<{ outcome: string }> {
    const { deliveryId } = job.data;
    try {
      return { outcome: await this.deliveries.attempt(deliveryId, job.attemptsMade + 1) };
    } catch (error) {
      const attempts = job.opts.attempts ?? DELIVERIES_QUEUE.options.attempts ?? 1;
      if (job.attemptsMade + 1 >= attempts) await this.deliveries.markFailed(deliveryId);
      throw error;
    }
  }
}
