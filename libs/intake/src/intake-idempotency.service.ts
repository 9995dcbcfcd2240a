import { createHash } from 'node:crypto';

import { Actor } from '@albergue/access';
import { FieldEncryption } from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { RESPONSE_COLUMN } from './intake-encrypted-columns';
import { IntakeIdempotencyKeyEntity } from './intake-idempotency-key.entity';
import { IdempotencyKeyReused } from './intake.errors';

/** How long an answer is kept for retries of the same key. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;

/** One keyed request: whose key, the key's hash and what the request said. */
export interface IdempotentRequest {
  userId: string;
  keyHash: string;
  fingerprint: string;
}

export interface StoredAnswer<T> {
  statusCode: number;
  body: T;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** JSON with object keys sorted, so that the same request always has the same fingerprint. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Idempotency-Key for POST /intake (draft-ietf-httpapi-idempotency-key-header): the answer is
 * stored with the work it describes, in the caller's transaction, under an advisory lock per user
 * and key, so concurrent duplicates wait for the first and then replay its answer.
 */
@Injectable()
export class IntakeIdempotencyService {
  constructor(private readonly encryption: FieldEncryption) {}

  describe(actor: Actor, key: string, body: unknown): IdempotentRequest {
    return { userId: actor.userId, keyHash: sha256(key), fingerprint: sha256(canonicalJson(body)) };
  }

  /**
   * Takes the key for this transaction and answers what was stored for it, if anything; the same
   * key on another request is refused. Expired answers are removed first, so an old key is new again.
   */
  async lockAndFind<T>(manager: EntityManager, request: IdempotentRequest): Promise<StoredAnswer<T> | null> {
    // One round trip for the lock and the clean-up; the look-up must be a statement of its own,
    // whose snapshot is taken once the lock is held (a duplicate waiting here sees the first's answer).
    await manager.query(
      `WITH expired AS (
         DELETE FROM intake_idempotency_keys
          WHERE ctid IN (SELECT ctid FROM intake_idempotency_keys
                          WHERE created_at < now() - make_interval(hours => $2) LIMIT 100)
       )
       SELECT pg_advisory_xact_lock(hashtext('intake_idempotency_keys'), hashtext($1))`,
      [`${request.userId}:${request.keyHash}`, IDEMPOTENCY_KEY_TTL_HOURS],
    );
    const stored = await manager.findOneBy(IntakeIdempotencyKeyEntity, {
      userId: request.userId,
      keyHash: request.keyHash,
    });
    if (!stored) return null;
    if (stored.fingerprint !== request.fingerprint) throw new IdempotencyKeyReused();
    return {
      statusCode: stored.statusCode,
      body: JSON.parse(
        this.encryption.decrypt(stored.responseCiphertext, RESPONSE_COLUMN, [stored.userId, stored.keyHash]),
      ) as T,
    };
  }

  async store<T>(manager: EntityManager, request: IdempotentRequest, answer: StoredAnswer<T>): Promise<void> {
    await manager.insert(IntakeIdempotencyKeyEntity, {
      userId: request.userId,
      keyHash: request.keyHash,
      fingerprint: request.fingerprint,
      statusCode: answer.statusCode,
      responseCiphertext: this.encryption.encrypt(JSON.stringify(answer.body), RESPONSE_COLUMN, [
        request.userId,
        request.keyHash,
      ]),
    });
  }
}
