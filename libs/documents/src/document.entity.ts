import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** Integer columns Postgres answers as text (bigint) read back as numbers: a file is far below 2^53 bytes. */
const BIGINT_AS_NUMBER = { to: (value: number) => value, from: (value: string | null) => Number(value) };

/**
 * A file attached to a person, stay, asylum application, incident or referral. The content is
 * elsewhere (document_chunks or an object store), encrypted under a key of its own that only
 * `key_ciphertext` holds, wrapped by field encryption: destroying the content starts by dropping it.
 */
@Entity('documents')
@Index('documents_owner_idx', ['ownerType', 'ownerId', 'createdAt'])
@Check('documents_owner_type_check', `"owner_type" IN ('person', 'stay', 'asylum_application', 'incident', 'referral')`)
@Check(
  'documents_kind_check',
  `"kind" IN ('identity', 'comar_record', 'court_record', 'medical', 'evidence_photo', 'other')`,
)
@Check('documents_store_check', `"store" IN ('postgres', 's3')`)
export class DocumentEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'documents_pkey' })
  id: string;

  @Column({ name: 'owner_type', type: 'text' })
  ownerType: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @Column({ type: 'text' })
  kind: string;

  /** The title may name a person: encrypted (documents.title, bound to the row). */
  @Column({ name: 'title_ciphertext', type: 'text', nullable: true })
  titleCiphertext: string | null;

  /** Read from the content, never from the name or the declared type. */
  @Column({ name: 'media_type', type: 'text' })
  mediaType: string;

  /** Size of the stored file (after images lost their metadata), in bytes. */
  @Column({ name: 'byte_size', type: 'bigint', transformer: BIGINT_AS_NUMBER })
  byteSize: number;

  /** Hex SHA-256 of the stored file as downloads answer it. */
  @Column({ type: 'text' })
  sha256: string;

  /** The file's own AES-256-GCM key, wrapped by field encryption (documents.content_key); null once destroyed. */
  @Column({ name: 'key_ciphertext', type: 'text', nullable: true })
  keyCiphertext: string | null;

  @Column({ type: 'text' })
  store: string;

  /** The object's key in the S3 store; null in Postgres. */
  @Column({ name: 'object_key', type: 'text', nullable: true })
  objectKey: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** When the content was destroyed (deleted, or its person erased); the metadata stays. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  /** Who deleted it; null for an erasure or when it stands. */
  @Column({ name: 'deleted_by', type: 'uuid', nullable: true })
  deletedBy: string | null;
}
