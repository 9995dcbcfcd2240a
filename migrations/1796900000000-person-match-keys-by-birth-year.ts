import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Matching's keys filed under the birth year itself instead of a bucket of five years.
 *
 * A query of year Y must reach Y-2 .. Y+2. With buckets of five years it asked for two buckets, ten
 * years of persons, and dropped about half of the rows it had read from the table (one random page
 * each) for being outside the window: at 1,000,000 persons the probe of a common name read 240
 * rows and more (p95), and those reads were its time. Filed by year, a query asks for five years
 * and reads only the persons of its window; its keys are 2.5 times as many, each a look-up in the
 * index's hot upper pages. Each person still has the same number of keys.
 *
 * Only the divisor changes in person_match_keys (1796800000000 wrote it), so the function is
 * written again from its own definition; the expression index is then rebuilt, which computes
 * every person's keys again (about 90 s at 1,000,000 persons on a 2-core machine).
 */
export class PersonMatchKeysByBirthYear1796900000000 implements MigrationInterface {
  name = 'PersonMatchKeysByBirthYear1796900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await this.fileUnder(queryRunner, 'public.name_match_key(birth_year / 5,', 'public.name_match_key(birth_year,');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await this.fileUnder(queryRunner, 'public.name_match_key(birth_year,', 'public.name_match_key(birth_year / 5,');
  }

  private async fileUnder(queryRunner: QueryRunner, before: string, after: string): Promise<void> {
    await queryRunner.query(`
      DO $$
        DECLARE
          definition text := pg_get_functiondef('public.person_match_keys(text, integer, text)'::regprocedure);
        BEGIN
          IF strpos(definition, '${before}') = 0 THEN
            RAISE EXCEPTION 'person_match_keys does not file its keys as this migration expects';
          END IF;
          EXECUTE replace(definition, '${before}', '${after}');
        END
      $$`);
    await queryRunner.query('REINDEX INDEX "public"."persons_match_keys_idx"');
  }
}
