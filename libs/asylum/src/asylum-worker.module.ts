import { QueueModule } from '@albergue/platform';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { asylumEntities } from './asylum.entities';
import { AsylumErasureModule } from './asylum-erasure.module';
import { CalendarService } from './calendar.service';
import { DeadlineStore } from './deadline-store.service';
import { ReminderRecorder } from './reminder-recorder.service';
import { RemindersProcessor } from './reminders.processor';
import { REMINDERS_QUEUE } from './reminders.queue';

/**
 * What the worker runs of asylum: the daily reminder job and its schedule, and asylum's part in
 * retention's erasures. Asylum's entities hold other modules' rows by id only (the foreign keys
 * live in the migrations), so no other module's entities are loaded for them.
 */
@Module({
  imports: [TypeOrmModule.forFeature(asylumEntities), QueueModule.forWorker(REMINDERS_QUEUE), AsylumErasureModule],
  providers: [CalendarService, DeadlineStore, ReminderRecorder, RemindersProcessor],
})
export class AsylumWorkerModule {}
