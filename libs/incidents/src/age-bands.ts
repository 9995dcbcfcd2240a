/** Age bands of victims recorded without a person record, and of de-identified exports. */
export const AGE_BANDS = ['0-4', '5-11', '12-17', '18-25', '26-59', '60+', 'unknown'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

const CHILD_AGE_BANDS: readonly AgeBand[] = ['0-4', '5-11', '12-17'];

export function isChild(ageBand: AgeBand): boolean {
  return CHILD_AGE_BANDS.includes(ageBand);
}

/** The band of an age in completed years. */
export function ageBandOf(ageInYears: number): Exclude<AgeBand, 'unknown'> {
  if (!Number.isInteger(ageInYears) || ageInYears < 0) throw new RangeError(`not an age: ${ageInYears}`);
  if (ageInYears <= 4) return '0-4';
  if (ageInYears <= 11) return '5-11';
  if (ageInYears <= 17) return '12-17';
  if (ageInYears <= 25) return '18-25';
  if (ageInYears <= 59) return '26-59';
  return '60+';
}
