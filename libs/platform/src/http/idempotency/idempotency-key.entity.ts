import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The answer given to an `Idempotency-Key` of one user on one route, written in the same
 * transaction as the work it describes: a retry with the same key gets this answer again and
 * never does the work twice. Kept IDEMPOTENCY_KEY_TTL_HOURS (24).
 */
@Entity('idempotency_keys')
@Index('idempotency_keys_created_at_idx', ['createdAt'])
export class IdempotencyKeyEntity {
  @PrimaryColumn({
    type: 'text',
    primaryKeyConstraintName: 'idempotency_keys_pkey',
    comment: 'The route the key was sent to (intake, incidents): a key of one user on two routes is two keys',
  })
  scope: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'idempotency_keys_pkey' })
  userId: string;

  /** SHA-256 of the key as the client sent it: the key itself is never stored. */
  @PrimaryColumn({ name: 'key_hash', type: 'text', primaryKeyConstraintName: 'idempotency_keys_pkey' })
  keyHash: string;

  /** SHA-256 of the request body, to refuse the same key on another request. */
  @Column({ type: 'text' })
  fingerprint: string;

  @Column({ name: 'status_code', type: 'integer' })
  statusCode: number;

  /** The answer's JSON, encrypted: it holds case numbers, record ids and possible earlier records of persons. */
  @Column({ name: 'response_ciphertext', type: 'text' })
  responseCiphertext: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
