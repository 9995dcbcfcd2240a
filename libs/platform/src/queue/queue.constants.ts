import type { DefaultJobOptions } from 'bullmq';

/** Every BullMQ queue of Albergue. */
export const QUEUES = {
  health: 'health',
  exports: 'exports',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Every job name, by queue: the worker refuses to start if one has no handler or two. */
export const JOBS = {
  health: { ping: 'health.ping' },
  exports: { build: 'exports.build' },
} as const satisfies Record<keyof typeof QUEUES, Record<string, string>>;

export type JobName<Q extends keyof typeof JOBS> = Extract<(typeof JOBS)[Q][keyof (typeof JOBS)[Q]], string>;

/** Retry, backoff and retention of each queue's jobs. */
export const JOB_OPTIONS: Record<QueueName, DefaultJobOptions> = {
  health: {
    attempts: 1,
    removeOnComplete: { age: 3600, count: 100 },
    removeOnFail: { age: 24 * 3600 },
  },
  // The job id is the export id: a job kept after it ends keeps a late relay from queueing it again.
  exports: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 10_000 },
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 30 * 24 * 3600 },
  },
};
