import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partners with their agreements, exports, the outbox that queues them, their encrypted files in
 * chunks and the disclosure log (one row per act that left, unique per export).
 */
export class AddExports1795945737616 implements MigrationInterface {
  name = 'AddExports1795945737616';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "exports" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "partner_id" uuid NOT NULL,
                "dataset" text NOT NULL,
                "format" text NOT NULL,
                "from_date" date NOT NULL,
                "to_date" date NOT NULL,
                "status" text NOT NULL DEFAULT 'queued',
                "progress" smallint NOT NULL DEFAULT '0',
                "row_count" integer,
                "sha256" text,
                "size_bytes" bigint,
                "error" text,
                "attempts" integer NOT NULL DEFAULT '0',
                "requested_by" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "completed_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "exports_progress_check" CHECK (
                    "progress" BETWEEN 0 AND 100
                ),
                CONSTRAINT "exports_format_check" CHECK ("format" IN ('csv', 'hxl_csv', 'json')),
                CONSTRAINT "exports_status_check" CHECK (
                    "status" IN ('queued', 'running', 'completed', 'failed')
                ),
                CONSTRAINT "PK_bcf8528d214cbfc68c01f337511" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "exports_partner_created_idx" ON "exports" ("partner_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "partners" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" text NOT NULL,
                "organization_id" uuid,
                "pgp_public_key" text NOT NULL,
                "pgp_fingerprint" text NOT NULL,
                "webhook_url" text,
                "webhook_secret_ciphertext" text NOT NULL,
                "pseudonym_key_ciphertext" text NOT NULL,
                "datasets" text array NOT NULL,
                "min_cell_size" integer NOT NULL DEFAULT '5',
                "created_by" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "partners_datasets_check" CHECK (
                    "datasets" <@ ARRAY ['incidents_aggregate', 'incidents_deidentified', 'incidents_identified']::text []
                ),
                CONSTRAINT "partners_min_cell_size_check" CHECK ("min_cell_size" >= 5),
                CONSTRAINT "PK_998645b20820e4ab99aeae03b41" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "export_disclosures" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "export_id" uuid NOT NULL,
                "partner_id" uuid NOT NULL,
                "incident_id" uuid NOT NULL,
                "act_id" uuid NOT NULL,
                "disclosed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_db1c322c72ff5e73a35cfb8dd33" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "export_disclosures_incident_idx" ON "export_disclosures" ("incident_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "export_disclosures_export_act_key" ON "export_disclosures" ("export_id", "act_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "export_file_chunks" (
                "export_id" uuid NOT NULL,
                "seq" integer NOT NULL,
                "data" bytea NOT NULL,
                CONSTRAINT "PK_8ed46b5442562b0f564905bd17e" PRIMARY KEY ("export_id", "seq")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "export_outbox" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "export_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "enqueued_at" TIMESTAMP WITH TIME ZONE,
                "attempts" integer NOT NULL DEFAULT '0',
                "last_error" text,
                CONSTRAINT "PK_c849d2f5c67089f3232bc07ccf4" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "export_outbox_export_id_key" ON "export_outbox" ("export_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "export_outbox_pending_idx" ON "export_outbox" ("created_at")
            WHERE "enqueued_at" IS NULL
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."export_outbox_pending_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."export_outbox_export_id_key"
        `);
    await queryRunner.query(`
            DROP TABLE "export_outbox"
        `);
    await queryRunner.query(`
            DROP TABLE "export_file_chunks"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."export_disclosures_export_act_key"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."export_disclosures_incident_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "export_disclosures"
        `);
    await queryRunner.query(`
            DROP TABLE "partners"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."exports_partner_created_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "exports"
        `);
  }
}
