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

import { RELATIONSHIP_VOCABULARY, Relationship } from './intake.vocabularies';
import { PersonEntity } from './person.entity';

/** People who travel together: a family, or a group that arrived as one. */
@Entity('households')
export class HouseholdEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity('household_members')
@Check('household_members_relationship_check', RELATIONSHIP_VOCABULARY.check('relationship'))
export class HouseholdMemberEntity {
  @PrimaryColumn({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @ManyToOne(() => HouseholdEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'household_id', foreignKeyConstraintName: 'household_members_household_id_fkey' })
  household?: HouseholdEntity;

  @Index('household_members_person_id_idx')
  @PrimaryColumn({ name: 'person_id', type: 'uuid' })
  personId: string;

  @ManyToOne(() => PersonEntity)
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'household_members_person_id_fkey' })
  person?: PersonEntity;

  /**
   * Relationship to the head of the household; `legal_guardian` is the guardian of the group's
   * children (see minors-in-group.ts for who counts as a child's parent).
   */
  @Column({ type: 'text' })
  relationship: Relationship;
}
