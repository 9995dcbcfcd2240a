import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { AsylumApplicationEntity } from './asylum-application.entity';
import {
  ASYLUM_EVENT_TYPE_VOCABULARY,
  AsylumEventType,
  DECISION_OUTCOME_VOCABULARY,
  DecisionOutcome,
} from './asylum-vocabulary';

/** One entry of an application's timeline; the status is what the timeline replays to. */
@Entity('asylum_events')
@Check('asylum_events_type_check', ASYLUM_EVENT_TYPE_VOCABULARY.check('type'))
@Check('asylum_events_outcome_check', `"outcome" IS NULL OR ${DECISION_OUTCOME_VOCABULARY.check('outcome')}`)
@Check('asylum_events_notified_after_decision', '"notified_on" IS NULL OR "notified_on" >= "occurred_on"')
/** Timeline order is the order of recording: the state machine replays events in it. */
@Index('asylum_events_timeline_key', ['applicationId', 'sequence'], { unique: true })
/** First-instance decisions by date, for the statistics. */
@Index('asylum_events_decided_on_idx', ['occurredOn'], { where: `"type" = 'decision'` })
export class AsylumEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @ManyToOne(() => AsylumApplicationEntity)
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'asylum_events_application_id_fkey' })
  application?: AsylumApplicationEntity;

  /** 1, 2, 3... within the application. */
  @Column({ type: 'integer' })
  sequence: number;

  @Column({ type: 'text' })
  type: AsylumEventType;

  @Column({ name: 'occurred_on', type: 'date' })
  occurredOn: string;

  /** On a decision: the day the applicant was notified, which starts the COMAR appeal clock. */
  @Column({ name: 'notified_on', type: 'date', nullable: true })
  notifiedOn: string | null;

  @Column({ type: 'text', nullable: true })
  outcome: DecisionOutcome | null;

  /** On a filing: lodged through a representative, so the applicant must ratify in person. */
  @Column({ name: 'via_representative', type: 'boolean', default: false })
  viaRepresentative: boolean;

  /** A filing after the filing deadline: recomputed with the deadlines, so a later closure can clear it. */
  @Column({ type: 'boolean', default: false })
  late: boolean;

  /** Why a late filing came late, encrypted (FieldEncryption, column asylum_events.late_justification). */
  @Column({ name: 'late_justification_ciphertext', type: 'text', nullable: true })
  lateJustificationCiphertext: string | null;

  /** The lawyer's note, encrypted (column asylum_events.note): it may tell the applicant's story. */
  @Column({ name: 'note_ciphertext', type: 'text', nullable: true })
  noteCiphertext: string | null;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy: string;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
