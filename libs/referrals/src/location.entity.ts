import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { DirectoryServiceEntity } from './directory-service.entity';
import { OrganizationEntity } from './organization.entity';
import { LOCATION_TYPE_VOCABULARY, LocationType } from './referral.vocabularies';

/** An HSDS location of an organization: an office, a postal address, a phone line or website. */
@Entity('locations')
@Check('locations_location_type_check', LOCATION_TYPE_VOCABULARY.check('location_type'))
@Check('locations_latitude_check', '"latitude" IS NULL OR "latitude" BETWEEN -90 AND 90')
@Check('locations_longitude_check', '"longitude" IS NULL OR "longitude" BETWEEN -180 AND 180')
export class LocationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('locations_organization_id_idx')
  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => OrganizationEntity)
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'locations_organization_id_fkey' })
  organization?: OrganizationEntity;

  @Column({ name: 'location_type', type: 'text' })
  locationType: LocationType;

  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ name: 'address_1', type: 'text', nullable: true })
  address1: string | null;

  @Column({ type: 'text', nullable: true })
  city: string | null;

  @Column({ name: 'state_province', type: 'text', nullable: true })
  stateProvince: string | null;

  @Column({ name: 'postal_code', type: 'text', nullable: true })
  postalCode: string | null;

  /** ISO 3166-1 alpha-2. */
  @Column({ type: 'char', length: 2, nullable: true })
  country: string | null;

  @Column({ type: 'double precision', nullable: true })
  latitude: number | null;

  @Column({ type: 'double precision', nullable: true })
  longitude: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** HSDS service_at_location: where a service is given. */
@Entity('service_at_location')
@Index('service_at_location_service_location_key', ['serviceId', 'locationId'], { unique: true })
export class ServiceAtLocationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'service_id', type: 'uuid' })
  serviceId: string;

  @ManyToOne(() => DirectoryServiceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id', foreignKeyConstraintName: 'service_at_location_service_id_fkey' })
  service?: DirectoryServiceEntity;

  @Index('service_at_location_location_id_idx')
  @Column({ name: 'location_id', type: 'uuid' })
  locationId: string;

  @ManyToOne(() => LocationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'location_id', foreignKeyConstraintName: 'service_at_location_location_id_fkey' })
  location?: LocationEntity;
}
