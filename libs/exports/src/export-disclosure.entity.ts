import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

import { ExportEntity } from './export.entity';

/**
 * Which act of which incident went to which partner in which export: the answer to "who has
 * received this victim's account?" when a consent is withdrawn. Keyed by (export, act): an act
 * goes out once per export, and a large export writes a row per act, so no other key is kept.
 */
@Entity('export_disclosures')
@Index('export_disclosures_incident_idx', ['incidentId'])
export class ExportDisclosureEntity {
  @PrimaryColumn({ name: 'export_id', type: 'uuid', primaryKeyConstraintName: 'export_disclosures_pkey' })
  exportId: string;

  @ManyToOne(() => ExportEntity)
  @JoinColumn({ name: 'export_id', foreignKeyConstraintName: 'export_disclosures_export_id_fkey' })
  export?: ExportEntity;

  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId: string;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  @PrimaryColumn({ name: 'act_id', type: 'uuid', primaryKeyConstraintName: 'export_disclosures_pkey' })
  actId: string;

  @CreateDateColumn({ name: 'disclosed_at', type: 'timestamptz' })
  disclosedAt: Date;
}
