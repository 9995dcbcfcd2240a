import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddPersonErasure1795952393098 implements MigrationInterface {
  name = 'AddPersonErasure1795952393098';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "persons"
            ADD "erased_at" TIMESTAMP WITH TIME ZONE
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "persons" DROP COLUMN "erased_at"
        `);
  }
}
