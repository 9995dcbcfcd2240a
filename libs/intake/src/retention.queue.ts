import { defineQueue, job } from '@albergue/platform';

/**
 * The nightly retention run (RETENTION_DAYS). Every worker upserts the same scheduler id at
 * start-up (and when Redis comes back), so however many workers run there is one schedule and one
 * job per night; a worker started with retention off removes it.
 */
export const RETENTION_SCHEDULE = {
  schedulerId: 'retention.anonymize-expired.daily',
  pattern: '0 3 * * *',
  tz: 'America/Mexico_City',
} as const;

/** Intake's queue: erasing the persons whose retention period has passed. */
export const RETENTION_QUEUE = defineQueue({
  name: 'retention',
  jobs: { anonymizeExpired: job<Record<string, never>>('retention.anonymize-expired') },
  // A run that fails is simply done by the next day's; each erasure is its own transaction, so a
  // retry starts where the failure stopped.
  options: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 60_000 },
    removeOnComplete: { age: 30 * 24 * 3600 },
    removeOnFail: { age: 90 * 24 * 3600 },
  },
  schedules: [
    { ...RETENTION_SCHEDULE, job: 'anonymizeExpired', enabledIn: (config) => config.retention.days !== null },
  ],
});
