import { JobHandlers, QueueProcessor, QUEUES } from '@albergue/platform';
import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';

import { isIsoDate } from './iso-date';
import { todayInMexicoCity } from './mexico-city-date';
import { ReminderRecorder } from './reminder-recorder.service';

/** The daily reminder run; a job may name the day it runs for (`asOf`), by default today in Mexico City. */
@Processor(QUEUES.reminders)
export class RemindersProcessor extends QueueProcessor<'reminders'> {
  readonly queueKey = 'reminders';
  readonly handlers: JobHandlers<'reminders'> = {
    'reminders.record-due': (job: Job) => {
      const asOf = (job.data as { asOf?: unknown } | undefined)?.asOf;
      return this.recorder.recordDue(isIsoDate(asOf) ? asOf : todayInMexicoCity());
    },
  };

  constructor(private readonly recorder: ReminderRecorder) {
    super();
  }
}
