import { isOneOf } from '@albergue/platform';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { IncidentEntity } from './incident.entity';

export const REVIEW_DECISIONS = ['verified', 'rejected'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** A coordinator's decision on a submitted incident; an incident is reviewed once. */
@Entity('incident_reviews')
@Check('incident_reviews_decision_check', isOneOf('decision', REVIEW_DECISIONS))
export class IncidentReviewEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('incident_reviews_incident_id_key', { unique: true })
  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id', foreignKeyConstraintName: 'incident_reviews_incident_id_fkey' })
  incident?: IncidentEntity;

  @Column({ type: 'text' })
  decision: ReviewDecision;

  /** Encrypted: how it was checked can retell the incident. */
  @Column({ name: 'note_ciphertext', type: 'text' })
  noteCiphertext: string;

  @Column({ name: 'reviewer_id', type: 'uuid' })
  reviewerId: string;

  @Column({ name: 'reviewed_at', type: 'timestamptz', default: () => 'now()' })
  reviewedAt: Date;
}
