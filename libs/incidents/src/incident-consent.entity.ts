import { isOneOf } from '@albergue/platform';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { IncidentEntity } from './incident.entity';

/** What the victims agreed may leave the shelter (docs/API.md): nothing, de-identified data, or identified data. */
export const CONSENT_LEVELS = ['none', 'anonymous', 'identified'] as const;
export type ConsentLevel = (typeof CONSENT_LEVELS)[number];

/**
 * pending: a raise recorded by a shelter worker, waiting for a coordinator of the shelter or an
 * admin; effective: part of the history in force (the latest effective version is the consent in
 * force); declined: refused on confirmation; cancelled: a later version came first.
 */
export const CONSENT_STATUSES = ['pending', 'effective', 'declined', 'cancelled'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

/**
 * The consent history of an incident: every change is a new row, never an update (a trigger
 * refuses UPDATE but for deciding a pending version once), and the effective row with the highest
 * version is in force. Statistics and exports read only that one.
 */
@Entity('incident_consents')
@Index('incident_consents_incident_version_key', ['incidentId', 'version'], { unique: true })
@Index('incident_consents_one_pending_key', ['incidentId'], { unique: true, where: `"status" = 'pending'` })
@Check('incident_consents_status_check', isOneOf('status', CONSENT_STATUSES))
@Check('incident_consents_pending_check', `"status" <> 'pending' OR "level" <> 'none'`)
@Check('incident_consents_unmatched_recipients_check', '"unmatched_recipients" >= 0')
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

  /**
   * Ids of the partners or directory organizations the victims named, lower-cased; empty (and no
   * unmatched recipients): any the data-sharing agreements allow.
   */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  recipients: string[];

  /**
   * Recipient names that could not be tied to one partner or organization when recipients became
   * ids; above 0 the consent reaches only `recipients`, even none.
   */
  @Column({ name: 'unmatched_recipients', type: 'integer', default: 0 })
  unmatchedRecipients: number;

  @Column({ type: 'text', default: 'effective' })
  status: ConsentStatus;

  /** This row took back a consent given before (level none after anonymous or identified). */
  @Column({ type: 'boolean', default: false })
  withdrawn: boolean;

  @Column({ name: 'taken_by', type: 'uuid' })
  takenBy: string;

  @Column({ name: 'taken_at', type: 'timestamptz', default: () => 'now()' })
  takenAt: Date;

  /** Who confirmed, declined or (by recording a later version) cancelled a pending version. */
  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;
}
