import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The disclosure log gets a row per act of every record-level export (a million for a large one):
 * its surrogate uuid key and the separate unique (export, act) index cost a third of its insert
 * time. (export, act) becomes the primary key.
 */
export class ExportDisclosuresKeyedByAct1795955679922 implements MigrationInterface {
  name = 'ExportDisclosuresKeyedByAct1795955679922';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."export_disclosures_export_act_key"
        `);
    await queryRunner.query(`
            ALTER TABLE "export_disclosures" DROP CONSTRAINT "PK_db1c322c72ff5e73a35cfb8dd33"
        `);
    await queryRunner.query(`
            ALTER TABLE "export_disclosures" DROP COLUMN "id"
        `);
    await queryRunner.query(`
            ALTER TABLE "export_disclosures"
            ADD CONSTRAINT "export_disclosures_pkey" PRIMARY KEY ("export_id", "act_id")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "export_disclosures" DROP CONSTRAINT "export_disclosures_pkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "export_disclosures"
            ADD "id" uuid NOT NULL DEFAULT gen_random_uuid()
        `);
    await queryRunner.query(`
            ALTER TABLE "export_disclosures"
            ADD CONSTRAINT "PK_db1c322c72ff5e73a35cfb8dd33" PRIMARY KEY ("id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "export_disclosures_export_act_key" ON "export_disclosures" USING btree ("export_id", "act_id")
        `);
  }
}
