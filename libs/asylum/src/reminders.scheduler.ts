import { JOBS, QUEUES, REMINDERS_SCHEDULE } from '@albergue/platform';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';

/**
 * Declares the daily reminder run when a worker starts. Every worker upserts the same scheduler
 * id, so two workers make one scheduler, and BullMQ gives each day's run a single job id.
 */
@Injectable()
export class RemindersScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(QUEUES.reminders) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      REMINDERS_SCHEDULE.schedulerId,
      { pattern: REMINDERS_SCHEDULE.pattern, tz: REMINDERS_SCHEDULE.tz },
      { name: JOBS.reminders.recordDue, data: {} },
    );
  }
}
