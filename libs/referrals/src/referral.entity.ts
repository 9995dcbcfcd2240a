import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

import { isOneOf } from '@albergue/platform';

import { DirectoryServiceEntity } from './directory-service.entity';
import {
  REFERRAL_STATUS_VOCABULARY,
  ReferralStatus,
  SHAREABLE_PERSON_FIELD_VOCABULARY,
  ShareablePersonField,
  Urgency,
  URGENCIES,
} from './referral.vocabularies';

/**
 * A person referred by a shelter to a service. person_id and from_shelter_id name rows of the
 * intake module: the foreign keys keep them real, while the code reaches them only through
 * intake's services.
 */
@Entity('referrals')
@Index('referrals_from_shelter_created_idx', ['fromShelterId', 'createdAt'])
@Index('referrals_pending_idx', ['createdAt'], { where: `"status" = 'pending'` })
@Check('referrals_urgency_check', isOneOf('urgency', URGENCIES))
@Check('referrals_status_check', REFERRAL_STATUS_VOCABULARY.check('status'))
@Check('referrals_consent_check', `"consent_obtained" AND "consent_taken_by" IS NOT NULL`)
@Check('referrals_shared_fields_check', SHAREABLE_PERSON_FIELD_VOCABULARY.checkEach('shared_fields'))
export class ReferralEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('referrals_person_id_idx')
  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  /** The shelter whose staff referred: its staff follow the referral up and may cancel it. */
  @Column({ name: 'from_shelter_id', type: 'uuid' })
  fromShelterId: string;

  @Index('referrals_service_id_idx')
  @Column({ name: 'service_id', type: 'uuid' })
  serviceId: string;

  @ManyToOne(() => DirectoryServiceEntity)
  @JoinColumn({ name: 'service_id', foreignKeyConstraintName: 'referrals_service_id_fkey' })
  service?: DirectoryServiceEntity;

  /** Why the person is referred, encrypted (FieldEncryption, column referrals.reason): it may tell a story. */
  @Column({ name: 'reason_ciphertext', type: 'text' })
  reasonCiphertext: string;

  @Column({ type: 'text' })
  urgency: Urgency;

  /** The person fields the receiving organization may see, as the person agreed. */
  @Column({ name: 'shared_fields', type: 'text', array: true })
  sharedFields: ShareablePersonField[];

  @Column({ name: 'consent_obtained', type: 'boolean' })
  consentObtained: boolean;

  /** The user who took the person's consent to the referral. */
  @Column({ name: 'consent_taken_by', type: 'uuid' })
  consentTakenBy: string;

  @Column({ name: 'consent_taken_at', type: 'timestamptz' })
  consentTakenAt: Date;

  @Column({ type: 'text', default: 'pending' })
  status: ReferralStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** One step of a referral's life: who moved it to which status, when, and why. */
@Entity('referral_status_changes')
@Index('referral_status_changes_referral_idx', ['referralId', 'changedAt'])
@Check('referral_status_changes_to_status_check', REFERRAL_STATUS_VOCABULARY.check('to_status'))
export class ReferralStatusChangeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'referral_id', type: 'uuid' })
  referralId: string;

  @ManyToOne(() => ReferralEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'referral_id', foreignKeyConstraintName: 'referral_status_changes_referral_id_fkey' })
  referral?: ReferralEntity;

  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus: ReferralStatus | null;

  @Column({ name: 'to_status', type: 'text' })
  toStatus: ReferralStatus;

  /** The note of the change, encrypted (column referral_status_changes.note). */
  @Column({ name: 'note_ciphertext', type: 'text', nullable: true })
  noteCiphertext: string | null;

  @Column({ name: 'changed_by', type: 'uuid' })
  changedBy: string;

  @Column({ name: 'changed_at', type: 'timestamptz', default: () => 'now()' })
  changedAt: Date;
}
