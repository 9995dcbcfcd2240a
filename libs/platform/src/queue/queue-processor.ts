import { WorkerHost } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Job } from 'bullmq';

import type { JobDataOf, QueueDefinition } from './queue-definition';
import { QueueRegistry } from './queue-registry';

/** One handler per job of the queue, each given the job with the data its definition declares. */
export type JobHandlers<Q extends QueueDefinition> = {
  [K in keyof Q['jobs']]: (job: Job<JobDataOf<Q['jobs'][K]>>) => Promise<unknown>;
};

/**
 * A BullMQ processor of one queue (decorate it `@Processor(THE_QUEUE.name)`), which dispatches
 * each job by name to exactly one handler.
 */
export abstract class QueueProcessor<Q extends QueueDefinition = QueueDefinition> extends WorkerHost {
  abstract readonly definition: Q;
  abstract readonly handlers: JobHandlers<Q>;

  async process(job: Job): Promise<unknown> {
    const key = Object.keys(this.definition.jobs).find((name) => this.definition.jobs[name].name === job.name);
    const handler =
      key === undefined ? undefined : (this.handlers as Record<string, (job: Job) => Promise<unknown>>)[key];
    if (!handler) throw new Error(`no handler for job ${job.name} on queue ${this.definition.name}`);
    return handler.call(this, job);
  }
}

/**
 * Lists what is wrong between the queues a process consumes and its processors: a queue with no
 * processor or two, a job with no handler, a handler for a job its queue does not declare, a
 * processor of a queue the process does not consume.
 */
export function findJobHandlerProblems(consumed: readonly QueueDefinition[], processors: QueueProcessor[]): string[] {
  const problems: string[] = [];
  for (const queue of consumed) {
    const mine = processors.filter((processor) => processor.definition.name === queue.name);
    if (mine.length !== 1) {
      problems.push(`queue ${queue.name} has ${mine.length === 0 ? 'no processor' : `${mine.length} processors`}`);
      continue;
    }
    const handled = Object.keys(mine[0].handlers);
    for (const [key, { name }] of Object.entries(queue.jobs)) {
      if (!handled.includes(key)) problems.push(`${name} has no handler`);
    }
    for (const key of handled) {
      if (!Object.hasOwn(queue.jobs, key)) problems.push(`${queue.name}.${key} is handled but not declared`);
    }
  }
  const consumedNames = new Set(consumed.map(({ name }) => name));
  for (const processor of processors) {
    if (!consumedNames.has(processor.definition.name)) {
      problems.push(`queue ${processor.definition.name} has a processor but is not consumed (QueueModule.forWorker)`);
    }
  }
  return problems;
}

/** Stops the worker at start-up when a consumed queue or one of its jobs has no handler, or two. */
@Injectable()
export class JobHandlerCheck implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly queues: QueueRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const processors = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is QueueProcessor => instance instanceof QueueProcessor);
    const problems = findJobHandlerProblems(this.queues.consumed(), processors);
    if (problems.length > 0) throw new Error(`job handlers do not match the queues: ${problems.join('; ')}`);
  }
}
