import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { CASE_NOTE_KIND_VOCABULARY, CaseNoteKind } from './case-note-kinds';

/**
 * A note on a person's case, never edited: a correction is a new note naming the one it corrects
 * (`corrects_id`, of the same person: the composite foreign key keeps it so). person_id and
 * author_id name rows of intake and access, reached in code only through their services.
 */
@Entity('case_notes')
@Index('case_notes_person_created_idx', ['personId', 'createdAt', 'id'])
@Index('case_notes_id_person_key', ['id', 'personId'], { unique: true })
@Check('case_notes_kind_check', CASE_NOTE_KIND_VOCABULARY.check('kind'))
export class CaseNoteEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @Column({ type: 'text' })
  kind: CaseNoteKind;

  /** The note's text, FieldEncryption v2 bound to `case_notes.body` and the row's id. */
  @Column({ name: 'body_ciphertext', type: 'text' })
  bodyCiphertext: string;

  @Index('case_notes_author_id_idx')
  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @Index('case_notes_corrects_id_idx')
  @Column({ name: 'corrects_id', type: 'uuid', nullable: true })
  correctsId: string | null;

  @ManyToOne(() => CaseNoteEntity)
  @JoinColumn([
    { name: 'corrects_id', referencedColumnName: 'id', foreignKeyConstraintName: 'case_notes_corrects_fkey' },
    { name: 'person_id', referencedColumnName: 'personId' },
  ])
  corrected?: CaseNoteEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
