import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { ExportEntity } from './export.entity';

/**
 * Which act of which incident went to which partner in which export: the answer to "who has
 * received this victim's account?" when a consent is withdrawn.
 */
@Entity('export_disclosures')
@Index('export_disclosures_export_act_key', ['exportId', 'actId'], { unique: true })
@Index('export_disclosures_incident_idx', ['incidentId'])
export class ExportDisclosureEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'export_id', type: 'uuid' })
  exportId: string;

  @ManyToOne(() => ExportEntity)
  @JoinColumn({ name: 'export_id', foreignKeyConstraintName: 'export_disclosures_export_id_fkey' })
  export?: ExportEntity;

  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId: string;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  @Column({ name: 'act_id', type: 'uuid' })
  actId: string;

  @CreateDateColumn({ name: 'disclosed_at', type: 'timestamptz' })
  disclosedAt: Date;
}
