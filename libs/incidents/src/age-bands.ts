/** Age bands of victims recorded without a person record, and of de-identified exports. */
export const AGE_BANDS = ['0-4', '5-11', '12-17', '18-25', '26-59', '60+', 'unknown'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** Wider bands, for de-identified rows that must be generalized (k-anonymity): children and adults. */
export const WIDE_AGE_BANDS = ['0-17', '18+', 'unknown'] as const;
export type WideAgeBand = (typeof WIDE_AGE_BANDS)[number];

const CHILD_AGE_BANDS: readonly AgeBand[] = ['0-4', '5-11', '12-17'];

/** Each band but the last with its oldest age in completed years. */
const BAND_UPPER_AGES: readonly [Exclude<AgeBand, 'unknown'>, number][] = [
  ['0-4', 4],
  ['5-11', 11],
  ['12-17', 17],
  ['18-25', 25],
  ['26-59', 59],
];
const OLDEST_BAND = '60+';

export function isChild(ageBand: AgeBand): boolean {
  return CHILD_AGE_BANDS.includes(ageBand);
}

/** The band of an age in completed years. `ageBandSql` is the same rule in SQL. */
export function ageBandOf(ageInYears: number): Exclude<AgeBand, 'unknown'> {
  if (!Number.isInteger(ageInYears) || ageInYears < 0) throw new RangeError(`not an age: ${ageInYears}`);
  return BAND_UPPER_AGES.find(([, upper]) => ageInYears <= upper)?.[0] ?? OLDEST_BAND;
}

/** `ageBandOf` as a SQL expression over an integer expression; NULL stays NULL. */
export function ageBandSql(ageInYears: string): string {
  const whens = BAND_UPPER_AGES.map(([band, upper]) => ` WHEN ${ageInYears} <= ${upper} THEN '${band}'`).join('');
  return `(CASE WHEN ${ageInYears} IS NULL THEN NULL${whens} ELSE '${OLDEST_BAND}' END)`;
}

/** The wider band of a band, as a SQL expression over a band expression. */
export function wideAgeBandSql(ageBand: string): string {
  const children = CHILD_AGE_BANDS.map((band) => `'${band}'`).join(', ');
  return `(CASE WHEN ${ageBand} = 'unknown' THEN 'unknown' WHEN ${ageBand} IN (${children}) THEN '0-17' ELSE '18+' END)`;
}
