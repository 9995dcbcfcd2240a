import { UserEntity } from '@albergue/access';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { isOneOf } from './check-expressions';
import { IncidentEntity } from './incident.entity';

/** What the victims agreed may leave the shelter (API.md): nothing, de-identified data, or identified data. */
export const CONSENT_LEVELS = ['none', 'anonymous', 'identified'] as const;
export type ConsentLevel = (typeof CONSENT_LEVELS)[number];

/**
 * The consent history of an incident: every change is a new row, never an update (a trigger
 * refuses UPDATE), and the row with the highest version is in force. Statistics and exports read
 * only that one.
 */
@Entity('incident_consents')
@Index('incident_consents_incident_version_key', ['incidentId', 'version'], { unique: true })
@Check('incident_consents_level_check', isOneOf('level', CONSENT_LEVELS))
@Check('incident_consents_recipients_check', `"level" <> 'none' OR cardinality("recipients") = 0`)
@Check('incident_consents_withdrawn_check', `NOT "withdrawn" OR "level" = 'none'`)
@Check('incident_consents_version_check', '"version" > 0')
export class IncidentConsentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id', foreignKeyConstraintName: 'incident_consents_incident_id_fkey' })
  incident?: IncidentEntity;

  /** 1 for the consent taken with the report, then one more per change. */
  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'text' })
  level: ConsentLevel;

  /** Partner or organization ids or names the victims named; empty: any the data-sharing agreements allow. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  recipients: string[];

  /** This row took back a consent given before (level none after anonymous or identified). */
  @Column({ type: 'boolean', default: false })
  withdrawn: boolean;

  @Column({ name: 'taken_by', type: 'uuid' })
  takenBy: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'taken_by', foreignKeyConstraintName: 'incident_consents_taken_by_fkey' })
  taker?: UserEntity;

  @Column({ name: 'taken_at', type: 'timestamptz', default: () => 'now()' })
  takenAt: Date;
}
