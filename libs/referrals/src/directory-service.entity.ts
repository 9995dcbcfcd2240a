import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { OrganizationEntity } from './organization.entity';
import {
  SERVICE_CATEGORY_VOCABULARY,
  SERVICE_STATUS_VOCABULARY,
  ServiceCategory,
  ServiceStatus,
} from './referral.vocabularies';

/** An HSDS service of an organization, what a referral is addressed to. */
@Entity('services')
@Check('services_status_check', SERVICE_STATUS_VOCABULARY.check('status'))
@Check('services_category_check', SERVICE_CATEGORY_VOCABULARY.check('category'))
export class DirectoryServiceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('services_organization_id_idx')
  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => OrganizationEntity)
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'services_organization_id_fkey' })
  organization?: OrganizationEntity;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  status: ServiceStatus;

  @Column({ type: 'text' })
  category: ServiceCategory;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'eligibility_description', type: 'text', nullable: true })
  eligibilityDescription: string | null;

  /** ISO 639-1 codes of the languages the service is given in. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  languages: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
