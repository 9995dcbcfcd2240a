import { nameTokens } from './name-normalization';

export interface MatchQuery {
  givenNames: string;
  familyNames?: string;
  birthDate?: string;
  birthYear?: number;
  nationality?: string;
}

export interface MatchCandidate {
  givenNames: string;
  familyNames: string;
  aliases: string[];
  birthDate: string | null;
  estimatedBirthYear: number | null;
  nationality: string;
}

export type MatchReason =
  | 'name_exact'
  | 'name_similar'
  | 'surnames_swapped'
  | 'surname_missing'
  | 'alias_match'
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

/** Mean, over the tokens of `from`, of the best similarity with any token of `to`. */
function coverage(from: string[], to: string[]): number {
  if (from.length === 0) return to.length === 0 ? 1 : 0;
  if (to.length === 0) return 0;
  return from.reduce((sum, token) => sum + Math.max(...to.map((other) => jaroWinkler(token, other))), 0) / from.length;
}

/** Both ways, leaning on the query: a surname the query left out costs less than a wrong one. */
function tokenSimilarity(query: string[], candidate: string[]): number {
  return 0.75 * coverage(query, candidate) + 0.25 * coverage(candidate, query);
}

function nameScore(query: MatchQuery, candidate: MatchCandidate): { score: number; reasons: MatchReason[] } {
  const qGiven = nameTokens(query.givenNames);
  const qFamily = nameTokens(query.familyNames ?? '');
  const cGiven = nameTokens(candidate.givenNames);
  const cFamily = nameTokens(candidate.familyNames);
  const given = tokenSimilarity(qGiven, cGiven);
  const family = qFamily.length === 0 ? 0.6 : tokenSimilarity(qFamily, cFamily);
  let score = 0.45 * given + 0.55 * family;
  const reasons: MatchReason[] = [];

  const same = (a: string[], b: string[]) => a.length === b.length && a.every((token, i) => token === b[i]);
  const sameSet = (a: string[], b: string[]) => same([...a].sort(), [...b].sort());
  if (same(qGiven, cGiven) && same(qFamily, cFamily)) reasons.push('name_exact');
  else if (same(qGiven, cGiven) && qFamily.length > 1 && sameSet(qFamily, cFamily)) reasons.push('surnames_swapped');
  else if (
    qFamily.length !== cFamily.length &&
    coverage(qFamily.length < cFamily.length ? qFamily : cFamily, qFamily.length < cFamily.length ? cFamily : qFamily) >
      0.9
  ) {
    reasons.push('surname_missing');
  }

  for (const alias of candidate.aliases) {
    const aliasScore = 0.95 * tokenSimilarity([...qGiven, ...qFamily], nameTokens(alias));
    if (aliasScore > score) {
      score = aliasScore;
      reasons.push('alias_match');
    }
  }
  if (score >= 0.8 && !reasons.includes('name_exact')) reasons.push('name_similar');
  return { score, reasons };
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

/** How likely the candidate is the person described, in [0, 1], and why. */
export function scoreMatch(query: MatchQuery, candidate: MatchCandidate): MatchScore {
  const name = nameScore(query, candidate);
  const birth = birthScore(query, candidate);
  const nationality = nationalityScore(query, candidate);
  const score = 0.65 * name.score + 0.25 * birth.score + 0.1 * nationality.score;
  return {
    score: Math.round(Math.min(1, score) * 1000) / 1000,
    reasons: [...name.reasons, ...birth.reasons, ...nationality.reasons],
  };
}
