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
  UpdateDateColumn,
} from 'typeorm';

import {
  ASYLUM_GROUND_VOCABULARY,
  ASYLUM_STATUS_VOCABULARY,
  AsylumGround,
  AsylumStatus,
  Jurisdiction,
  JURISDICTION_VOCABULARY,
} from './asylum-vocabulary';

/** One asylum application: a principal applicant and the dependents the claim covers. */
@Entity('asylum_applications')
@Check('asylum_applications_jurisdiction_check', JURISDICTION_VOCABULARY.check('jurisdiction'))
@Check('asylum_applications_grounds_check', ASYLUM_GROUND_VOCABULARY.check('grounds'))
@Check('asylum_applications_status_check', ASYLUM_STATUS_VOCABULARY.check('status'))
@Index('asylum_applications_lawyer_idx', ['lawyerId', 'createdAt'])
@Index('asylum_applications_shelter_idx', ['shelterId', 'createdAt'])
export class AsylumApplicationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('asylum_applications_person_idx')
  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @Column({ type: 'text' })
  jurisdiction: Jurisdiction;

  /** The COMAR office, USCIS asylum office or immigration court, as the lawyer writes it. */
  @Column({ type: 'text', nullable: true })
  office: string | null;

  /** Entry into Mexico for MX_COMAR; the last arrival in the United States otherwise: filing clocks start here. */
  @Column({ name: 'entered_country_on', type: 'date' })
  enteredCountryOn: string;

  @Column({ type: 'text' })
  grounds: AsylumGround;

  /** The principal's nationality when the application was made: what statistics group by. */
  @Column({ type: 'char', length: 2 })
  nationality: string;

  @Column({ name: 'lawyer_id', type: 'uuid' })
  lawyerId: string;

  /** The shelter whose staff follow the case: its coordinators see the application. */
  @Column({ name: 'shelter_id', type: 'uuid' })
  shelterId: string;

  /** Derived from the timeline by the state machine; changed only by recording an event. */
  @Column({ type: 'text' })
  status: AsylumStatus;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A family member covered by the principal's claim. */
@Entity('asylum_application_dependents')
export class AsylumApplicationDependentEntity {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @ManyToOne(() => AsylumApplicationEntity)
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'asylum_application_dependents_application_id_fkey' })
  application?: AsylumApplicationEntity;

  @Index('asylum_application_dependents_person_idx')
  @PrimaryColumn({ name: 'person_id', type: 'uuid' })
  personId: string;
}
