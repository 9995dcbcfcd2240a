import { isOneOf } from '@albergue/platform';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';

import { ExportEntity } from './export.entity';

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed', 'endpoint_gone'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One notification of a completed export to its partner's webhook. Its id is the `webhook-id`
 * header and the job id, the same on every retry; its body is fixed when it is created.
 */
@Entity('webhook_deliveries')
@Index('webhook_deliveries_export_id_key', ['exportId'], { unique: true })
@Check('webhook_deliveries_status_check', isOneOf('status', DELIVERY_STATUSES))
export class WebhookDeliveryEntity {
  /** `msg_` and 24 random bytes, base64url. */
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ name: 'export_id', type: 'uuid' })
  exportId: string;

  @ManyToOne(() => ExportEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'export_id', foreignKeyConstraintName: 'webhook_deliveries_export_id_fkey' })
  export?: ExportEntity;

  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'text', default: 'pending' })
  status: DeliveryStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** Every attempt of a delivery, with what the partner's server answered. */
@Entity('webhook_delivery_attempts')
@Index('webhook_delivery_attempts_delivery_idx', ['deliveryId', 'attempt'])
export class WebhookDeliveryAttemptEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'delivery_id', type: 'text' })
  deliveryId: string;

  @ManyToOne(() => WebhookDeliveryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delivery_id', foreignKeyConstraintName: 'webhook_delivery_attempts_delivery_id_fkey' })
  delivery?: WebhookDeliveryEntity;

  @Column({ type: 'integer' })
  attempt: number;

  @Column({ name: 'status_code', type: 'integer', nullable: true })
  statusCode: number | null;

  /** Network error or timeout, when there was no answer. */
  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** Why there was no answer: `webhook_url_not_allowed` (refused, not retried), `timeout` or `network_error`. */
  @Column({ name: 'error_code', type: 'text', nullable: true })
  errorCode: string | null;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs: number;

  @CreateDateColumn({ name: 'attempted_at', type: 'timestamptz' })
  attemptedAt: Date;
}
