import { MigrationInterface, QueryRunner } from 'typeorm';

import { searchNameOf } from '../libs/platform/src';

/** Rows written again per statement while search names get their parts. */
const BATCH = 5000;

/**
 * Matching's candidates by keys of name parts instead of trigram distance.
 *
 * The GiST index on (birth_year, sex, search_name) could not rule out index pages: a page's trigram
 * signature holds nearly every trigram, so each probe read all of the birth-year window's names
 * (about 30,000 at 1,000,000 persons, 20 ms and more). But scoring keeps a candidate only when one
 * part of the name (given names, surnames) is the same set of words as the query's and the other
 * shares a word with it, each word exact or within two typing errors. So:
 *
 * - search_name keeps the parts apart (given | surnames | alias ...: trigram search reads '|' as
 *   a space); existing rows are written again by searchNameOf.
 * - `name_words` holds every word of every recorded name (no person, no link: the vocabulary a typed
 *   word is corrected against), kept by triggers on persons, with a GIN index on each word's
 *   deletion variants (one or two letters dropped, never below three letters): two words within two
 *   typing errors share a variant, so a typed word finds what it may be a misspelling of at once.
 * - `person_match_keys(search_name, birth_year, sex)` gives each person a few hashed keys of its
 *   name parts (below); a GIN index on it answers "shares a key with the query" by reading only the
 *   posting lists of the query's keys, a few hundred candidates where the GiST read 30,000.
 *
 * Keys and words are sorted with COLLATE "C": the same bytes give the same keys whatever the
 * database's collation.
 */
export class PersonMatchingByNameKeys1796800000000 implements MigrationInterface {
  name = 'PersonMatchingByNameKeys1796800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // PL/pgSQL rather than SQL: its plans are kept for the session, and matching calls these for
    // every word it is asked.
    await queryRunner.query(`
      CREATE FUNCTION name_word_variants(word text) RETURNS text[]
        LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
          DECLARE
            variants text[] := ARRAY[word];
            dropped text;
          BEGIN
            IF length(word) <= 3 THEN RETURN variants; END IF;
            FOR i IN 1 .. length(word) LOOP
              dropped := overlay(word PLACING '' FROM i FOR 1);
              variants := variants || dropped;
              IF length(dropped) > 3 THEN
                FOR j IN i .. length(dropped) LOOP
                  variants := variants || overlay(dropped PLACING '' FROM j FOR 1);
                END LOOP;
              END IF;
            END LOOP;
            RETURN ARRAY(SELECT DISTINCT unnest(variants));
          END
        $$`);
    // The first 64 bits of the MD5 of the key's text: matching computes the same in TypeScript
    // (matchKey in libs/intake/src/match-candidates.ts) and passes its keys as a parameter, so that
    // the planner estimates the candidates from the index's statistics.
    await queryRunner.query(`
      CREATE FUNCTION name_match_key(bucket integer, filed text, words text) RETURNS bigint
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
          SELECT ('x' || left(md5(bucket || ' ' || filed || ' ' || words), 16))::bit(64)::bigint
        $$`);
    // A search name is given names | surnames | alias | alias ... (searchNameOf). Keys, each filed
    // under the birth year's bucket of five years and the sex (a woman's record is never suggested
    // for a man, nor the reverse; intersex and unknown conflict with neither, so they are filed under
    // both): 'F' the surnames with one given name, for each given name; 'G' the given names with one
    // surname, for each surname; 'O' the given names alone; 'N' the same for a person without
    // surnames; 'A' each set of an alias's words holding at least two thirds of them. matchKeyTexts
    // (libs/intake/src/match-candidates.ts) writes the query's side and says why these.
    // The function it calls is named with its schema: pg_restore builds the index with an empty
    // search_path. PARALLEL RESTRICTED although it is safe: a probe reads a few hundred rows, and
    // the planner, which cannot tell from the keys how few, planned parallel workers for it at
    // 1,000,000 persons, whose start alone took 35 ms of a 3 ms probe on a 2-core machine.
    await queryRunner.query(`
      CREATE FUNCTION person_match_keys(search_name text, birth_year integer, sex text) RETURNS bigint[]
        LANGUAGE plpgsql IMMUTABLE PARALLEL RESTRICTED AS $$
          DECLARE
            parts text[] := string_to_array(nullif(search_name, ''), ' | ');
            given text[];
            family text[];
            alias text[];
            subset text[];
            texts text[] := '{}';
            word text;
          BEGIN
            IF parts IS NULL OR birth_year IS NULL THEN RETURN '{}'; END IF;
            given := coalesce(string_to_array(nullif(parts[1], ''), ' '), '{}');
            family := coalesce(string_to_array(nullif(parts[2], ''), ' '), '{}');
            -- Each key's words sorted, as the query's (byte order, COLLATE "C").
            IF cardinality(given) > 0 THEN
              texts := texts || ('O ' || array_to_string(ARRAY(SELECT w FROM unnest(given) w ORDER BY w COLLATE "C"), ' '));
              IF cardinality(family) = 0 THEN
                texts := texts || ('N ' || array_to_string(ARRAY(SELECT w FROM unnest(given) w ORDER BY w COLLATE "C"), ' '));
              END IF;
              FOREACH word IN ARRAY family LOOP
                texts := texts || ('G ' || array_to_string(ARRAY(SELECT w FROM unnest(given || word) w ORDER BY w COLLATE "C"), ' '));
              END LOOP;
            END IF;
            IF cardinality(family) > 0 THEN
              FOREACH word IN ARRAY given LOOP
                texts := texts || ('F ' || array_to_string(ARRAY(SELECT w FROM unnest(family || word) w ORDER BY w COLLATE "C"), ' '));
              END LOOP;
            END IF;
            FOR i IN 3 .. coalesce(cardinality(parts), 0) LOOP
              alias := coalesce(string_to_array(nullif(parts[i], ''), ' '), '{}');
              CONTINUE WHEN cardinality(alias) = 0 OR cardinality(alias) > 8;
              FOR mask IN 1 .. (1 << cardinality(alias)) - 1 LOOP
                subset := ARRAY(SELECT alias[n] FROM generate_series(1, cardinality(alias)) AS n WHERE mask & (1 << (n - 1)) <> 0);
                IF 3 * cardinality(subset) >= 2 * cardinality(alias) THEN
                  texts := texts || ('A ' || array_to_string(ARRAY(SELECT w FROM unnest(subset) w ORDER BY w COLLATE "C"), ' '));
                END IF;
              END LOOP;
            END LOOP;
            RETURN ARRAY(
              SELECT DISTINCT public.name_match_key(birth_year / 5, filed, words)
                FROM unnest(texts) AS words,
                     unnest(CASE WHEN sex IN ('female', 'male') THEN ARRAY[sex] ELSE ARRAY['female', 'male'] END) AS filed);
          END
        $$`);
    // The variants kept beside the word: the index's recheck and the join read them, not recompute them.
    await queryRunner.query(
      `CREATE TABLE "name_words" ("word" text COLLATE "C" PRIMARY KEY, "variants" text[] NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "name_words_variants_idx" ON "name_words" USING gin ("variants") WITH (fastupdate = off)`,
    );
    await queryRunner.query(`
      CREATE FUNCTION name_words_of_persons() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          -- Variants only for words not yet recorded; a word two intakes bring at once is kept once.
          INSERT INTO public.name_words (word, variants)
            SELECT word, public.name_word_variants(word)
              FROM (SELECT DISTINCT word FROM written, unnest(regexp_split_to_array(written.search_name, '[ |]+')) AS word) AS words
             WHERE word <> '' AND NOT EXISTS (SELECT 1 FROM public.name_words recorded WHERE recorded.word = words.word)
             ORDER BY word
            ON CONFLICT DO NOTHING;
          RETURN NULL;
        END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER "persons_name_words_on_insert" AFTER INSERT ON "persons"
        REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION name_words_of_persons()`);
    await queryRunner.query(`
      CREATE TRIGGER "persons_name_words_on_update" AFTER UPDATE ON "persons"
        REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION name_words_of_persons()`);
    // Every name written again: the triggers fill name_words as they go.
    await this.writeSearchNames(queryRunner);
    // fastupdate off: a pending list would be read by every probe; each intake writes its few keys at once.
    await queryRunner.query(`
      CREATE INDEX "persons_match_keys_idx" ON "persons"
        USING gin (person_match_keys("search_name", "birth_year", "sex")) WITH (fastupdate = off)`);
    await queryRunner.query('DROP INDEX "public"."persons_birth_year_sex_search_name_gist_idx"');
  }

  /** Every search name again, with its parts apart (erased persons keep their empty one). */
  private async writeSearchNames(queryRunner: QueryRunner): Promise<void> {
    for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
      const rows = (await queryRunner.query(
        `SELECT id, given_names AS "givenNames", family_names AS "familyNames", aliases FROM persons
          WHERE id > $1 AND search_name <> '' ORDER BY id LIMIT ${BATCH}`,
        [after],
      )) as { id: string; givenNames: string; familyNames: string; aliases: string[] }[];
      if (rows.length === 0) return;
      await queryRunner.query(
        `UPDATE persons SET search_name = written.search_name
           FROM unnest($1::uuid[], $2::text[]) AS written(id, search_name) WHERE persons.id = written.id`,
        [rows.map((row) => row.id), rows.map((row) => searchNameOf(row))],
      );
      after = rows[rows.length - 1].id;
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE INDEX "persons_birth_year_sex_search_name_gist_idx" ON "persons"
        USING gist ("birth_year", "sex", "search_name" gist_trgm_ops (siglen = 64))`);
    await queryRunner.query('DROP INDEX "public"."persons_match_keys_idx"');
    await queryRunner.query('DROP TRIGGER "persons_name_words_on_update" ON "persons"');
    await queryRunner.query('DROP TRIGGER "persons_name_words_on_insert" ON "persons"');
    await queryRunner.query('DROP FUNCTION name_words_of_persons()');
    await queryRunner.query('DROP TABLE "name_words"');
    await queryRunner.query('DROP FUNCTION person_match_keys(text, integer, text)');
    await queryRunner.query('DROP FUNCTION name_match_key(integer, text, text)');
    await queryRunner.query('DROP FUNCTION name_word_variants(text)');
    await queryRunner.query(
      `UPDATE persons SET search_name = regexp_replace(trim(replace(search_name, ' | ', ' ')), ' +', ' ', 'g') WHERE search_name LIKE '%|%'`,
    );
  }
}
