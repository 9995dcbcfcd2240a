import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

import { ExportEntity } from './export.entity';

/**
 * Which acts of which incidents went to which partner in which export: the answer to "who has
 * received this victim's account?" when a consent is withdrawn. One row per batch the worker wrote
 * (2,000 acts), not per act: a row and two B-tree entries per act cost a third of a large export's
 * time. `incident_ids[i]` is the incident of `act_ids[i]`. Keyed by (export, batch), so a replayed
 * batch is logged once; an export run again from the start replaces its batches.
 */
@Entity('export_disclosure_batches')
@Check(
  'export_disclosure_batches_acts_check',
  'cardinality("act_ids") > 0 AND cardinality("act_ids") = cardinality("incident_ids")',
)
// GIN, in the migration: by incident, `incident_ids @> ARRAY[$1]::uuid[]`, one entry per incident of a batch.
@Index('export_disclosure_batches_incident_ids_idx', { synchronize: false })
export class ExportDisclosureBatchEntity {
  @PrimaryColumn({ name: 'export_id', type: 'uuid', primaryKeyConstraintName: 'export_disclosure_batches_pkey' })
  exportId: string;

  @ManyToOne(() => ExportEntity)
  @JoinColumn({ name: 'export_id', foreignKeyConstraintName: 'export_disclosure_batches_export_id_fkey' })
  export?: ExportEntity;

  /** The batch's place in the export's read, from 0. */
  @PrimaryColumn({ name: 'batch_no', type: 'integer', primaryKeyConstraintName: 'export_disclosure_batches_pkey' })
  batchNo: number;

  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId: string;

  @Column({ name: 'incident_ids', type: 'uuid', array: true })
  incidentIds: string[];

  @Column({ name: 'act_ids', type: 'uuid', array: true })
  actIds: string[];

  @CreateDateColumn({ name: 'disclosed_at', type: 'timestamptz' })
  disclosedAt: Date;
}
