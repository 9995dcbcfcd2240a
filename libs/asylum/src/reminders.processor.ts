import { JobHandlers, QueueProcessor } from '@albergue/platform';
import { Processor } from '@nestjs/bullmq';

import { isIsoDate } from './iso-date';
import { todayInMexicoCity } from './mexico-city-date';
import { ReminderRecorder } from './reminder-recorder.service';
import { REMINDERS_QUEUE } from './reminders.queue';

/** The daily reminder run; a job may name the day it runs for (`asOf`), by default today in Mexico City. */
@Processor(REMINDERS_QUEUE.name)
export class RemindersProcessor extends QueueProcessor<typeof REMINDERS_QUEUE> {
  readonly definition = REMINDERS_QUEUE;
  readonly handlers: JobHandlers<typeof REMINDERS_QUEUE> = {
    recordDue: (job) => {
      // Typed, but read from Redis: anything but a date means today.
      const asOf: unknown = job.data?.asOf;
      return this.recorder.recordDue(isIsoDate(asOf) ? asOf : todayInMexicoCity());
    },
  };

  constructor(private readonly recorder: ReminderRecorder) {
    super();
  }
}
