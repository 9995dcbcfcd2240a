import { JOBS, QUEUES, REMINDERS_SCHEDULE } from '@albergue/platform';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';

/**
 * Declares the daily reminder run when a worker starts. Every worker upserts the same scheduler
 * id, so two workers make one scheduler, and BullMQ gives each day's run a single job id.
 *
 * The schedule lives in Redis only: a Redis that comes back empty (restarted without persistence,
 * failed over to a fresh replica) would have no daily run until a worker restarted, and lawyers
 * would silently get no more reminders. So each worker declares it again whenever its connection
 * comes back; upserting a schedule that survived is harmless.
 */
@Injectable()
export class RemindersScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('Reminders');
  private redeclaring?: Promise<void>;

  constructor(@InjectQueue(QUEUES.reminders) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.declare();
    this.queue.on('ioredis:close', () => this.declareWhenBack());
  }

  /** The connection queues the command until Redis answers again; one pending at a time, however many reconnects fail. */
  private declareWhenBack(): void {
    if (this.redeclaring) return;
    this.redeclaring = this.declare()
      .then(() => this.logger.log('daily reminder schedule declared again after Redis came back'))
      .catch(() => this.logger.warn('daily reminder schedule not declared again: the queue is closing'))
      .finally(() => (this.redeclaring = undefined));
  }

  private async declare(): Promise<void> {
    await this.queue.upsertJobScheduler(
      REMINDERS_SCHEDULE.schedulerId,
      { pattern: REMINDERS_SCHEDULE.pattern, tz: REMINDERS_SCHEDULE.tz },
      { name: JOBS.reminders.recordDue, data: {} },
    );
  }
}
