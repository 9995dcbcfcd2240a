import { createHash } from 'node:crypto';

import { sameWordSimilarity } from './match-scoring';

/** How many candidates the index probe brings back for scoring. */
const CANDIDATES = 60;
const CANDIDATE_COLUMNS = `id, given_names, family_names, aliases, sex, birth_date, estimated_birth_year, birth_year, nationality`;
/** Keys are filed by birth year in buckets this wide (person_match_keys divides the year by it). */
const BUCKET_YEARS = 5;
/** Within this many years of the query's, a birth year is no reason to tell two people apart. */
const YEAR_WINDOW = 2;
/** A typed word is corrected to at most this many recorded words, the most similar first. */
const CORRECTIONS = 3;
/** A recorded word typed may stand for at most this many other recorded words, the most similar first. */
const ALTERNATIVES = 2;

/** What matching is asked, folded: the given names' and the surnames' words, birth year and sex. */
export interface CandidatesQuery {
  given: string[];
  family: string[];
  year: number | null;
  sex?: string;
}

/** A statement and its parameters, for a TypeORM manager or a pg client alike. */
export interface Statement {
  sql: string;
  parameters: unknown[];
}

/**
 * The recorded name words near each typed word: those sharing a deletion variant with it (name_words'
 * GIN index, the typed word itself among them when it is recorded), which spellingsOf narrows to the
 * ones scoring takes for the same word.
 */
export function spellingsQuery(words: string[]): Statement {
  return {
    sql: `SELECT typed.word AS typed, recorded.word AS recorded
            FROM unnest($1::text[]) AS typed(word)
            JOIN name_words recorded ON recorded.variants && name_word_variants(typed.word)`,
    parameters: [[...new Set(words)]],
  };
}

/** How a typed word may be written in the records. */
export interface Spelling {
  /** Some person's name has the word as typed. */
  recorded: boolean;
  /** Other recorded words scoring takes for the same word, the most similar first. */
  near: string[];
}

export function spellingsOf(rows: { typed: string; recorded: string }[]): Map<string, Spelling> {
  const found = new Map<string, { recorded: boolean; near: { word: string; similarity: number }[] }>();
  for (const { typed, recorded } of rows) {
    const spelling = found.get(typed) ?? { recorded: false, near: [] };
    found.set(typed, spelling);
    const similarity = typed === recorded ? 0 : sameWordSimilarity(typed, recorded);
    if (typed === recorded) spelling.recorded = true;
    else if (similarity > 0) spelling.near.push({ word: recorded, similarity });
  }
  return new Map(
    [...found].map(([typed, { recorded, near }]) => [
      typed,
      {
        recorded,
        near: near
          .sort((a, b) => b.similarity - a.similarity || byBytes(a.word, b.word))
          .slice(0, recorded ? ALTERNATIVES : CORRECTIONS)
          .map(({ word }) => word),
      },
    ]),
  );
}

/**
 * A key as person_match_keys files it: the first 64 bits of the MD5 of "bucket sex kind words", a
 * signed bigint (name_match_key in SQL; a test holds the two to the same values).
 */
export function matchKey(bucket: number, filed: string, words: string): string {
  const digest = createHash('md5').update(`${bucket} ${filed} ${words}`, 'utf8').digest('hex');
  return BigInt.asIntN(64, BigInt(`0x${digest.slice(0, 16)}`)).toString();
}

/** Byte order of the UTF-8 text: the order of COLLATE "C", in which person_match_keys sorts words. */
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
const keyText = (kind: string, words: string[]) => `${kind} ${[...words].sort(byBytes).join(' ')}`;

/**
 * Each way the words may be written in the records: a word no one's name has is one of its
 * corrections (a typing error: written as typed it finds no one), and at most one recorded word is
 * another recorded word scoring takes for the same (the name may have been misspelt at the earlier
 * desk instead).
 */
function recordedWritings(words: string[], spellings: Map<string, Spelling>): string[][] {
  let written: { words: string[]; alternative: boolean }[] = [{ words: [], alternative: false }];
  for (const word of words) {
    const spelling = spellings.get(word) ?? { recorded: false, near: [] };
    written = written.flatMap(({ words: before, alternative }) =>
      !spelling.recorded
        ? (spelling.near.length > 0 ? spelling.near : [word]).map((other) => ({
            words: [...before, other],
            alternative,
          }))
        : [
            { words: [...before, word], alternative },
            ...(alternative ? [] : spelling.near).map((other) => ({ words: [...before, other], alternative: true })),
          ],
    );
  }
  return written.map(({ words: spelt }) => spelt);
}

/**
 * The texts of the keys a candidate scoring may keep shares with the query (person_match_keys in
 * the migration that made them says which keys a person has). Scoring keeps a candidate only when,
 * given names against given names and surnames against surnames (or crossed: surnames written as
 * given names), the shorter side of each part is all in the other and the two parts are not both
 * shorter: so one part is the same set of words on both sides, and the other shares a word with it.
 * 'F' is a person's surnames with one of their given names, 'G' their given names with one of their
 * surnames; 'N' the given names of a person without surnames, 'O' anyone's given names alone (a
 * query without surnames must name them all); 'A' the words of an alias, which must hold the whole
 * query. Words may be misspelt: each key also as recordedWritings may write it.
 */
export function matchKeyTexts(given: string[], family: string[], spellings: Map<string, Spelling>): string[] {
  const texts = new Set<string>();
  const spelt = (kind: string, words: string[]) => {
    for (const written of recordedWritings(words, spellings)) texts.add(keyText(kind, written));
  };
  const orientations =
    family.length > 0 ? [[given, family] as const, [family, given] as const] : [[given, family] as const];
  for (const [givenSide, familySide] of orientations) {
    if (givenSide.length === 0) continue;
    // One side without surnames: scoring asks the given names to be the same, not misspelt.
    texts.add(keyText('N', givenSide));
    if (familySide.length === 0) {
      texts.add(keyText('O', givenSide));
      continue;
    }
    for (const word of givenSide) spelt('F', [...familySide, word]);
    for (const word of familySide) spelt('G', [...givenSide, word]);
  }
  spelt('A', [...given, ...family]);
  return [...texts];
}

/**
 * The statement that brings back a query's candidates, the 60 most similar names first, as matching
 * runs it (bench:matching and bench:intake time it alone). With a birth year: the persons sharing a
 * key with the query (the GIN index on person_match_keys), born within +-2 years, none of the other
 * sex (a woman's record is filed under women, intersex and unknown under both). Without a year only
 * the slower whole-network trigram probe is left.
 */
export function matchCandidatesQuery(query: CandidatesQuery, spellings: Map<string, Spelling>): Statement {
  const searchName = [...query.given, ...query.family].join(' ');
  if (query.year === null) {
    return {
      sql: `SELECT ${CANDIDATE_COLUMNS} FROM persons WHERE search_name % $1 AND erased_at IS NULL
             ORDER BY similarity(search_name, $1) DESC LIMIT $2`,
      parameters: [searchName, CANDIDATES],
    };
  }
  const buckets = [
    ...new Set([
      Math.floor((query.year - YEAR_WINDOW) / BUCKET_YEARS),
      Math.floor((query.year + YEAR_WINDOW) / BUCKET_YEARS),
    ]),
  ];
  const filed = query.sex === 'female' || query.sex === 'male' ? [query.sex] : ['female', 'male'];
  const texts = matchKeyTexts(query.given, query.family, spellings);
  return {
    sql: `SELECT ${CANDIDATE_COLUMNS} FROM persons
           WHERE person_match_keys(search_name, birth_year, sex) && $3::bigint[]
             AND birth_year - $4::int BETWEEN -${YEAR_WINDOW} AND ${YEAR_WINDOW} AND erased_at IS NULL
           ORDER BY similarity(search_name, $1) DESC LIMIT $2`,
    parameters: [
      searchName,
      CANDIDATES,
      texts.flatMap((words) => buckets.flatMap((bucket) => filed.map((sex) => matchKey(bucket, sex, words)))),
      query.year,
    ],
  };
}
