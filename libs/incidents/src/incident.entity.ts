import { isOneOf } from '@albergue/platform';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

import type { IncidentActEntity } from './incident-act.entity';
import { PLACE_TYPE_VOCABULARY, PlaceType, REPORTED_TO_VOCABULARY, ReportedTo } from './vocabularies';

export const INCIDENT_STATUSES = ['submitted', 'verified', 'rejected'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Part of the day, as victims tell it: madrugada (0-6 h), mañana (6-12 h), tarde (12-19 h), noche (19-24 h). */
export const TIMES_OF_DAY = ['early_morning', 'morning', 'afternoon', 'night'] as const;
export type TimeOfDay = (typeof TIMES_OF_DAY)[number];

/**
 * An abuse as a shelter recorded it: the HURIDOCS event, made of acts (incident-act.entity.ts).
 * Codes stay in clear for analysis; every free-text field is encrypted (FieldEncryption, with
 * the names in incident-encrypted-columns.ts), since any of them can identify a
 * victim or a witness.
 */
@Entity('incidents')
@Index('incidents_shelter_occurred_idx', ['shelterId', 'occurredOn', 'id'])
@Index('incidents_status_occurred_idx', ['status', 'occurredOn'])
@Check('incidents_status_check', isOneOf('status', INCIDENT_STATUSES))
@Check('incidents_time_of_day_check', isOneOf('time_of_day', TIMES_OF_DAY))
@Check('incidents_place_type_check', PLACE_TYPE_VOCABULARY.check('place_type'))
@Check('incidents_reported_to_check', REPORTED_TO_VOCABULARY.checkEach('reported_to'))
@Check(
  'incidents_coordinates_check',
  '("latitude" IS NULL) = ("longitude" IS NULL) AND "latitude" BETWEEN -90 AND 90 AND "longitude" BETWEEN -180 AND 180',
)
@Check('incidents_witnesses_count_check', '"witnesses_count" >= 0')
export class IncidentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'shelter_id', type: 'uuid' })
  shelterId: string;

  @Column({ name: 'occurred_on', type: 'date' })
  occurredOn: string;

  /** The victims remember the date only roughly ("a week before Easter"). */
  @Column({ name: 'occurred_on_approximate', type: 'boolean', default: false })
  occurredOnApproximate: boolean;

  @Column({ name: 'time_of_day', type: 'text', nullable: true })
  timeOfDay: TimeOfDay | null;

  /** One of MEXICAN_STATES. */
  @Column({ name: 'location_state', type: 'text' })
  locationState: string;

  @Column({ name: 'location_municipality', type: 'text', nullable: true })
  locationMunicipality: string | null;

  @Column({ name: 'place_type', type: 'text' })
  placeType: PlaceType;

  @Column({ name: 'location_description_ciphertext', type: 'text', nullable: true })
  locationDescriptionCiphertext: string | null;

  @Column({ type: 'double precision', nullable: true })
  latitude: number | null;

  @Column({ type: 'double precision', nullable: true })
  longitude: number | null;

  /** Authorities or organizations the abuse was reported to. */
  @Column({ name: 'reported_to', type: 'text', array: true, default: () => "'{}'" })
  reportedTo: ReportedTo[];

  @Column({ name: 'witnesses_count', type: 'integer', nullable: true })
  witnessesCount: number | null;

  @Column({ name: 'witnesses_note_ciphertext', type: 'text', nullable: true })
  witnessesNoteCiphertext: string | null;

  @Column({ name: 'narrative_ciphertext', type: 'text' })
  narrativeCiphertext: string;

  @Column({ type: 'text', default: 'submitted' })
  status: IncidentStatus;

  /** Derived by incidentFlags() when recorded: what analysis filters and counts by. */
  @Column({ name: 'child_victim', type: 'boolean' })
  childVictim: boolean;

  @Column({ name: 'sexual_violence', type: 'boolean' })
  sexualViolence: boolean;

  @Column({ name: 'state_perpetrator', type: 'boolean' })
  statePerpetrator: boolean;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy: string;

  @OneToMany('IncidentActEntity', (act: IncidentActEntity) => act.incident)
  acts?: IncidentActEntity[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
