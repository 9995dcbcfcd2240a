import { MigrationInterface, QueryRunner } from 'typeorm';

import { FieldEncryption, parseConfig } from '../libs/platform/src';
import { AddIntakeIdempotencyKeys1795952018537 } from './1795952018537-add-intake-idempotency-keys';

/** Answers older than this are forgotten anyway (IDEMPOTENCY_KEY_TTL_HOURS when this was written). */
const TTL = `interval '24 hours'`;

interface KeptAnswer {
  user_id: string;
  key_hash: string;
  fingerprint: string;
  status_code: number;
  response_ciphertext: string;
  created_at: Date;
}

/** What a stored answer is bound to (FieldEncryption's field and row id) in each table. */
interface Binding {
  field: string;
  rowId: (answer: KeptAnswer) => string[];
}
const IN_INTAKE_TABLE: Binding = {
  field: 'intake_idempotency_keys.response_ciphertext',
  rowId: (answer) => [answer.user_id, answer.key_hash],
};
const IN_PLATFORM_TABLE: Binding = {
  field: 'idempotency_keys.response',
  rowId: (answer) => ['intake', answer.user_id, answer.key_hash],
};
const SCOPE_COMMENT = 'The route the key was sent to (intake, incidents): a key of one user on two routes is two keys';
const COLUMNS = 'user_id, key_hash, fingerprint, status_code, response_ciphertext, created_at';
/** The answers, as the rows of `unnest(...) AS moved(COLUMNS)` whose parameters moved() gives. */
const MOVED = `unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[], $6::timestamptz[]) AS moved(${COLUMNS})`;

/**
 * Idempotency-Key becomes one platform recipe for every route that takes it (intake, and now
 * incidents): one table, `idempotency_keys`, whose `scope` names the route, so a key of one user
 * on two routes is two keys. The answers intake kept in the last 24 hours move over, so a retry
 * sent across the deploy still replays rather than registers the group twice; older ones are
 * forgotten, as the next keyed request would have done.
 *
 * A stored answer is encrypted bound to its field and row (FieldEncryption), and both change
 * here: `[user, key hash]` of intake's table becomes `[scope, user, key hash]`. SQL cannot re-bind
 * a ciphertext, so the answers moved are decrypted and encrypted again with FIELD_ENCRYPTION_KEYS,
 * which every process that migrates (the API, the worker, the CLI scripts) has read into its
 * environment by then; a database with nothing to move needs no key. An answer that does not
 * decrypt stops the migration, naming its row: it could not have been replayed either; delete
 * it, or wait until it is 24 hours old.
 */
export class MoveIdempotencyKeysToPlatform1796700000000 implements MigrationInterface {
  name = 'MoveIdempotencyKeysToPlatform1796700000000';

  /** The keys to re-bind moved answers with; the process's FIELD_ENCRYPTION_KEYS when not given (tests give theirs). */
  constructor(private readonly encryption?: FieldEncryption) {}

  public async up(queryRunner: QueryRunner): Promise<void> {
    // An API still running the old code writes nothing into the old table while its rows move.
    await queryRunner.query(`LOCK TABLE "intake_idempotency_keys" IN EXCLUSIVE MODE`);
    await queryRunner.query(`
            CREATE TABLE "idempotency_keys" (
                "scope" text NOT NULL,
                "user_id" uuid NOT NULL,
                "key_hash" text NOT NULL,
                "fingerprint" text NOT NULL,
                "status_code" integer NOT NULL,
                "response_ciphertext" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("scope", "user_id", "key_hash")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idempotency_keys_created_at_idx" ON "idempotency_keys" ("created_at")
        `);
    await queryRunner.query(`
            COMMENT ON COLUMN "idempotency_keys"."scope" IS '${SCOPE_COMMENT}'
        `);
    const kept = (await queryRunner.query(
      `SELECT ${COLUMNS} FROM intake_idempotency_keys WHERE created_at >= now() - ${TTL}`,
    )) as KeptAnswer[];
    if (kept.length > 0) {
      await queryRunner.query(
        `INSERT INTO idempotency_keys (scope, ${COLUMNS}) SELECT 'intake', ${COLUMNS} FROM ${MOVED}`,
        this.moved(kept, IN_INTAKE_TABLE, IN_PLATFORM_TABLE),
      );
    }
    await queryRunner.query(`DROP TABLE "intake_idempotency_keys"`);
  }

  /**
   * Intake's answers go back to its own table, bound as before; those of other routes (incidents)
   * had no place before this migration and are dropped with the table.
   */
  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`LOCK TABLE "idempotency_keys" IN EXCLUSIVE MODE`);
    // Intake's table as the migration that made it made it.
    await new AddIntakeIdempotencyKeys1795952018537().up(queryRunner);
    const kept = (await queryRunner.query(
      `SELECT ${COLUMNS} FROM idempotency_keys WHERE scope = 'intake' AND created_at >= now() - ${TTL}`,
    )) as KeptAnswer[];
    if (kept.length > 0) {
      await queryRunner.query(
        `INSERT INTO intake_idempotency_keys (${COLUMNS}) SELECT ${COLUMNS} FROM ${MOVED}`,
        this.moved(kept, IN_PLATFORM_TABLE, IN_INTAKE_TABLE),
      );
    }
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
  }

  /** The parameters of MOVED: the answers, each re-encrypted from the binding it had to the one it gets. */
  private moved(answers: KeptAnswer[], from: Binding, to: Binding): unknown[] {
    const encryption = this.encryption ?? new FieldEncryption(parseConfig(process.env));
    const ciphertexts = answers.map((answer) => {
      let plaintext: string;
      try {
        plaintext = encryption.decrypt(answer.response_ciphertext, from.field, from.rowId(answer));
      } catch (error) {
        // Ids only, never a value: which answer to delete (or to let expire) before migrating again.
        const row = `user ${answer.user_id}, key hash ${answer.key_hash}`;
        throw new Error(`${from.field} of ${row}: ${(error as Error).message}`, { cause: error });
      }
      return encryption.encrypt(plaintext, to.field, to.rowId(answer));
    });
    return [
      answers.map((answer) => answer.user_id),
      answers.map((answer) => answer.key_hash),
      answers.map((answer) => answer.fingerprint),
      answers.map((answer) => answer.status_code),
      ciphertexts,
      answers.map((answer) => answer.created_at.toISOString()),
    ];
  }
}
