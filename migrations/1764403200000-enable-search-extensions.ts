import { MigrationInterface, QueryRunner } from 'typeorm';

/** Name search and duplicate matching rely on trigram similarity and accent folding. */
export class EnableSearchExtensions1764403200000 implements MigrationInterface {
  name = 'EnableSearchExtensions1764403200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS unaccent');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP EXTENSION IF EXISTS unaccent');
    await queryRunner.query('DROP EXTENSION IF EXISTS pg_trgm');
  }
}
