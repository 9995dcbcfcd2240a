import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

import { Dataset, DATASET_VOCABULARY } from './export-vocabularies';

/**
 * A recipient of exports under a data-sharing agreement: what it may receive, the OpenPGP key
 * every file is encrypted to, and where it is told that a file is ready.
 */
@Entity('partners')
@Check('partners_min_cell_size_check', '"min_cell_size" >= 5')
@Check('partners_datasets_check', DATASET_VOCABULARY.checkEach('datasets'))
export class PartnerEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  /** The directory organization whose partner users may download this partner's files. */
  @Column({ name: 'organization_id', type: 'uuid', nullable: true })
  organizationId: string | null;

  /** Armored OpenPGP public key, checked to encrypt when it was registered. */
  @Column({ name: 'pgp_public_key', type: 'text' })
  pgpPublicKey: string;

  @Column({ name: 'pgp_fingerprint', type: 'text' })
  pgpFingerprint: string;

  @Column({ name: 'webhook_url', type: 'text', nullable: true })
  webhookUrl: string | null;

  /** Set when the endpoint answered 410 Gone: no more notifications until an admin sets a new URL. */
  @Column({ name: 'webhook_disabled_at', type: 'timestamptz', nullable: true })
  webhookDisabledAt: Date | null;

  /** `whsec_...`, encrypted: whoever holds it can forge notifications to the partner. */
  @Column({ name: 'webhook_secret_ciphertext', type: 'text' })
  webhookSecretCiphertext: string;

  /** HMAC key of this partner's pseudonyms: stable for the partner, unlinkable across partners. */
  @Column({ name: 'pseudonym_key_ciphertext', type: 'text' })
  pseudonymKeyCiphertext: string;

  @Column({ type: 'text', array: true })
  datasets: Dataset[];

  @Column({ name: 'min_cell_size', type: 'integer', default: 5 })
  minCellSize: number;

  /** The agreement lets sexual-violence acts out as records, not only as counts. */
  @Column({ name: 'sexual_violence_records', type: 'boolean', default: false })
  sexualViolenceRecords: boolean;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
