import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two-factor sign-in (TOTP secret, its last used step against replays, its own failure count),
 * one-time recovery codes and password-reset tokens (both stored as SHA-256 only), and what a
 * user needs to recognise their own logins (last used, client).
 */
export class AddTwoFactorAndPasswordResets1795967000000 implements MigrationInterface {
  name = 'AddTwoFactorAndPasswordResets1795967000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD "totp_secret_ciphertext" text,
            ADD "totp_enabled_at" TIMESTAMP WITH TIME ZONE,
            ADD "totp_last_used_step" bigint,
            ADD "failed_totp_count" integer NOT NULL DEFAULT 0
        `);
    await queryRunner.query(`
            COMMENT ON COLUMN "users"."totp_secret_ciphertext" IS
            'TOTP secret, encrypted (FieldEncryption, users.totp_secret); set at enrollment, on once totp_enabled_at is set'
        `);
    await queryRunner.query(`
            COMMENT ON COLUMN "users"."totp_last_used_step" IS
            'the 30-second step of the last code accepted: a code of that step or an earlier one is refused (replay)'
        `);
    await queryRunner.query(`
            ALTER TABLE "auth_sessions"
            ADD "last_used_at" TIMESTAMP WITH TIME ZONE,
            ADD "user_agent" text
        `);
    await queryRunner.query(`
            CREATE TABLE "user_recovery_codes" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "code_hash" bytea NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "used_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "user_recovery_codes_pkey" PRIMARY KEY ("id"),
                CONSTRAINT "user_recovery_codes_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "user_recovery_codes_user_code_key" ON "user_recovery_codes" ("user_id", "code_hash")
        `);
    await queryRunner.query(`
            CREATE TABLE "password_reset_tokens" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "token_hash" bytea NOT NULL,
                "created_by" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "used_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "password_reset_tokens_pkey" PRIMARY KEY ("id"),
                CONSTRAINT "password_reset_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "password_reset_tokens_token_hash_key" ON "password_reset_tokens" ("token_hash")
        `);
    await queryRunner.query(`
            CREATE INDEX "password_reset_tokens_user_id_idx" ON "password_reset_tokens" ("user_id")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "password_reset_tokens"`);
    await queryRunner.query(`DROP TABLE "user_recovery_codes"`);
    await queryRunner.query(`
            ALTER TABLE "auth_sessions" DROP COLUMN "user_agent", DROP COLUMN "last_used_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            DROP COLUMN "failed_totp_count",
            DROP COLUMN "totp_last_used_step",
            DROP COLUMN "totp_enabled_at",
            DROP COLUMN "totp_secret_ciphertext"
        `);
  }
}
