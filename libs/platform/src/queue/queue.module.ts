import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';

import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { HEALTH_QUEUE, HealthCheckProcessor } from './health.queue';
import type { QueueDefinition } from './queue-definition';
import { JobHandlerCheck } from './queue-processor';
import { QueueRegistry, QueueSchedules } from './queue-registry';

let registrations = 0;

function registerIn(definitions: readonly QueueDefinition[], consume: boolean) {
  return {
    // One token per call: a module may register several times, and so may two modules the same queue.
    provide: `queues ${registrations++}: ${definitions.map(({ name }) => name).join(', ')}`,
    inject: [QueueRegistry],
    useFactory: (registry: QueueRegistry) => {
      registry.register(definitions, { consume });
      return definitions;
    },
  };
}

/** BullMQ's connection to Redis, and the queues a process produces to or consumes from. */
@Module({})
export class QueueModule {
  static forRoot(): DynamicModule {
    return BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        connection: { url: config.redisUrl, maxRetriesPerRequest: null },
        prefix: `${config.redisKeyPrefix}:bull`,
      }),
    });
  }

  /** Queues this module adds jobs to, each with its own job options. */
  static forQueues(...definitions: QueueDefinition[]): DynamicModule {
    return QueueModule.register(definitions, false);
  }

  /**
   * Queues whose jobs this module runs: its providers must include one `QueueProcessor` per queue
   * (checked at start-up), and the queues' schedules are declared, and declared again when Redis
   * comes back.
   */
  static forWorker(...definitions: QueueDefinition[]): DynamicModule {
    return QueueModule.register(definitions, true);
  }

  private static register(definitions: readonly QueueDefinition[], consume: boolean): DynamicModule {
    const queues = BullModule.registerQueue(
      ...definitions.map(({ name, options }) => ({ name, defaultJobOptions: options })),
    );
    return { module: QueueModule, imports: [queues], providers: [registerIn(definitions, consume)], exports: [queues] };
  }
}

/**
 * What a worker process imports once, beside the modules whose queues it runs: the start-up check
 * that every consumed queue has one processor handling each of its jobs, the schedules, and the
 * health queue that proves the worker consumes.
 */
@Module({
  imports: [DiscoveryModule, QueueModule.forWorker(HEALTH_QUEUE)],
  providers: [JobHandlerCheck, QueueSchedules, HealthCheckProcessor],
})
export class QueueWorkerModule {}
