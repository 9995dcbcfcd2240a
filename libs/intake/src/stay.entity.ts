import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';

import { HouseholdEntity } from './household.entity';
import { CheckoutDestination, VULNERABILITY_VOCABULARY } from './intake.vocabularies';
import { PersonEntity } from './person.entity';
import { ShelterEntity } from './shelter.entity';

export interface PreviousDeportation {
  from: string;
  date?: string;
}

/** One person's stay in one shelter, from check-in to check-out. */
@Entity('stays')
@Index('stays_shelter_present_idx', ['shelterId', 'checkedInAt'])
/** Nobody is in two shelters at once: at most one open stay per person. */
@Index('stays_one_open_per_person', ['personId'], { unique: true, where: '"checked_out_at" IS NULL' })
@Index('stays_present_by_shelter_idx', ['shelterId'], { where: '"checked_out_at" IS NULL' })
@Check('stays_vulnerabilities_check', VULNERABILITY_VOCABULARY.checkEach('vulnerabilities'))
@Check('stays_checkout_after_checkin', '"checked_out_at" IS NULL OR "checked_out_at" >= "checked_in_at"')
export class StayEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'shelter_id', type: 'uuid' })
  shelterId: string;

  @ManyToOne(() => ShelterEntity)
  @JoinColumn({ name: 'shelter_id', foreignKeyConstraintName: 'stays_shelter_id_fkey' })
  shelter?: ShelterEntity;

  @Index('stays_person_id_idx')
  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @ManyToOne(() => PersonEntity)
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'stays_person_id_fkey' })
  person?: PersonEntity;

  @Column({ name: 'household_id', type: 'uuid', nullable: true })
  householdId: string | null;

  @ManyToOne(() => HouseholdEntity)
  @JoinColumn({ name: 'household_id', foreignKeyConstraintName: 'stays_household_id_fkey' })
  household?: HouseholdEntity;

  /** <shelter code>-<year>-<6-digit sequence>, e.g. PAL-2026-000042. */
  @Index('stays_case_number_key', { unique: true })
  @Column({ name: 'case_number', type: 'text' })
  caseNumber: string;

  @Column({ name: 'checked_in_at', type: 'timestamptz' })
  checkedInAt: Date;

  @Column({ name: 'checked_out_at', type: 'timestamptz', nullable: true })
  checkedOutAt: Date | null;

  @Column({ type: 'text', nullable: true })
  destination: CheckoutDestination | null;

  @Column({ name: 'reasons_for_leaving', type: 'text', array: true, default: () => "'{}'" })
  reasonsForLeaving: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  vulnerabilities: string[];

  @Column({ name: 'previous_deportations', type: 'jsonb', default: () => "'[]'" })
  previousDeportations: PreviousDeportation[];

  @Column({ name: 'intended_destination', type: 'text', nullable: true })
  intendedDestination: string | null;

  /** Free-text notes of the intake, encrypted (FieldEncryption, column stays.notes): they may tell a story. */
  @Column({ name: 'notes_ciphertext', type: 'text', nullable: true })
  notesCiphertext: string | null;

  /** The check-out note, encrypted (column stays.checkout_note). */
  @Column({ name: 'checkout_note_ciphertext', type: 'text', nullable: true })
  checkoutNoteCiphertext: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** The last case number given out per shelter and year. */
@Entity('case_number_sequences')
export class CaseNumberSequenceEntity {
  @PrimaryColumn({ name: 'shelter_id', type: 'uuid' })
  shelterId: string;

  @ManyToOne(() => ShelterEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'shelter_id', foreignKeyConstraintName: 'case_number_sequences_shelter_id_fkey' })
  shelter?: ShelterEntity;

  @PrimaryColumn({ type: 'integer' })
  year: number;

  @Column({ name: 'last_value', type: 'integer' })
  lastValue: number;
}
