import { WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Queue } from 'bullmq';

/** At most one warning per queue or worker in this time, however often it fails to reconnect. */
export const QUEUE_ERROR_REPORT_INTERVAL_MS = 60_000;

interface ErrorSource {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * BullMQ prints each error of a queue or worker that has no `error` listener with console.error:
 * while Redis is down that is a raw stack trace per queue per reconnect attempt, outside the JSON
 * log. This listens on every queue and worker of the process and logs one warning a minute for
 * each, with the error's code only; readiness already says that Redis is down.
 */
@Injectable()
export class QueueErrorLogger implements OnApplicationBootstrap {
  private readonly logger = new Logger('Queues');
  private readonly lastReported = new Map<string, number>();

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as unknown;
      if (instance instanceof Queue) this.listen(`queue ${instance.name}`, instance);
      if (instance instanceof WorkerHost) this.listen(`worker ${instance.worker.name}`, instance.worker);
    }
  }

  private listen(source: string, emitter: ErrorSource): void {
    emitter.on('error', (error: Error) => {
      const now = Date.now();
      if (now - (this.lastReported.get(source) ?? -Infinity) < QUEUE_ERROR_REPORT_INTERVAL_MS) return;
      this.lastReported.set(source, now);
      const code = (error as { code?: unknown }).code;
      this.logger.warn({ source, code: typeof code === 'string' ? code : error.name }, 'queue connection error');
    });
  }
}
