import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sexual-violence acts leave in record-level exports (de-identified or identified) only when the
 * partner's agreement names them; otherwise they are counted in aggregates alone.
 */
export class PartnerSexualViolenceAgreement1795966000000 implements MigrationInterface {
  name = 'PartnerSexualViolenceAgreement1795966000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "partners" ADD "sexual_violence_records" boolean NOT NULL DEFAULT false
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "partners" DROP COLUMN "sexual_violence_records"
        `);
  }
}
