import { AsylumWorkerModule } from '@albergue/asylum';
import { CasefileErasureModule } from '@albergue/casefile';
import { ExportsWorkerModule } from '@albergue/exports';
import { IncidentsErasureModule } from '@albergue/incidents';
import { IntakeWorkerModule } from '@albergue/intake';
import { AppConfig, JobHandlerCheck, PlatformModule, QUEUES, QueueModule } from '@albergue/platform';
import { ReferralsErasureModule } from '@albergue/referrals';
import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';

import { ExportProcessor } from './exports/export.processor';
import { WebhookDeliveryProcessor } from './exports/webhook-delivery.processor';
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
        ExportsWorkerModule,
        // Retention erases persons: every module holding their records takes part (AsylumWorkerModule brings asylum's).
        IntakeWorkerModule,
        IncidentsErasureModule,
        ReferralsErasureModule,
        CasefileErasureModule,
      ],
      providers: [JobHandlerCheck, HealthCheckProcessor, ExportProcessor, WebhookDeliveryProcessor],
    };
  }
}
