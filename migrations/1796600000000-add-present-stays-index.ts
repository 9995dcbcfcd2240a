import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Present stays by shelter: an intake asks whether its group takes the shelter over capacity
 * (counting at most capacity + 1 present stays), occupancy lists the present residents. Without it
 * both read every stay the shelter ever had, so an intake slowed down as the shelter's history grew.
 */
export class AddPresentStaysIndex1796600000000 implements MigrationInterface {
  name = 'AddPresentStaysIndex1796600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX "stays_present_by_shelter_idx" ON "stays" ("shelter_id") WHERE "checked_out_at" IS NULL',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."stays_present_by_shelter_idx"');
  }
}
