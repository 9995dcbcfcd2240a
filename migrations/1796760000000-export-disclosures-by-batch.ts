import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The disclosure log becomes a row per batch of acts (the 2,000 the worker writes at a time) with
 * their incident and act ids as arrays, instead of a row and two B-tree entries per act, which
 * cost a third of a large export's time. Lookups by incident go through a GIN index on the
 * incident ids: an entry per incident of a batch, merged into the index in bulk. The rows of each
 * export are moved as the batches they were written in (one statement each, so one disclosed_at),
 * in incident then act order.
 */
export class ExportDisclosuresByBatch1796760000000 implements MigrationInterface {
  name = 'ExportDisclosuresByBatch1796760000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "export_disclosure_batches" (
                "export_id" uuid NOT NULL,
                "batch_no" integer NOT NULL,
                "partner_id" uuid NOT NULL,
                "incident_ids" uuid [] NOT NULL,
                "act_ids" uuid [] NOT NULL,
                "disclosed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "export_disclosure_batches_acts_check" CHECK (
                    cardinality("act_ids") > 0 AND cardinality("act_ids") = cardinality("incident_ids")
                ),
                CONSTRAINT "export_disclosure_batches_pkey" PRIMARY KEY ("export_id", "batch_no")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "export_disclosure_batches"
            ADD CONSTRAINT "export_disclosure_batches_export_id_fkey" FOREIGN KEY ("export_id") REFERENCES "exports"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            INSERT INTO "export_disclosure_batches" ("export_id", "batch_no", "partner_id", "incident_ids", "act_ids", "disclosed_at")
            SELECT "export_id", (row_number() OVER (PARTITION BY "export_id" ORDER BY "disclosed_at", "partner_id") - 1)::int,
                   "partner_id", array_agg("incident_id" ORDER BY "incident_id", "act_id"),
                   array_agg("act_id" ORDER BY "incident_id", "act_id"), "disclosed_at"
              FROM "export_disclosures"
             GROUP BY "export_id", "partner_id", "disclosed_at"
        `);
    await queryRunner.query(`
            CREATE INDEX "export_disclosure_batches_incident_ids_idx" ON "export_disclosure_batches" USING gin ("incident_ids")
        `);
    await queryRunner.query('DROP TABLE "export_disclosures"');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "export_disclosures" (
                "export_id" uuid NOT NULL,
                "partner_id" uuid NOT NULL,
                "incident_id" uuid NOT NULL,
                "act_id" uuid NOT NULL,
                "disclosed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "export_disclosures_pkey" PRIMARY KEY ("export_id", "act_id")
            )
        `);
    // An act logged in two batches of one export (two workers on one run) is kept as first logged.
    await queryRunner.query(`
            INSERT INTO "export_disclosures" ("export_id", "partner_id", "incident_id", "act_id", "disclosed_at")
            SELECT DISTINCT ON (b."export_id", d."act_id") b."export_id", b."partner_id", d."incident_id", d."act_id", b."disclosed_at"
              FROM "export_disclosure_batches" b
             CROSS JOIN LATERAL unnest(b."incident_ids", b."act_ids") AS d ("incident_id", "act_id")
             ORDER BY b."export_id", d."act_id", b."batch_no"
        `);
    await queryRunner.query(`
            CREATE INDEX "export_disclosures_incident_idx" ON "export_disclosures" ("incident_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "export_disclosures"
            ADD CONSTRAINT "export_disclosures_export_id_fkey" FOREIGN KEY ("export_id") REFERENCES "exports"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query('DROP TABLE "export_disclosure_batches"');
  }
}
