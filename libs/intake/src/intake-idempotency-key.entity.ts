import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The answer given to an `Idempotency-Key` of one user on `POST /intake`, written in the same
 * transaction as the group it registered: a retry with the same key gets this answer again and
 * never registers the group twice. Kept 24 hours.
 */
@Entity('intake_idempotency_keys')
@Index('intake_idempotency_keys_created_at_idx', ['createdAt'])
export class IntakeIdempotencyKeyEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'intake_idempotency_keys_pkey' })
  userId: string;

  /** SHA-256 of the key as the client sent it: the key itself is never stored. */
  @PrimaryColumn({ name: 'key_hash', type: 'text', primaryKeyConstraintName: 'intake_idempotency_keys_pkey' })
  keyHash: string;

  /** SHA-256 of the request body, to refuse the same key on another request. */
  @Column({ type: 'text' })
  fingerprint: string;

  @Column({ name: 'status_code', type: 'integer' })
  statusCode: number;

  /** The answer's JSON, encrypted: it holds case numbers and possible earlier records of persons. */
  @Column({ name: 'response_ciphertext', type: 'text' })
  responseCiphertext: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
