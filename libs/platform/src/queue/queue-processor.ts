import { WorkerHost } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Job } from 'bullmq';

import { JobName, JOBS } from './queue.constants';

type QueueKey = keyof typeof JOBS;

export type JobHandlers<Q extends QueueKey> = Record<JobName<Q>, (job: Job) => Promise<unknown>>;

/** A BullMQ processor that dispatches each job by name to exactly one handler. */
export abstract class QueueProcessor<Q extends QueueKey> extends WorkerHost {
  abstract readonly queueKey: Q;
  abstract readonly handlers: JobHandlers<Q>;

  async process(job: Job): Promise<unknown> {
    const handler = (this.handlers as Record<string, (job: Job) => Promise<unknown>>)[job.name];
    if (!handler) throw new Error(`no handler for job ${job.name} on queue ${this.queueKey}`);
    return handler.call(this, job);
  }
}

/** Lists the job names that have no handler, or more than one, among these processors. */
export function findJobHandlerProblems(processors: QueueProcessor<QueueKey>[]): string[] {
  const counts = new Map<string, number>();
  for (const processor of processors) {
    for (const name of Object.keys(processor.handlers)) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const problems: string[] = [];
  for (const jobs of Object.values(JOBS)) {
    for (const name of Object.values(jobs) as string[]) {
      const count = counts.get(name) ?? 0;
      if (count !== 1) problems.push(`${name} has ${count === 0 ? 'no handler' : `${count} handlers`}`);
      counts.delete(name);
    }
  }
  for (const name of counts.keys()) problems.push(`${name} is handled but not declared in JOBS`);
  return problems;
}

/** Stops the worker at start-up when a job name has no handler or two. */
@Injectable()
export class JobHandlerCheck implements OnApplicationBootstrap {
  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    const processors = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is QueueProcessor<QueueKey> => instance instanceof QueueProcessor);
    const problems = findJobHandlerProblems(processors);
    if (problems.length > 0) throw new Error(`job handlers do not match JOBS: ${problems.join('; ')}`);
  }
}
