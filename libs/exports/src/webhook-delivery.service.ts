import { randomBytes } from 'node:crypto';

import { APP_CONFIG, AppConfig, enqueue, FieldEncryption, sanitizedErrorMessage } from '@albergue/platform';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';

import { ExportEntity } from './export.entity';
import { DELIVERIES_QUEUE } from './exports.queues';
import { PartnerEntity } from './partner.entity';
import { WEBHOOK_SECRET_COLUMN } from './partner-encrypted-columns';
import { WebhookDeliveryAttemptEntity, WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookUrlNotAllowed } from './exports.errors';
import { signWebhook } from './webhook-signature';
import { postToWebhook } from './webhook-transport';
import { HOST_RESOLVER, HostResolver, resolveWebhookTarget } from './webhook-url';

const TIMEOUT_MS = 10_000;

export type AttemptOutcome = 'succeeded' | 'endpoint_gone' | 'address_refused' | 'skipped';

/** The code of WebhookUrlNotAllowed: the address is refused, so the delivery fails without retries. */
const ADDRESS_REFUSED = 'webhook_url_not_allowed';

/** Why an attempt got no answer, as a code and a message without the URL's path or query. */
function attemptError(caught: unknown): { code: string; message: string } {
  if (caught instanceof WebhookUrlNotAllowed) return { code: caught.code, message: caught.errors[0].message };
  const name = (caught as Error | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return { code: 'timeout', message: 'no answer in time' };
  return { code: 'network_error', message: sanitizedErrorMessage(caught) };
}

/** Standard Webhooks notifications of completed exports: one delivery per export, every attempt recorded. */
@Injectable()
export class WebhookDeliveryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(DELIVERIES_QUEUE.name) private readonly queue: Queue,
    private readonly encryption: FieldEncryption,
    @Inject(HOST_RESOLVER) private readonly resolveHost: HostResolver,
  ) {}

  /** Creates the delivery of a completed export (once) and queues it under its own id; safe to call again. */
  async schedule(exportId: string): Promise<void> {
    const entity = await this.dataSource.getRepository(ExportEntity).findOneByOrFail({ id: exportId });
    const partner = await this.dataSource.getRepository(PartnerEntity).findOneByOrFail({ id: entity.partnerId });
    if (!partner.webhookUrl || partner.webhookDisabledAt || entity.status !== 'completed') return;
    const body = JSON.stringify({
      type: 'export.completed',
      timestamp: new Date().toISOString(),
      data: {
        exportId: entity.id,
        dataset: entity.dataset,
        rowCount: entity.rowCount,
        sha256: entity.sha256,
        downloadUrl: `${this.config.exports.publicApiUrl.replace(/\/$/, '')}/exports/${entity.id}/download`,
      },
    });
    await this.dataSource.query(
      `INSERT INTO webhook_deliveries (id, export_id, partner_id, body) VALUES ($1, $2, $3, $4)
       ON CONFLICT (export_id) DO NOTHING`,
      [`msg_${randomBytes(24).toString('base64url')}`, entity.id, partner.id, body],
    );
    const delivery = await this.dataSource.getRepository(WebhookDeliveryEntity).findOneByOrFail({ exportId });
    if (delivery.status === 'pending') {
      await enqueue(this.queue, DELIVERIES_QUEUE.jobs.webhook, { deliveryId: delivery.id }, { jobId: delivery.id });
    }
  }

  /**
   * One attempt; throws on anything but 2xx or 410, so that the queue retries. An address that
   * is not allowed (the name now resolves to a private one, say) fails the delivery at once.
   */
  async attempt(deliveryId: string, attempt: number): Promise<AttemptOutcome> {
    const delivery = await this.dataSource.getRepository(WebhookDeliveryEntity).findOneBy({ id: deliveryId });
    if (!delivery || delivery.status !== 'pending') return 'skipped';
    const partner = await this.dataSource.getRepository(PartnerEntity).findOneByOrFail({ id: delivery.partnerId });
    if (!partner.webhookUrl || partner.webhookDisabledAt) {
      await this.setStatus(deliveryId, 'endpoint_gone');
      return 'endpoint_gone';
    }
    const secret = this.encryption.decrypt(partner.webhookSecretCiphertext, WEBHOOK_SECRET_COLUMN, partner.id);
    const timestamp = Math.floor(Date.now() / 1000);
    const startedAt = Date.now();
    let statusCode: number | null = null;
    let error: { code: string; message: string } | null = null;
    try {
      // Resolved and checked again at each attempt (the name may point elsewhere than when it was
      // registered), and the request goes to the address checked, not to a second DNS answer.
      const target = await resolveWebhookTarget(
        partner.webhookUrl,
        this.config.exports.allowPrivateWebhookUrls,
        this.resolveHost,
      );
      statusCode = await postToWebhook(
        target,
        {
          'content-type': 'application/json',
          'webhook-id': delivery.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signWebhook(secret, delivery.id, timestamp, delivery.body),
        },
        delivery.body,
        TIMEOUT_MS,
      );
    } catch (caught) {
      error = attemptError(caught);
    }
    await this.dataSource.getRepository(WebhookDeliveryAttemptEntity).insert({
      deliveryId,
      attempt,
      statusCode,
      error: error?.message ?? null,
      errorCode: error?.code ?? null,
      durationMs: Date.now() - startedAt,
    });
    if (error?.code === ADDRESS_REFUSED) {
      await this.setStatus(deliveryId, 'failed');
      return 'address_refused';
    }
    if (statusCode !== null && statusCode >= 200 && statusCode < 300) {
      await this.setStatus(deliveryId, 'succeeded');
      return 'succeeded';
    }
    if (statusCode === 410) {
      await this.dataSource.transaction(async (manager) => {
        await manager.update(PartnerEntity, { id: partner.id }, { webhookDisabledAt: new Date() });
        await manager.update(WebhookDeliveryEntity, { id: deliveryId }, { status: 'endpoint_gone' });
      });
      return 'endpoint_gone';
    }
    throw new Error(error?.code ?? `webhook answered ${statusCode}`);
  }

  async markFailed(deliveryId: string): Promise<void> {
    await this.setStatus(deliveryId, 'failed');
  }

  private async setStatus(id: string, status: WebhookDeliveryEntity['status']): Promise<void> {
    await this.dataSource.getRepository(WebhookDeliveryEntity).update({ id }, { status });
  }
}
