/** Folds a name for comparison: no accents (José = Jose, Peña = Pena), lower case, letters only. */
export function foldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}]+/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

export function nameTokens(name: string): string[] {
  const folded = foldName(name);
  return folded ? folded.split(' ') : [];
}

/** What separates the parts of a search name: no letter, so trigram search reads across it as a space. */
export const SEARCH_NAME_PARTS = ' | ';

/**
 * The folded text that name search and matching compare: given names, surnames and each alias, in
 * that order, as parts (SEARCH_NAME_PARTS between them, a missing surname an empty part), so that
 * matching's keys (person_match_keys, in SQL) can tell given names from surnames.
 */
export function searchNameOf(person: { givenNames: string; familyNames: string; aliases?: string[] }): string {
  const parts = [person.givenNames, person.familyNames, ...(person.aliases ?? [])].map(foldName);
  return parts.some(Boolean) ? parts.join(SEARCH_NAME_PARTS) : '';
}

/** Digits only, with a leading + kept: "+52 (916) 123-4567" and "+529161234567" are the same number. */
export function normalizePhone(phone: string): string {
  const trimmed = phone.trim();
  return (trimmed.startsWith('+') ? '+' : '') + trimmed.replace(/\D/g, '');
}
