import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { ExportEntity } from './export.entity';

/**
 * Exports still to be put on the queue, written in the same transaction as the export: a request
 * survives Redis being down, and the relay (export-outbox.relay.ts) enqueues it later.
 */
@Entity('export_outbox')
@Index('export_outbox_pending_idx', ['createdAt'], { where: '"enqueued_at" IS NULL' })
export class ExportOutboxEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('export_outbox_export_id_key', { unique: true })
  @Column({ name: 'export_id', type: 'uuid' })
  exportId: string;

  @ManyToOne(() => ExportEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'export_id', foreignKeyConstraintName: 'export_outbox_export_id_fkey' })
  export?: ExportEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'enqueued_at', type: 'timestamptz', nullable: true })
  enqueuedAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;
}
