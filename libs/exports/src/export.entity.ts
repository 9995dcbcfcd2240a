import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import {
  Dataset,
  EXPORT_FORMAT_VOCABULARY,
  EXPORT_STATUS_VOCABULARY,
  ExportFormat,
  ExportStatus,
} from './export-vocabularies';
import type { ExportFailureCode } from './exports.errors';
import { PartnerEntity } from './partner.entity';

/** One export to one partner; its encrypted file lives in export_file_chunks, never on a disk. */
@Entity('exports')
@Index('exports_partner_created_idx', ['partnerId', 'createdAt'])
@Check('exports_status_check', EXPORT_STATUS_VOCABULARY.check('status'))
@Check('exports_format_check', EXPORT_FORMAT_VOCABULARY.check('format'))
@Check('exports_progress_check', '"progress" BETWEEN 0 AND 100')
export class ExportEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId: string;

  @ManyToOne(() => PartnerEntity)
  @JoinColumn({ name: 'partner_id', foreignKeyConstraintName: 'exports_partner_id_fkey' })
  partner?: PartnerEntity;

  @Column({ type: 'text' })
  dataset: Dataset;

  @Column({ type: 'text' })
  format: ExportFormat;

  @Column({ name: 'from_date', type: 'date' })
  from: string;

  @Column({ name: 'to_date', type: 'date' })
  to: string;

  @Column({ type: 'text', default: 'queued' })
  status: ExportStatus;

  /** Percent of the rows written, while running. */
  @Column({ type: 'smallint', default: 0 })
  progress: number;

  @Column({ name: 'row_count', type: 'integer', nullable: true })
  rowCount: number | null;

  /**
   * k-anonymity of a completed de-identified export (k, the agreement's minimum cell size then):
   * how many quasi-identifier values were generalized and how many rows suppressed. Null otherwise.
   */
  @Column({ name: 'anonymity_k', type: 'integer', nullable: true })
  anonymityK: number | null;

  @Column({ name: 'generalized_values', type: 'integer', nullable: true })
  generalizedValues: number | null;

  @Column({ name: 'suppressed_rows', type: 'integer', nullable: true })
  suppressedRows: number | null;

  /** Of the encrypted file, as the partner receives it. */
  @Column({ type: 'text', nullable: true })
  sha256: string | null;

  @Column({ name: 'size_bytes', type: 'bigint', nullable: true })
  sizeBytes: string | null;

  /** Why the last attempt failed, as a code of EXPORT_FAILURES; the detail is in the worker's log only. */
  @Column({ name: 'error_code', type: 'text', nullable: true })
  errorCode: ExportFailureCode | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'requested_by', type: 'uuid' })
  requestedBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}
