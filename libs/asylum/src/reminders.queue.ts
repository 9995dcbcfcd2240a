import { defineQueue, job } from '@albergue/platform';

/**
 * The daily reminder run. Every worker upserts the same scheduler id at start-up (and when Redis
 * comes back), so however many workers run there is one scheduler, and BullMQ gives each
 * occurrence one job id.
 */
export const REMINDERS_SCHEDULE = {
  schedulerId: 'reminders.record-due.daily',
  pattern: '0 6 * * *',
  tz: 'America/Mexico_City',
} as const;

/** Asylum's queue: the reminders of deadlines falling due, recorded once a day. */
export const REMINDERS_QUEUE = defineQueue({
  name: 'reminders',
  /** A job may name the day it runs for (`asOf`, YYYY-MM-DD); by default today in Mexico City. */
  jobs: { recordDue: job<{ asOf?: string }>('reminders.record-due') },
  // A missed run means a lawyer not warned of a deadline: retry for about an hour, keep failures a month.
  options: {
    attempts: 6,
    backoff: { type: 'exponential', delay: 60_000 },
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 30 * 24 * 3600 },
  },
  schedules: [{ ...REMINDERS_SCHEDULE, job: 'recordDue' }],
});

/** The id of a reminder run for one day, for adding a run by hand: adding it twice queues it once. */
export const reminderRunJobId = (asOf: string): string => `${REMINDERS_QUEUE.jobs.recordDue.name}.${asOf}`;
