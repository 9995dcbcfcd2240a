import { accessEntities } from '@albergue/access';
import { intakeEntities } from '@albergue/intake';
import { QUEUES, QueueModule } from '@albergue/platform';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { asylumEntities } from './asylum.entities';
import { AsylumErasureModule } from './asylum-erasure.module';
import { CalendarService } from './calendar.service';
import { DeadlineStore } from './deadline-store.service';
import { ReminderRecorder } from './reminder-recorder.service';
import { RemindersProcessor } from './reminders.processor';
import { RemindersScheduler } from './reminders.scheduler';

/**
 * What the worker runs of asylum: the daily reminder job and its schedule, and asylum's part in
 * retention's erasures. The entities of access and intake are loaded only as metadata for the
 * asylum tables' foreign keys.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([...accessEntities, ...intakeEntities, ...asylumEntities]),
    QueueModule.forQueues(QUEUES.reminders),
    AsylumErasureModule,
  ],
  providers: [CalendarService, DeadlineStore, ReminderRecorder, RemindersProcessor, RemindersScheduler],
})
export class AsylumWorkerModule {}
