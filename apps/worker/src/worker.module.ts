import { AsylumWorkerModule } from '@albergue/asylum';
import { CasefileErasureModule } from '@albergue/casefile';
import { DocumentsErasureModule } from '@albergue/documents';
import { ExportsWorkerModule } from '@albergue/exports';
import { IncidentsErasureModule } from '@albergue/incidents';
import { IntakeWorkerModule } from '@albergue/intake';
import { AppConfig, PlatformModule, QueueWorkerModule } from '@albergue/platform';
import { ReferralsErasureModule } from '@albergue/referrals';
import { DynamicModule, Module } from '@nestjs/common';

/** The worker assembles the modules whose queues it runs; each brings its queues, processors and schedules. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot(config),
        QueueWorkerModule,
        AsylumWorkerModule,
        ExportsWorkerModule,
        // Retention erases persons: every module holding their records takes part (AsylumWorkerModule brings asylum's).
        IntakeWorkerModule,
        IncidentsErasureModule,
        ReferralsErasureModule,
        CasefileErasureModule,
        DocumentsErasureModule,
      ],
    };
  }
}
