import { APP_CONFIG, AppConfig, JOBS, QUEUES, RETENTION_SCHEDULE } from '@albergue/platform';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';

/**
 * Declares the nightly retention run when a worker starts with RETENTION_DAYS set, and removes it
 * when one starts with retention off. Every worker upserts the same scheduler id: one schedule,
 * one job per night, however many workers run.
 */
@Injectable()
export class RetentionScheduler implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QUEUES.retention) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.retention.days === null) {
      await this.queue.removeJobScheduler(RETENTION_SCHEDULE.schedulerId);
      return;
    }
    await this.queue.upsertJobScheduler(
      RETENTION_SCHEDULE.schedulerId,
      { pattern: RETENTION_SCHEDULE.pattern, tz: RETENTION_SCHEDULE.tz },
      { name: JOBS.retention.anonymizeExpired, data: {} },
    );
  }
}
