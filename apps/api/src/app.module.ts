import { AccessModule } from '@albergue/access';
import { AsylumModule, REMINDERS_QUEUE } from '@albergue/asylum';
import { CasefileModule } from '@albergue/casefile';
import { DocumentsModule } from '@albergue/documents';
import { DELIVERIES_QUEUE, EXPORTS_QUEUE, ExportsModule } from '@albergue/exports';
import { IncidentsModule } from '@albergue/incidents';
import { IntakeModule, RETENTION_QUEUE } from '@albergue/intake';
import { AppConfig, HEALTH_QUEUE, PlatformModule, QueueModule } from '@albergue/platform';
import { ReferralsModule } from '@albergue/referrals';
import { DynamicModule, Module, Type } from '@nestjs/common';

import { HealthController } from './health/health.controller';
import { ReadinessService } from './health/readiness.service';
import { VocabulariesController } from './vocabularies/vocabularies.controller';

/**
 * The modules of the business capabilities. keys:rotate loads the same list, so every module that
 * registers encrypted columns takes part in a rotation.
 */
export const DOMAIN_MODULES = [
  AccessModule,
  IntakeModule,
  AsylumModule,
  IncidentsModule,
  ReferralsModule,
  ExportsModule,
  CasefileModule,
  DocumentsModule,
];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, extraModules: Type[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config),
        ...DOMAIN_MODULES,
        // Every queue, for Bull Board (see queue-board.ts).
        QueueModule.forQueues(HEALTH_QUEUE, REMINDERS_QUEUE, RETENTION_QUEUE, EXPORTS_QUEUE, DELIVERIES_QUEUE),
        ...extraModules,
      ],
      controllers: [HealthController, VocabulariesController],
      providers: [ReadinessService],
    };
  }
}
