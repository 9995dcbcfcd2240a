import { MigrationInterface, QueryRunner } from 'typeorm';

/** A referral names a real person, shelter and consent taker: the database keeps it so. */
export class AddReferralForeignKeys1795945759739 implements MigrationInterface {
  name = 'AddReferralForeignKeys1795945759739';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "referrals"
            ADD CONSTRAINT "referrals_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "persons"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "referrals"
            ADD CONSTRAINT "referrals_from_shelter_id_fkey" FOREIGN KEY ("from_shelter_id") REFERENCES "shelters"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "referrals"
            ADD CONSTRAINT "referrals_consent_taken_by_fkey" FOREIGN KEY ("consent_taken_by") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "referrals" DROP CONSTRAINT "referrals_consent_taken_by_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "referrals" DROP CONSTRAINT "referrals_from_shelter_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "referrals" DROP CONSTRAINT "referrals_person_id_fkey"
        `);
  }
}
