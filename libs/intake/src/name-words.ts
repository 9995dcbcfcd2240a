import { SEARCH_NAME_PARTS } from '@albergue/platform';
import { EntityManager } from 'typeorm';

/** The words of a search name (searchNameOf), all parts together. */
export function searchNameWords(searchName: string): string[] {
  return searchName
    .split(SEARCH_NAME_PARTS)
    .flatMap((part) => part.split(' '))
    .filter(Boolean);
}

/**
 * Takes words that left a person's name (erased or changed) out of matching's vocabulary, name_words,
 * unless someone else's name still has them: a rare surname kept there would say that someone of
 * that name was here. Run after the person's row is written, in the same transaction.
 */
export async function forgetNameWords(manager: EntityManager, words: string[]): Promise<void> {
  if (words.length === 0) return;
  await manager.query(
    `DELETE FROM name_words WHERE word = ANY($1::text[])
        AND NOT EXISTS (
          SELECT 1 FROM persons
           WHERE search_name LIKE '%' || name_words.word || '%'
             AND name_words.word = ANY(regexp_split_to_array(search_name, '[ |]+')))`,
    [[...new Set(words)]],
  );
}
