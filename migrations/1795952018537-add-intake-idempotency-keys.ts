import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency-Key of POST /intake: the answer given to each key of a user, written in the intake's
 * transaction; rows older than 24 hours are removed by later keyed intakes.
 */
export class AddIntakeIdempotencyKeys1795952018537 implements MigrationInterface {
  name = 'AddIntakeIdempotencyKeys1795952018537';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "intake_idempotency_keys" (
                "user_id" uuid NOT NULL,
                "key_hash" text NOT NULL,
                "fingerprint" text NOT NULL,
                "status_code" integer NOT NULL,
                "response_ciphertext" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "intake_idempotency_keys_pkey" PRIMARY KEY ("user_id", "key_hash")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "intake_idempotency_keys_created_at_idx" ON "intake_idempotency_keys" ("created_at")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."intake_idempotency_keys_created_at_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "intake_idempotency_keys"
        `);
  }
}
