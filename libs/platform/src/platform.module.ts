import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AppConfig } from './config/app-config';
import { CryptoModule } from './crypto/field-encryption';
import { APP_CONFIG, ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/database-setup';
import { IdempotencyKeyEntity } from './http/idempotency/idempotency-key.entity';
import { IdempotencyModule } from './http/idempotency/idempotency.module';
import { LoggingModule } from './logging/logging.module';
import { QueueErrorLogger } from './queue/queue-error.logger';
import { QueueModule } from './queue/queue.module';
import { QueueRegistryModule } from './queue/queue-registry';
import { RecordsModule } from './records/records.module';
import { RedisModule } from './redis/redis.module';
import { VocabularyModule } from './vocabulary/vocabulary';

/** The platform's own tables, for the migration CLI (the processes load them through PlatformModule). */
export const platformEntities = [IdempotencyKeyEntity];

/**
 * Config, field encryption, logging, Postgres, Redis, BullMQ and the answers kept for
 * Idempotency-Keys: what the API and the worker both stand on.
 */
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forRoot(config),
        CryptoModule,
        VocabularyModule,
        RecordsModule,
        IdempotencyModule,
        LoggingModule,
        RedisModule,
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (appConfig: AppConfig) => ({
            ...dataSourceOptions(appConfig.databaseUrl),
            autoLoadEntities: true,
            retryAttempts: 3,
          }),
        }),
        QueueModule.forRoot(),
        QueueRegistryModule,
        DiscoveryModule,
      ],
      providers: [QueueErrorLogger],
    };
  }
}
