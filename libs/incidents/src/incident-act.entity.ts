import { Sex, SEX_VOCABULARY } from '@albergue/intake';
import { isOneOf } from '@albergue/platform';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';

import { AGE_BANDS, AgeBand } from './age-bands';
import { IncidentEntity } from './incident.entity';
import type { InvolvementEntity } from './involvement.entity';
import { ACT_TYPE_VOCABULARY, ActType } from './vocabularies';

/**
 * One act of an incident against one victim (HURIDOCS act): a person on record, or someone
 * recorded only by sex and age band (with a nationality, for de-identified exports).
 */
@Entity('incident_acts')
@Index('incident_acts_incident_position_key', ['incidentId', 'position'], { unique: true })
@Index('incident_acts_type_idx', ['type', 'incidentId'])
@Check('incident_acts_type_check', ACT_TYPE_VOCABULARY.check('act_type'))
@Check('incident_acts_victim_sex_check', SEX_VOCABULARY.check('victim_sex'))
@Check('incident_acts_victim_age_band_check', isOneOf('victim_age_band', AGE_BANDS))
@Check(
  'incident_acts_victim_check',
  '("victim_person_id" IS NOT NULL AND "victim_sex" IS NULL AND "victim_age_band" IS NULL AND "victim_nationality" IS NULL)' +
    ' OR ("victim_person_id" IS NULL AND "victim_sex" IS NOT NULL AND "victim_age_band" IS NOT NULL)',
)
@Check('incident_acts_injury_details_check', '"injury_details_ciphertext" IS NULL OR "injuries" IS TRUE')
export class IncidentActEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  @ManyToOne(() => IncidentEntity, (incident) => incident.acts, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id', foreignKeyConstraintName: 'incident_acts_incident_id_fkey' })
  incident?: IncidentEntity;

  /** Index in the incident's `acts` as recorded, so answers and error fields keep their order. */
  @Column({ type: 'smallint' })
  position: number;

  @Column({ name: 'act_type', type: 'text' })
  type: ActType;

  @Index('incident_acts_victim_person_id_idx')
  @Column({ name: 'victim_person_id', type: 'uuid', nullable: true })
  victimPersonId: string | null;

  @Column({ name: 'victim_sex', type: 'text', nullable: true })
  victimSex: Sex | null;

  @Column({ name: 'victim_age_band', type: 'text', nullable: true })
  victimAgeBand: AgeBand | null;

  /** ISO 3166-1 alpha-2, XX when unknown. */
  @Column({ name: 'victim_nationality', type: 'char', length: 2, nullable: true })
  victimNationality: string | null;

  /** null: not known. */
  @Column({ type: 'boolean', nullable: true })
  injuries: boolean | null;

  @Column({ name: 'injury_details_ciphertext', type: 'text', nullable: true })
  injuryDetailsCiphertext: string | null;

  @Column({ name: 'medical_care_denied', type: 'boolean', nullable: true })
  medicalCareDenied: boolean | null;

  @OneToMany('InvolvementEntity', (involvement: InvolvementEntity) => involvement.act)
  perpetrators?: InvolvementEntity[];
}
