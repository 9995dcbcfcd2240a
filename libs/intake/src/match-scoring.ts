import { nameTokens } from '@albergue/platform';

export interface MatchQuery {
  givenNames: string;
  familyNames?: string;
  /** female, male, intersex or unknown: a female query never suggests a male record, nor the reverse. */
  sex?: string;
  birthDate?: string;
  birthYear?: number;
  nationality?: string;
}

export interface MatchCandidate {
  givenNames: string;
  familyNames: string;
  aliases: string[];
  sex?: string;
  birthDate: string | null;
  estimatedBirthYear: number | null;
  nationality: string;
}

export type MatchReason =
  | 'name_exact'
  | 'name_similar'
  | 'surnames_swapped'
  | 'surname_missing'
  | 'given_name_missing'
  | 'names_in_other_fields'
  | 'alias_match'
  | 'sex_match'
  | 'birth_date_exact'
  | 'birth_year_exact'
  | 'birth_year_close'
  | 'estimated_birth_year'
  | 'nationality_match';

export interface MatchScore {
  score: number;
  reasons: MatchReason[];
}

/** Jaro-Winkler similarity in [0, 1]: forgiving of a typo or two in a name. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (!a || !b) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Array<boolean>(a.length).fill(false);
  const bMatched = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i += 1) {
    for (let j = Math.max(0, i - window); j < Math.min(b.length, i + window + 1); j += 1) {
      if (!bMatched[j] && a[i] === b[j]) {
        aMatched[i] = bMatched[j] = true;
        matches += 1;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  for (let i = 0, j = 0; i < a.length; i += 1) {
    if (!aMatched[i]) continue;
    while (!bMatched[j]) j += 1;
    if (a[i] !== b[j]) transpositions += 1;
    j += 1;
  }
  const jaro = (matches / a.length + matches / b.length + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && a[prefix] === b[prefix]) prefix += 1;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/**
 * Typing errors between two words: insertions, deletions, substitutions and transpositions of two
 * neighbouring letters (optimal string alignment distance).
 */
export function typingErrors(a: string, b: string): number {
  let before = Array.from({ length: b.length + 1 }, (_, j) => j);
  let previous = before;
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        current[j] = Math.min(current[j], before[j - 2] + 1);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length];
}

/**
 * Two name tokens are taken for the same name from this Jaro-Winkler similarity up, and within two
 * typing errors of each other: Jaro-Winkler alone takes Ana for Anabel and Martel for Martínez.
 */
const SAME_TOKEN = 0.84;
const TYPOS = 2;
/** Below that, down to this (still within two typos), only when the surnames agree in full: two typos in a short given name. */
const MISSPELT_TOKEN = 0.7;

function tokenSimilarity(a: string, b: string, threshold: number): number {
  const similarity = jaroWinkler(a, b);
  if (similarity < threshold) return 0;
  return typingErrors(a, b) <= TYPOS ? similarity : 0;
}

/**
 * How similar two name words are when scoring takes them for the same word (Jaro-Winkler, at least
 * SAME_TOKEN, within two typing errors), else 0: matching widens a typed word to the recorded words
 * this holds for.
 */
export function sameWordSimilarity(a: string, b: string): number {
  return tokenSimilarity(a, b, SAME_TOKEN);
}

/**
 * Pairs the tokens of two names one to one, the most similar pairs first, keeping only pairs close
 * enough to be the same name; each side gets, per token, the similarity of its pair or 0.
 */
function pairTokens(a: string[], b: string[], threshold: number): { fromA: number[]; fromB: number[] } {
  const pairs = a.flatMap((x, i) => b.map((y, j) => ({ i, j, similarity: tokenSimilarity(x, y, threshold) })));
  pairs.sort((p, q) => q.similarity - p.similarity);
  const fromA = a.map(() => 0);
  const fromB = b.map(() => 0);
  for (const { i, j, similarity } of pairs) {
    if (similarity === 0) break;
    if (fromA[i] > 0 || fromB[j] > 0) continue;
    fromA[i] = similarity;
    fromB[j] = similarity;
  }
  return { fromA, fromB };
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

interface PartMatch {
  /** In [0, 1]: leans on the query's tokens, so a name the query left out costs less than a wrong one. */
  score: number;
  /** Every token of the shorter side is one of the longer side's (a typo allowed): the part resembles. */
  resembles: boolean;
  /** The same tokens in the same order. */
  exact: boolean;
  /** The same tokens in another order. */
  reordered: boolean;
  /** One side has fewer tokens, all found in the other. */
  shorter: boolean;
}

const NO_PART: PartMatch = { score: 0, resembles: false, exact: false, reordered: false, shorter: false };

/** Compares one part of a name (given names, or surnames) token by token, in any order. */
function comparePart(query: string[], candidate: string[], threshold = SAME_TOKEN): PartMatch {
  if (query.length === 0 || candidate.length === 0) return NO_PART;
  const { fromA: fromQuery, fromB: fromCandidate } = pairTokens(query, candidate, threshold);
  const shorterSide = query.length <= candidate.length ? fromQuery : fromCandidate;
  const exact = query.length === candidate.length && query.every((token, i) => token === candidate[i]);
  const sameSet = query.length === candidate.length && [...query].sort().join(' ') === [...candidate].sort().join(' ');
  return {
    score: 0.7 * mean(fromQuery) + 0.3 * mean(fromCandidate),
    resembles: shorterSide.every((similarity) => similarity > 0),
    exact,
    reordered: sameSet && !exact,
    shorter: query.length !== candidate.length,
  };
}

interface NameMatch {
  score: number;
  reasons: MatchReason[];
}

/**
 * Given names against given names and surnames against surnames. Both parts must resemble (every
 * token of the shorter side found in the other, a typo or two allowed): a shared birth year and
 * nationality with unrelated names is no match at all. Null when the names do not resemble.
 */
function compareNames(qGiven: string[], qFamily: string[], cGiven: string[], cFamily: string[]): NameMatch | null {
  let given = comparePart(qGiven, cGiven);
  if (!given.resembles) {
    const family = comparePart(qFamily, cFamily);
    if (!(family.exact || family.reordered) || qFamily.length < 2) return null;
    given = comparePart(qGiven, cGiven, MISSPELT_TOKEN);
    if (!given.resembles || given.shorter) return null;
  }
  const reasons: MatchReason[] = [];
  let familyScore: number;
  if (qFamily.length === 0 || cFamily.length === 0) {
    // One side has no surnames: the given names alone, and only when they are the same.
    if (!given.exact && !given.reordered) return null;
    familyScore = 0.5;
    reasons.push('surname_missing');
  } else {
    const family = comparePart(qFamily, cFamily);
    // Names missing on both sides leave one shared given name and one shared surname: common by chance.
    if (!family.resembles || (given.shorter && family.shorter)) return null;
    familyScore = family.score;
    if (family.reordered) reasons.push('surnames_swapped');
    if (family.shorter) reasons.push('surname_missing');
    if (given.exact && family.exact) reasons.push('name_exact');
  }
  if (given.shorter) reasons.push('given_name_missing');
  if (!reasons.includes('name_exact')) reasons.push('name_similar');
  return { score: 0.45 * given.score + 0.55 * familyScore, reasons };
}

function nameScore(query: MatchQuery, candidate: MatchCandidate): NameMatch | null {
  const qGiven = nameTokens(query.givenNames);
  const qFamily = nameTokens(query.familyNames ?? '');
  const cGiven = nameTokens(candidate.givenNames);
  const cFamily = nameTokens(candidate.familyNames);
  let best = compareNames(qGiven, qFamily, cGiven, cFamily);

  // Surnames written as given names and the reverse, as some desks do.
  const crossed = qFamily.length > 0 ? compareNames(qFamily, qGiven, cGiven, cFamily) : null;
  if (crossed && 0.95 * crossed.score > (best?.score ?? 0)) {
    best = { score: 0.95 * crossed.score, reasons: ['names_in_other_fields', ...crossed.reasons] };
  }
  for (const alias of candidate.aliases) {
    const aliasTokens = nameTokens(alias);
    const match = comparePart([...qGiven, ...qFamily], aliasTokens);
    // An alias is one name: all of it must be there, not just a shared word.
    if (!match.resembles || match.score < 0.9) continue;
    if (0.95 * match.score > (best?.score ?? 0)) best = { score: 0.95 * match.score, reasons: ['alias_match'] };
  }
  return best;
}

function birthScore(query: MatchQuery, candidate: MatchCandidate): { score: number; reasons: MatchReason[] } {
  const queryYear = query.birthDate ? Number(query.birthDate.slice(0, 4)) : query.birthYear;
  const candidateYear = candidate.birthDate ? Number(candidate.birthDate.slice(0, 4)) : candidate.estimatedBirthYear;
  if (queryYear === undefined || candidateYear === null) return { score: 0.5, reasons: [] };
  if (query.birthDate && candidate.birthDate === query.birthDate) return { score: 1, reasons: ['birth_date_exact'] };
  const estimated: MatchReason[] = query.birthDate && candidate.birthDate ? [] : ['estimated_birth_year'];
  const difference = Math.abs(queryYear - candidateYear);
  if (difference === 0) return { score: 0.85, reasons: ['birth_year_exact', ...estimated] };
  if (difference === 1) return { score: 0.6, reasons: ['birth_year_close', ...estimated] };
  if (difference === 2) return { score: 0.3, reasons: ['birth_year_close', ...estimated] };
  return { score: 0, reasons: [] };
}

function nationalityScore(query: MatchQuery, candidate: MatchCandidate): { score: number; reasons: MatchReason[] } {
  if (!query.nationality || query.nationality === 'XX' || candidate.nationality === 'XX')
    return { score: 0.5, reasons: [] };
  return query.nationality === candidate.nationality
    ? { score: 1, reasons: ['nationality_match'] }
    : { score: 0, reasons: [] };
}

const KNOWN_SEXES = ['female', 'male'];

/** A woman is never suggested as the earlier record of a man, nor the reverse; intersex and unknown never conflict. */
function sexConflicts(query: MatchQuery, candidate: MatchCandidate): boolean {
  return (
    query.sex !== undefined &&
    candidate.sex !== undefined &&
    KNOWN_SEXES.includes(query.sex) &&
    KNOWN_SEXES.includes(candidate.sex) &&
    query.sex !== candidate.sex
  );
}

/**
 * How likely the candidate is the person described, in [0, 1], and why. A candidate whose names do
 * not resemble the query's, or of the other sex, scores 0 with no reasons, whatever else agrees.
 */
export function scoreMatch(query: MatchQuery, candidate: MatchCandidate): MatchScore {
  const name = sexConflicts(query, candidate) ? null : nameScore(query, candidate);
  if (!name) return { score: 0, reasons: [] };
  const birth = birthScore(query, candidate);
  // A name with a part missing is common by chance; with a birth year two off it is no evidence.
  const partial = name.reasons.includes('surname_missing') || name.reasons.includes('given_name_missing');
  if (partial && birth.score < 0.5) return { score: 0, reasons: [] };
  const nationality = nationalityScore(query, candidate);
  const sex: MatchReason[] =
    query.sex !== undefined && query.sex === candidate.sex && KNOWN_SEXES.includes(query.sex) ? ['sex_match'] : [];
  const score = 0.65 * name.score + 0.25 * birth.score + 0.1 * nationality.score;
  return {
    score: Math.round(Math.min(1, score) * 1000) / 1000,
    reasons: [...name.reasons, ...birth.reasons, ...nationality.reasons, ...sex],
  };
}
