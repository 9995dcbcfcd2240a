import { defineQueue, job } from '@albergue/platform';

/** Waits between webhook attempts (Standard Webhooks' schedule): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h. */
export const WEBHOOK_RETRY_DELAYS_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000] as const;

/** Name of the custom backoff of webhook deliveries; the deliveries processor registers webhookBackoff under it. */
export const WEBHOOK_BACKOFF = 'webhook';

/** The wait before retry number `attemptsMade` (1 for the first retry). */
export function webhookBackoff(attemptsMade: number): number {
  return WEBHOOK_RETRY_DELAYS_MS[Math.min(Math.max(attemptsMade, 1), WEBHOOK_RETRY_DELAYS_MS.length) - 1];
}

/** Builds one export per job; the job id is the export id (see ExportOutboxRelay). */
export const EXPORTS_QUEUE = defineQueue({
  name: 'exports',
  jobs: { build: job<{ exportId: string }>('exports.build') },
  // The job id is the export id: a job kept after it ends keeps a late relay from queueing it again.
  options: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 10_000 },
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 30 * 24 * 3600 },
  },
});

/** Notifies partners that an export is ready, retried on the Standard Webhooks schedule. */
export const DELIVERIES_QUEUE = defineQueue({
  name: 'deliveries',
  jobs: { webhook: job<{ deliveryId: string }>('deliveries.webhook') },
  // One first try and a retry per delay; the job id is the delivery id, which is also the webhook-id.
  options: {
    attempts: WEBHOOK_RETRY_DELAYS_MS.length + 1,
    backoff: { type: WEBHOOK_BACKOFF },
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 30 * 24 * 3600 },
  },
});
