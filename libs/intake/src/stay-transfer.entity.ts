import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { TRANSFER_STATUS_VOCABULARY, TransferStatus } from './intake.vocabularies';
import { PersonEntity } from './person.entity';
import { ShelterEntity } from './shelter.entity';
import { StayEntity } from './stay.entity';

/**
 * A person handed over by the shelter where they stay to another one. Only the sending shelter's
 * staff create it; until the receiving shelter registers the person at intake (which accepts it
 * and closes the old stay as `transferred`), the receiving side sees no more than the handover
 * shows: names, sex, birth year, nationality. Holds ids only, nothing of the person's record.
 */
@Entity('stay_transfers')
@Index('stay_transfers_one_pending_per_person', ['personId'], { unique: true, where: `"status" = 'pending'` })
@Index('stay_transfers_to_shelter_idx', ['toShelterId', 'status', 'offeredAt'])
@Index('stay_transfers_from_shelter_idx', ['fromShelterId', 'status', 'offeredAt'])
@Check('stay_transfers_status_check', TRANSFER_STATUS_VOCABULARY.check('status'))
@Check('stay_transfers_between_two_shelters', `"from_shelter_id" <> "to_shelter_id"`)
export class StayTransferEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'stay_transfers_pkey' })
  id: string;

  /** The stay handed over; closed as `transferred` when the transfer is accepted. */
  @Column({ name: 'stay_id', type: 'uuid' })
  stayId: string;

  @ManyToOne(() => StayEntity)
  @JoinColumn({ name: 'stay_id', foreignKeyConstraintName: 'stay_transfers_stay_id_fkey' })
  stay?: StayEntity;

  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @ManyToOne(() => PersonEntity)
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'stay_transfers_person_id_fkey' })
  person?: PersonEntity;

  @Column({ name: 'from_shelter_id', type: 'uuid' })
  fromShelterId: string;

  @ManyToOne(() => ShelterEntity)
  @JoinColumn({ name: 'from_shelter_id', foreignKeyConstraintName: 'stay_transfers_from_shelter_id_fkey' })
  fromShelter?: ShelterEntity;

  @Column({ name: 'to_shelter_id', type: 'uuid' })
  toShelterId: string;

  @ManyToOne(() => ShelterEntity)
  @JoinColumn({ name: 'to_shelter_id', foreignKeyConstraintName: 'stay_transfers_to_shelter_id_fkey' })
  toShelter?: ShelterEntity;

  @Column({ type: 'text', default: 'pending' })
  status: TransferStatus;

  @Column({ name: 'offered_by', type: 'uuid' })
  offeredBy: string;

  @CreateDateColumn({ name: 'offered_at', type: 'timestamptz' })
  offeredAt: Date;

  /** Who accepted (at the receiving shelter's intake) or cancelled it, and when. */
  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  /** The stay the receiving shelter opened when it accepted the transfer. */
  @Column({ name: 'accepted_stay_id', type: 'uuid', nullable: true })
  acceptedStayId: string | null;

  @ManyToOne(() => StayEntity)
  @JoinColumn({ name: 'accepted_stay_id', foreignKeyConstraintName: 'stay_transfers_accepted_stay_id_fkey' })
  acceptedStay?: StayEntity;
}
