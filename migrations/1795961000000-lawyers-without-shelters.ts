import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A lawyer reaches persons only through the applications assigned to her: the shelters some
 * lawyer accounts were given let them list every resident of those shelters. Clears them and
 * lets Postgres refuse them from now on. Prints how many accounts changed, nothing else.
 */
export class LawyersWithoutShelters1795961000000 implements MigrationInterface {
  name = 'LawyersWithoutShelters1795961000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const [, cleared] = (await queryRunner.query(
      `UPDATE "users" SET "shelter_ids" = '{}' WHERE "role" = 'lawyer' AND "shelter_ids" <> '{}'`,
    )) as [unknown, number];
    if (cleared > 0)
      process.stdout.write(`lawyers-without-shelters: cleared the shelters of ${cleared} lawyer accounts\n`);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD CONSTRAINT "users_lawyer_without_shelters" CHECK ("role" <> 'lawyer' OR "shelter_ids" = '{}')
        `);
  }

  /** Lets lawyers hold shelters again; the shelters cleared are not restored (they were the hole). */
  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "users" DROP CONSTRAINT "users_lawyer_without_shelters"');
  }
}
