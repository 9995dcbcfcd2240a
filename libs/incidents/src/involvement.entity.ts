import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { IncidentActEntity } from './incident-act.entity';
import { PERPETRATOR_TYPE_VOCABULARY, PerpetratorType } from './vocabularies';

/** A perpetrator (one person or a group of one kind) in one act: the HURIDOCS involvement. */
@Entity('incident_involvements')
@Index('incident_involvements_act_position_key', ['actId', 'position'], { unique: true })
@Index('incident_involvements_type_idx', ['perpetratorType', 'actId'])
@Check('incident_involvements_type_check', PERPETRATOR_TYPE_VOCABULARY.check('perpetrator_type'))
@Check('incident_involvements_count_check', '"perpetrator_count" > 0')
export class InvolvementEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'act_id', type: 'uuid' })
  actId: string;

  @ManyToOne(() => IncidentActEntity, (act) => act.perpetrators, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'act_id', foreignKeyConstraintName: 'incident_involvements_act_id_fkey' })
  act?: IncidentActEntity;

  @Column({ type: 'smallint' })
  position: number;

  @Column({ name: 'perpetrator_type', type: 'text' })
  perpetratorType: PerpetratorType;

  /** How many of them, when known. */
  @Column({ name: 'perpetrator_count', type: 'integer', nullable: true })
  perpetratorCount: number | null;

  /** Uniforms, vehicles, plates, names heard: encrypted, since it can expose whoever told it. */
  @Column({ name: 'description_ciphertext', type: 'text', nullable: true })
  descriptionCiphertext: string | null;
}
