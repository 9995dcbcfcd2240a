import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users, logins (sessions and rotating refresh tokens) and the audit log. The audit log is
 * append-only in the database itself: a trigger refuses UPDATE, DELETE and TRUNCATE.
 */
export class AddAccess1795941431316 implements MigrationInterface {
  name = 'AddAccess1795941431316';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "audit_events" (
                "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
                "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
                "actor_id" uuid,
                "actor_role" text,
                "action" text NOT NULL,
                "entity_type" text NOT NULL,
                "entity_id" text,
                "request_id" text,
                "ip" inet,
                "details" jsonb NOT NULL DEFAULT '{}',
                CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "audit_events_occurred_at_idx" ON "audit_events" ("occurred_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "audit_events_actor_idx" ON "audit_events" ("actor_id", "id")
        `);
    await queryRunner.query(`
            CREATE INDEX "audit_events_entity_idx" ON "audit_events" ("entity_type", "entity_id", "id")
        `);
    await queryRunner.query(`
            CREATE TABLE "auth_sessions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "revoked_at" TIMESTAMP WITH TIME ZONE,
                "revoked_reason" text,
                CONSTRAINT "PK_641507381f32580e8479efc36cd" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "auth_sessions_user_id_idx" ON "auth_sessions" ("user_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "refresh_tokens" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "session_id" uuid NOT NULL,
                "token_hash" bytea NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "used_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "refresh_tokens_session_id_idx" ON "refresh_tokens" ("session_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "refresh_tokens_token_hash_key" ON "refresh_tokens" ("token_hash")
        `);
    await queryRunner.query(`
            CREATE TABLE "users" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "email" text NOT NULL,
                "name" text NOT NULL,
                "role" text NOT NULL,
                "active" boolean NOT NULL DEFAULT true,
                "password_hash" text NOT NULL,
                "shelter_ids" uuid array NOT NULL DEFAULT '{}',
                "organization_id" uuid,
                "failed_login_count" integer NOT NULL DEFAULT '0',
                "locked_until" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "users_email_key" ON "users" ("email")
        `);
    await queryRunner.query(`
            ALTER TABLE "users" ADD CONSTRAINT "users_role_check"
              CHECK ("role" IN ('admin', 'coordinator', 'shelter_worker', 'lawyer', 'partner'))
        `);
    await queryRunner.query(`
            ALTER TABLE "auth_sessions" ADD CONSTRAINT "auth_sessions_user_id_fkey"
              FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "refresh_tokens" ADD CONSTRAINT "refresh_tokens_session_id_fkey"
              FOREIGN KEY ("session_id") REFERENCES "auth_sessions" ("id") ON DELETE CASCADE
        `);
    // A list read stores the ids it returned in details.ids: this finds them by id.
    await queryRunner.query(`
            CREATE INDEX "audit_events_listed_ids_idx" ON "audit_events" USING gin (("details" -> 'ids'))
        `);
    await queryRunner.query(`
            CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
                USING ERRCODE = 'insufficient_privilege';
            END
            $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON "audit_events"
              FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()
        `);
    await queryRunner.query(`
            CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON "audit_events"
              FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change()
        `);
    await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "audit_events" FROM PUBLIC`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "audit_events_no_truncate" ON "audit_events"`);
    await queryRunner.query(`DROP TRIGGER "audit_events_append_only" ON "audit_events"`);
    await queryRunner.query(`DROP FUNCTION audit_events_refuse_change()`);
    await queryRunner.query(`DROP INDEX "public"."audit_events_listed_ids_idx"`);
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP CONSTRAINT "refresh_tokens_session_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "auth_sessions" DROP CONSTRAINT "auth_sessions_user_id_fkey"`);
    await queryRunner.query(`
            DROP INDEX "public"."users_email_key"
        `);
    await queryRunner.query(`
            DROP TABLE "users"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."refresh_tokens_token_hash_key"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."refresh_tokens_session_id_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "refresh_tokens"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."auth_sessions_user_id_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "auth_sessions"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."audit_events_entity_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."audit_events_actor_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."audit_events_occurred_at_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "audit_events"
        `);
  }
}
