import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the lawyer read a reminder (null while unread), so the web app's header counts what is new;
 * the partial index keeps that count one index scan however many reminders a lawyer had.
 */
export class ReminderReadState1796300000000 implements MigrationInterface {
  name = 'ReminderReadState1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "asylum_reminders" ADD "read_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `CREATE INDEX "asylum_reminders_unread_idx" ON "asylum_reminders" ("lawyer_id") WHERE "read_at" IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "asylum_reminders_unread_idx"`);
    await queryRunner.query(`ALTER TABLE "asylum_reminders" DROP COLUMN "read_at"`);
  }
}
