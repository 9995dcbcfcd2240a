import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What k-anonymity did to a de-identified export: its k (the agreement's minimum cell size at the
 * time), how many quasi-identifier values were generalized and how many rows suppressed.
 */
export class ExportDisclosureControl1795968000000 implements MigrationInterface {
  name = 'ExportDisclosureControl1795968000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "exports" ADD "anonymity_k" integer,
                                  ADD "generalized_values" integer,
                                  ADD "suppressed_rows" integer
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "exports" DROP COLUMN "suppressed_rows", DROP COLUMN "generalized_values",
                                  DROP COLUMN "anonymity_k"
        `);
  }
}
