import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

import { Sex, SEX_VOCABULARY } from './intake.vocabularies';

/** A person, network-wide: the same person may stay in several shelters over the years. */
@Entity('persons')
@Check('persons_sex_check', SEX_VOCABULARY.check('sex'))
/** Trigram index of the folded names, for search and matching (GIN with gin_trgm_ops: made by hand in the migration). */
@Index('persons_search_name_trgm_idx', { synchronize: false })
/** GIN on person_match_keys(search_name, birth_year, sex), matching's candidates: made by hand in its migration. */
@Index('persons_match_keys_idx', { synchronize: false })
export class PersonEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'given_names', type: 'text' })
  givenNames: string;

  /** Paternal and maternal surnames as given; either may be missing. */
  @Column({ name: 'family_names', type: 'text', default: '' })
  familyNames: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  aliases: string[];

  @Column({ type: 'text' })
  sex: Sex;

  @Column({ name: 'gender_identity', type: 'text', nullable: true })
  genderIdentity: string | null;

  @Column({ name: 'birth_date', type: 'date', nullable: true })
  birthDate: string | null;

  @Column({ name: 'estimated_birth_year', type: 'integer', nullable: true })
  estimatedBirthYear: number | null;

  /** ISO 3166-1 alpha-2. */
  @Column({ type: 'char', length: 2 })
  nationality: string;

  @Column({ name: 'place_of_origin', type: 'text', nullable: true })
  placeOfOrigin: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  languages: string[];

  /** The phone, AES-256-GCM encrypted (FieldEncryption, column persons.phone). */
  @Column({ name: 'phone_ciphertext', type: 'text', nullable: true })
  phoneCiphertext: string | null;

  /** Keyed hash of the normalized phone: finds a person by exact number without storing it in clear. */
  @Index('persons_phone_index_idx')
  @Column({ name: 'phone_index', type: 'text', nullable: true })
  phoneIndex: string | null;

  /** Given names, surnames and aliases folded (no accents, lower case), as parts (searchNameOf): what matching and search compare. */
  @Column({ name: 'search_name', type: 'text' })
  searchName: string;

  /** birth_date's year, else the estimated year: the blocking key of matching. */
  @Index('persons_birth_year_idx')
  @Column({ name: 'birth_year', type: 'integer', nullable: true })
  birthYear: number | null;

  /**
   * When the person was erased (by an admin on request, or by retention): names, phone, birth date
   * and free text are gone; sex, birth year and nationality stay for the counts.
   */
  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true })
  erasedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
