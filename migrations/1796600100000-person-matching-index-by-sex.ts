import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Matching's probe reads, within the birth-year window, every index page of that window: trigram
 * signatures of a page of names are too full to rule pages out. Sex is asked at every desk and a
 * woman is never suggested as a man's earlier record, nor the reverse: with sex after the year,
 * the probe leaves out the other sex's pages, about half of them, and the 60 candidates it brings
 * back are all ones scoring may keep.
 */
export class PersonMatchingIndexBySex1796600100000 implements MigrationInterface {
  name = 'PersonMatchingIndexBySex1796600100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE INDEX "persons_birth_year_sex_search_name_gist_idx" ON "persons"
              USING gist ("birth_year", "sex", "search_name" gist_trgm_ops (siglen = 64))
        `);
    await queryRunner.query('DROP INDEX "public"."persons_birth_year_search_name_gist_idx"');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE INDEX "persons_birth_year_search_name_gist_idx" ON "persons"
              USING gist ("birth_year", "search_name" gist_trgm_ops (siglen = 64))
        `);
    await queryRunner.query('DROP INDEX "public"."persons_birth_year_sex_search_name_gist_idx"');
  }
}
