import { AsylumWorkerModule } from '@albergue/asylum';
import { AppConfig, JobHandlerCheck, PlatformModule, QUEUES, QueueModule } from '@albergue/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';

import { HealthCheckProcessor } from './health/health-check.processor';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot(config),
        DiscoveryModule,
        QueueModule.forQueues(QUEUES.health),
        AsylumWorkerModule,
      ],
      providers: [JobHandlerCheck, HealthCheckProcessor],
    };
  }
}
