import { createHash } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { FieldEncryption } from '../../crypto/field-encryption';
import { preparedStatement, runPrepared } from '../../database/prepared-statement';
import { RESPONSE_FIELD } from './idempotency-encrypted-columns';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { IdempotencyKeyReused } from './idempotency.errors';

/** How long an answer is kept for retries of the same key. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;

/** One keyed request: which route, whose key, the key's hash and what the request said. */
export interface IdempotentRequest {
  scope: string;
  userId: string;
  keyHash: string;
  fingerprint: string;
}

export interface StoredAnswer<T> {
  statusCode: number;
  body: T;
}

/** An answer, and whether it is the stored answer to an earlier request with the same key. */
export interface IdempotentOutcome<T> {
  result: T;
  replayed: boolean;
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

/** The row a stored answer is bound to: its primary key, in the order the column's registration names it. */
const rowIdOf = ({ scope, userId, keyHash }: Pick<IdempotentRequest, 'scope' | 'userId' | 'keyHash'>) => [
  scope,
  userId,
  keyHash,
];

/** A key's row as `jsonb_populate_recordset(NULL::idempotency_keys, ...)` reads it (IDEMPOTENCY_CLAIM). */
export interface IdempotencyKeyRow {
  scope: string;
  user_id: string;
  key_hash: string;
  fingerprint: string;
  status_code: number;
  response_ciphertext: string;
}

/**
 * The key claimed inside a caller's own statement, for work written by one statement in autocommit
 * (no transaction to hold the key's lock): `rows` is the parameter holding `[rowOf(...)]` as JSON,
 * `ttlHours` the one holding IDEMPOTENCY_KEY_TTL_HOURS. It returns a row when the key is this
 * request's: new, or kept past its time. When another request holds the key, uncommitted, the
 * statement waits for it; once that one has committed it returns nothing, and the caller writes
 * nothing (condition every write on the claim) and replays the stored answer.
 */
export const IDEMPOTENCY_CLAIM = (rows: string, ttlHours: string): string =>
  `INSERT INTO idempotency_keys (scope, user_id, key_hash, fingerprint, status_code, response_ciphertext)
   SELECT scope, user_id, key_hash, fingerprint, status_code, response_ciphertext
     FROM jsonb_populate_recordset(NULL::idempotency_keys, ${rows})
   ON CONFLICT (scope, user_id, key_hash) DO UPDATE
      SET fingerprint = EXCLUDED.fingerprint, status_code = EXCLUDED.status_code,
          response_ciphertext = EXCLUDED.response_ciphertext, created_at = now()
    WHERE idempotency_keys.created_at < now() - make_interval(hours => ${ttlHours})
   RETURNING scope`;

/** Expired answers, a hundred at a time, removed by each look-up of a key (`ttlHours`: its parameter). */
const expiredRemoved = (ttlHours: string) => `expired AS (
         DELETE FROM idempotency_keys
          WHERE ctid IN (SELECT ctid FROM idempotency_keys
                          WHERE created_at < now() - make_interval(hours => ${ttlHours}) LIMIT 100)
       )`;

/** What was stored for a key, after the clean-up: run before every new group's intake. */
const STORED_ANSWER = preparedStatement(
  `WITH ${expiredRemoved('$1')}
   SELECT scope, user_id AS "userId", key_hash AS "keyHash", fingerprint, status_code AS "statusCode",
          response_ciphertext AS "responseCiphertext"
     FROM idempotency_keys
    WHERE scope = $2 AND user_id = $3 AND key_hash = $4 AND created_at >= now() - make_interval(hours => $1)`,
);

/**
 * Idempotency-Key (draft-ietf-httpapi-idempotency-key-header) for any POST that creates something:
 * the answer is stored with the work it describes, in the caller's transaction, under an advisory
 * lock per route, user and key, so concurrent duplicates wait for the first and then replay its
 * answer. The caller takes the lock first thing in its transaction (lockAndFind) and stores its
 * answer last (store); a refused request rolls back and stores nothing.
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly encryption: FieldEncryption) {}

  /** `scope` names the route (`intake`, `incidents`): a key is one user's on one route. */
  describe(scope: string, userId: string, key: string, body: unknown): IdempotentRequest {
    return { scope, userId, keyHash: sha256(key), fingerprint: sha256(canonicalJson(body)) };
  }

  /**
   * Takes the key for this transaction and answers what was stored for it, if anything; the same
   * key on another request is refused. Expired answers are removed first, so an old key is new again.
   */
  async lockAndFind<T>(manager: EntityManager, request: IdempotentRequest): Promise<StoredAnswer<T> | null> {
    // One round trip for the lock and the clean-up; the look-up must be a statement of its own,
    // whose snapshot is taken once the lock is held (a duplicate waiting here sees the first's answer).
    await manager.query(
      `WITH ${expiredRemoved('$2')}
       SELECT pg_advisory_xact_lock(hashtext('idempotency_keys'), hashtext($1))`,
      [`${request.scope}:${request.userId}:${request.keyHash}`, IDEMPOTENCY_KEY_TTL_HOURS],
    );
    const stored = await manager.findOneBy(IdempotencyKeyEntity, {
      scope: request.scope,
      userId: request.userId,
      keyHash: request.keyHash,
    });
    return stored ? this.answerOf<T>(request, stored) : null;
  }

  /**
   * What was stored for the key, if anything, without taking it: for a caller that claims the key
   * in its own statement (IDEMPOTENCY_CLAIM). The same key on another request is refused.
   */
  async find<T>(manager: EntityManager, request: IdempotentRequest): Promise<StoredAnswer<T> | null> {
    const [stored] = await runPrepared<IdempotencyKeyEntity>(manager, STORED_ANSWER, [
      IDEMPOTENCY_KEY_TTL_HOURS,
      request.scope,
      request.userId,
      request.keyHash,
    ]);
    return stored ? this.answerOf<T>(request, stored) : null;
  }

  /** The key's row with its answer encrypted, for IDEMPOTENCY_CLAIM. */
  rowOf<T>(request: IdempotentRequest, answer: StoredAnswer<T>): IdempotencyKeyRow {
    return {
      scope: request.scope,
      user_id: request.userId,
      key_hash: request.keyHash,
      fingerprint: request.fingerprint,
      status_code: answer.statusCode,
      response_ciphertext: this.encryption.encrypt(JSON.stringify(answer.body), RESPONSE_FIELD, rowIdOf(request)),
    };
  }

  private answerOf<T>(request: IdempotentRequest, stored: IdempotencyKeyEntity): StoredAnswer<T> {
    if (stored.fingerprint !== request.fingerprint) throw new IdempotencyKeyReused();
    return {
      statusCode: stored.statusCode,
      body: JSON.parse(this.encryption.decrypt(stored.responseCiphertext, RESPONSE_FIELD, rowIdOf(stored))) as T,
    };
  }

  async store<T>(manager: EntityManager, request: IdempotentRequest, answer: StoredAnswer<T>): Promise<void> {
    const row = this.rowOf(request, answer);
    await manager.insert(IdempotencyKeyEntity, {
      scope: row.scope,
      userId: row.user_id,
      keyHash: row.key_hash,
      fingerprint: row.fingerprint,
      statusCode: row.status_code,
      responseCiphertext: row.response_ciphertext,
    });
  }
}
