import type { DefaultJobOptions } from 'bullmq';

/** Every BullMQ queue of Albergue. */
export const QUEUES = {
  health: 'health',
  reminders: 'reminders',
  exports: 'exports',
  deliveries: 'deliveries',
  retention: 'retention',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Every job name, by queue: the worker refuses to start if one has no handler or two. */
export const JOBS = {
  health: { ping: 'health.ping' },
  reminders: { recordDue: 'reminders.record-due' },
  exports: { build: 'exports.build' },
  deliveries: { webhook: 'deliveries.webhook' },
  retention: { anonymizeExpired: 'retention.anonymize-expired' },
} as const satisfies Record<keyof typeof QUEUES, Record<string, string>>;

export type JobName<Q extends keyof typeof JOBS> = Extract<(typeof JOBS)[Q][keyof (typeof JOBS)[Q]], string>;

/** Waits between webhook attempts (Standard Webhooks' schedule): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h. */
export const WEBHOOK_RETRY_DELAYS_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000] as const;

/** Name of the custom backoff of webhook deliveries; the deliveries worker registers webhookBackoff under it. */
export const WEBHOOK_BACKOFF = 'webhook';

/** The wait before retry number `attemptsMade` (1 for the first retry). */
export function webhookBackoff(attemptsMade: number): number {
  return WEBHOOK_RETRY_DELAYS_MS[Math.min(Math.max(attemptsMade, 1), WEBHOOK_RETRY_DELAYS_MS.length) - 1];
}

/** Retry, backoff and retention of each queue's jobs. */
export const JOB_OPTIONS: Record<QueueName, DefaultJobOptions> = {
  health: {
    attempts: 1,
    removeOnComplete: { age: 3600, count: 100 },
    removeOnFail: { age: 24 * 3600 },
  },
  // A missed run means a lawyer not warned of a deadline: retry for about an hour, keep failures a month.
  reminders: {
    attempts: 6,
    backoff: { type: 'exponential', delay: 60_000 },
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 30 * 24 * 3600 },
  },
  // The job id is the export id: a job kept after it ends keeps a late relay from queueing it again.
  exports: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 10_000 },
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 30 * 24 * 3600 },
  },
  // One first try and a retry per delay; the job id is the delivery id, which is also the webhook-id.
  deliveries: {
    attempts: WEBHOOK_RETRY_DELAYS_MS.length + 1,
    backoff: { type: WEBHOOK_BACKOFF },
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 30 * 24 * 3600 },
  },
  // A run that fails is simply done by the next day's; each erasure is its own transaction, so a
  // retry starts where the failure stopped.
  retention: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 60_000 },
    removeOnComplete: { age: 30 * 24 * 3600 },
    removeOnFail: { age: 90 * 24 * 3600 },
  },
};

/**
 * The daily reminder run. Every worker upserts the same scheduler id at start-up, so however many
 * workers run there is one scheduler, and BullMQ gives each occurrence one job id.
 */
export const REMINDERS_SCHEDULE = {
  schedulerId: 'reminders.record-due.daily',
  pattern: '0 6 * * *',
  tz: 'America/Mexico_City',
} as const;

/** The id of a reminder run for one day, for adding a run by hand: adding it twice queues it once. */
export const reminderRunJobId = (asOf: string): string => `${JOBS.reminders.recordDue}.${asOf}`;

/**
 * The nightly retention run (RETENTION_DAYS). Every worker upserts the same scheduler id at
 * start-up, so however many workers run there is one scheduler and one job per night; a worker
 * started with retention off removes it.
 */
export const RETENTION_SCHEDULE = {
  schedulerId: 'retention.anonymize-expired.daily',
  pattern: '0 3 * * *',
  tz: 'America/Mexico_City',
} as const;
