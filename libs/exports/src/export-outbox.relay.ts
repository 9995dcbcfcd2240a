import { enqueue } from '@albergue/platform';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';

import { EXPORTS_QUEUE } from './exports.queues';

const INTERVAL_MS = 1000;
const BATCH_SIZE = 50;
/** BullMQ waits for Redis forever; the relay gives up sooner and keeps the entry for the next round. */
const ENQUEUE_TIMEOUT_MS = 3000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Moves export requests from the outbox to the `exports` queue. Any number of API and worker
 * instances run it: each locks the entries it takes (SKIP LOCKED), and the job id is the export
 * id, so an entry queued twice (a crash between add and commit) is still one job.
 */
@Injectable()
export class ExportOutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ExportOutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(EXPORTS_QUEUE.name) private readonly queue: Queue,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.nudge(), INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Runs a round now unless one is under way (after a request, so it need not wait for the tick). */
  nudge(): void {
    if (this.running || this.stopped) return;
    this.running = this.relayOnce()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.warn(`export outbox relay: ${(error as Error).message}`))
      .finally(() => (this.running = undefined));
  }

  /** Queues a batch of pending entries; answers how many it queued. */
  async relayOnce(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const pending = (await manager.query(
        `SELECT id, export_id FROM export_outbox WHERE enqueued_at IS NULL
          ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH_SIZE],
      )) as { id: string; export_id: string }[];
      let queued = 0;
      for (const entry of pending) {
        try {
          await withTimeout(
            enqueue(this.queue, EXPORTS_QUEUE.jobs.build, { exportId: entry.export_id }, { jobId: entry.export_id }),
            ENQUEUE_TIMEOUT_MS,
          );
          await manager.query('UPDATE export_outbox SET enqueued_at = now(), attempts = attempts + 1 WHERE id = $1', [
            entry.id,
          ]);
          queued++;
        } catch (error) {
          await manager.query('UPDATE export_outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1', [
            entry.id,
            (error as Error).message.slice(0, 500),
          ]);
          break;
        }
      }
      return queued;
    });
  }
}
