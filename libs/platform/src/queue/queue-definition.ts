import type { DefaultJobOptions, Job, JobsOptions, Queue } from 'bullmq';

import type { AppConfig } from '../config/app-config';

/** A job a queue runs: its name, and (as a type only) the data it carries. */
export interface JobDefinition<Data = unknown> {
  readonly name: string;
  /** Never set: it only carries the type of the job's data. */
  readonly data?: Data;
}

/** `job<{ exportId: string }>('exports.build')`: a job name with the type of its data. */
export function job<Data>(name: string): JobDefinition<Data> {
  return { name };
}

export type JobDataOf<J> = J extends JobDefinition<infer Data> ? Data : never;

/**
 * A repeatable run. Every worker that consumes the queue upserts the same scheduler id at
 * start-up, and again whenever its Redis connection comes back (a Redis restarted empty has lost
 * it), so however many workers run there is one scheduler and one job per occurrence.
 */
export interface ScheduleDefinition<JobKey extends string = string> {
  schedulerId: string;
  /** Cron pattern, read in `tz`. */
  pattern: string;
  tz: string;
  /** The job each occurrence adds (its key in the queue's `jobs`), with empty data. */
  job: JobKey;
  /** Whether this configuration wants the run; a worker configured without it removes it. Always, when left out. */
  enabledIn?: (config: AppConfig) => boolean;
}

/** A BullMQ queue as the module that owns it declares it, in one file: name, jobs, options, schedules. */
export interface QueueDefinition<Jobs extends Record<string, JobDefinition> = Record<string, JobDefinition>> {
  readonly name: string;
  readonly jobs: Jobs;
  /** Retry, backoff and retention of its jobs. */
  readonly options: DefaultJobOptions;
  readonly schedules?: readonly ScheduleDefinition[];
}

export function defineQueue<const Jobs extends Record<string, JobDefinition>>(
  definition: QueueDefinition<Jobs> & { schedules?: readonly ScheduleDefinition<Extract<keyof Jobs, string>>[] },
): QueueDefinition<Jobs> {
  const names = Object.values(definition.jobs).map(({ name }) => name);
  const repeated = names.filter((name, index) => names.indexOf(name) !== index);
  if (repeated.length > 0) throw new Error(`queue ${definition.name}: job names repeated: ${repeated.join(', ')}`);
  return definition;
}

/** Adds a job with data of the type its definition declares. */
export function enqueue<J extends JobDefinition>(
  queue: Queue,
  definition: J,
  data: JobDataOf<J>,
  options?: JobsOptions,
): Promise<Job> {
  return queue.add(definition.name, data, options);
}
