import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';

import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { JOB_OPTIONS, QueueName } from './queue.constants';

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

  static forQueues(...names: QueueName[]): DynamicModule {
    return BullModule.registerQueue(...names.map((name) => ({ name, defaultJobOptions: JOB_OPTIONS[name] })));
  }
}
