import { getQueueToken } from '@nestjs/bullmq';
import { Global, Inject, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';

import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { QueueDefinition } from './queue-definition';

/** The queues of this process, as the modules declared them: those it produces to, and those it consumes. */
@Injectable()
export class QueueRegistry {
  private readonly byName = new Map<string, QueueDefinition>();
  private readonly consumedNames = new Set<string>();

  register(definitions: readonly QueueDefinition[], { consume }: { consume: boolean }): void {
    for (const definition of definitions) {
      const registered = this.byName.get(definition.name);
      if (registered !== undefined && registered !== definition)
        throw new Error(`two queues are named ${definition.name}`);
      this.byName.set(definition.name, definition);
      if (consume) this.consumedNames.add(definition.name);
    }
  }

  /** Every queue this process knows, consumed or not. */
  all(): QueueDefinition[] {
    return [...this.byName.values()];
  }

  /** The queues whose jobs this process runs. */
  consumed(): QueueDefinition[] {
    return this.all().filter(({ name }) => this.consumedNames.has(name));
  }
}

/**
 * Declares the schedules of every consumed queue when the worker starts, and again whenever a
 * queue's Redis connection comes back: a Redis that returns empty (restarted without persistence,
 * failed over to a fresh replica) would otherwise have no run until a worker restarted. Upserting
 * a schedule that survived is harmless. A schedule this configuration does not want is removed.
 */
@Injectable()
export class QueueSchedules implements OnApplicationBootstrap {
  private readonly logger = new Logger('QueueSchedules');
  private readonly redeclaring = new Map<string, Promise<void>>();

  constructor(
    private readonly queues: QueueRegistry,
    private readonly moduleRef: ModuleRef,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const definition of this.queues.consumed()) {
      if ((definition.schedules ?? []).length === 0) continue;
      const queue = this.moduleRef.get<Queue>(getQueueToken(definition.name), { strict: false });
      await this.declare(queue, definition);
      queue.on('ioredis:close', () => this.declareWhenBack(queue, definition));
    }
  }

  /** The connection queues the commands until Redis answers again; one pending per queue, however many reconnects fail. */
  private declareWhenBack(queue: Queue, definition: QueueDefinition): void {
    const { name } = definition;
    if (this.redeclaring.has(name)) return;
    const declaring = this.declare(queue, definition)
      .then(() => this.logger.log(`schedules of queue ${name} declared again after Redis came back`))
      .catch(() => this.logger.warn(`schedules of queue ${name} not declared again: the queue is closing`))
      .finally(() => this.redeclaring.delete(name));
    this.redeclaring.set(name, declaring);
  }

  private async declare(queue: Queue, definition: QueueDefinition): Promise<void> {
    for (const { schedulerId, pattern, tz, job, enabledIn } of definition.schedules ?? []) {
      if (enabledIn && !enabledIn(this.config)) {
        await queue.removeJobScheduler(schedulerId);
      } else {
        await queue.upsertJobScheduler(schedulerId, { pattern, tz }, { name: definition.jobs[job].name, data: {} });
      }
    }
  }
}

@Global()
@Module({ providers: [QueueRegistry], exports: [QueueRegistry] })
export class QueueRegistryModule {}
