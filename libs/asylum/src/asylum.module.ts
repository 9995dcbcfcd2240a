import { AccessModule } from '@albergue/access';
import { IntakeModule, PersonVisibilityRegistry } from '@albergue/intake';
import { contributeTo, registerEncryptedColumns, registerVocabularies } from '@albergue/platform';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AsylumApplicationsService } from './asylum-applications.service';
import { AsylumController } from './asylum.controller';
import { ASYLUM_ENCRYPTED_COLUMNS } from './asylum-encrypted-columns';
import { AsylumErasureModule } from './asylum-erasure.module';
import { asylumEntities } from './asylum.entities';
import { AsylumEventsService } from './asylum-events.service';
import { ASYLUM_VOCABULARIES } from './asylum-vocabulary';
import { AsylumStatsService } from './asylum-stats.service';
import { CalendarClosuresService } from './calendar-closures.service';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';
import { DeadlineStore } from './deadline-store.service';
import { DeadlinesService } from './deadlines.service';
import { lawyerPersonVisibility } from './lawyer-person-visibility';
import { RemindersService } from './reminders.service';

/** Asylum applications, their timeline and deadlines, the Mexican closure days, reminders (docs/API.md, Asylum). */
@Module({
  imports: [AccessModule, IntakeModule, AsylumErasureModule, TypeOrmModule.forFeature(asylumEntities)],
  controllers: [AsylumController, CalendarController],
  providers: [
    AsylumApplicationsService,
    AsylumEventsService,
    AsylumStatsService,
    CalendarService,
    CalendarClosuresService,
    DeadlineStore,
    DeadlinesService,
    contributeTo(PersonVisibilityRegistry, 'asylum', lawyerPersonVisibility),
    RemindersService,
    registerEncryptedColumns('asylum', ASYLUM_ENCRYPTED_COLUMNS),
    registerVocabularies('asylum', ASYLUM_VOCABULARIES),
  ],
  // The case file prints an application's summary from the same scoped, audited read.
  exports: [AsylumApplicationsService],
})
export class AsylumModule {}
