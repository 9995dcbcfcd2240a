import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A failed export kept the raw message of whatever threw, and showed it to partners: it now keeps
 * a code (the sentence is chosen by language when read), and the raw texts are dropped; they may
 * hold values of the people recorded. Webhook attempts get a code too, for why there was no answer.
 */
export class ExportAndDeliveryErrorCodes1795963000000 implements MigrationInterface {
  name = 'ExportAndDeliveryErrorCodes1795963000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "exports" ADD "error_code" text`);
    await queryRunner.query(`UPDATE "exports" SET "error_code" = 'internal' WHERE "error" IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "exports" DROP COLUMN "error"`);
    await queryRunner.query(`ALTER TABLE "webhook_delivery_attempts" ADD "error_code" text`);
    await queryRunner.query(
      `UPDATE "webhook_delivery_attempts" SET "error_code" = 'network_error' WHERE "error" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "webhook_delivery_attempts" DROP COLUMN "error_code"`);
    await queryRunner.query(`ALTER TABLE "exports" ADD "error" text`);
    // The raw messages are gone: the code is the reason the older version can show.
    await queryRunner.query(`UPDATE "exports" SET "error" = "error_code" WHERE "error_code" IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "exports" DROP COLUMN "error_code"`);
  }
}
