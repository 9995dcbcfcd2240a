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

/** The folded text that name search and matching compare: given names, surnames and aliases. */
export function searchNameOf(person: { givenNames: string; familyNames: string; aliases?: string[] }): string {
  return [person.givenNames, person.familyNames, ...(person.aliases ?? [])].map(foldName).filter(Boolean).join(' ');
}

/** Digits only, with a leading + kept: "+52 (916) 123-4567" and "+529161234567" are the same number. */
export function normalizePhone(phone: string): string {
  const trimmed = phone.trim();
  return (trimmed.startsWith('+') ? '+' : '') + trimmed.replace(/\D/g, '');
}
