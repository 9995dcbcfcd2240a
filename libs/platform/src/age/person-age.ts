/** Under this many completed years a person is a child (niña, niño o adolescente). */
export const AGE_OF_MAJORITY = 18;

/** What is known of a person's birth: the date, or only a year someone estimated. */
export interface BirthFacts {
  birthDate?: string | null;
  estimatedBirthYear?: number | null;
}

/** A person's age on a day, and whether it rests on an estimated birth year. */
export interface PersonAge {
  years: number;
  estimated: boolean;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dateParts(isoDate: string): [number, number, number] {
  const match = ISO_DATE.exec(isoDate);
  if (!match) throw new RangeError(`not an ISO date: ${isoDate}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/**
 * Completed years between two ISO dates, by the calendar: someone born on 29 February turns a
 * year older on 1 March in common years. Never below 0 (a day before the birth counts as 0).
 */
export function completedYears(birthDate: string, onDate: string): number {
  const [birthYear, birthMonth, birthDay] = dateParts(birthDate);
  const [year, month, day] = dateParts(onDate);
  const birthdayPassed = month > birthMonth || (month === birthMonth && day >= birthDay);
  return Math.max(0, year - birthYear - (birthdayPassed ? 0 : 1));
}

/**
 * The one rule for a person's age on a day (ISO date): exact from the birth date; from an
 * estimated year, the youngest age the person can have, as if born on 31 December of that year,
 * because the law presumes a minor while there is doubt (Ley General de los Derechos de Niñas,
 * Niños y Adolescentes, art. 5). Born "about 2008", a person is 17 until 30 December 2026 and 18
 * on 31 December 2026. Null when nothing is known. `ageInYearsSql` is the same rule in SQL.
 */
export function personAgeOn(person: BirthFacts, onDate: string): PersonAge | null {
  if (person.birthDate) return { years: completedYears(person.birthDate, onDate), estimated: false };
  if (person.estimatedBirthYear != null) {
    return { years: completedYears(`${person.estimatedBirthYear}-12-31`, onDate), estimated: true };
  }
  return null;
}

/** True when the person is (presumed) under 18 on that day; false when an adult or unknown. */
export function isMinorOn(person: BirthFacts, onDate: string): boolean {
  const age = personAgeOn(person, onDate);
  return age !== null && age.years < AGE_OF_MAJORITY;
}

/** True when the person is surely 18 or more on that day. */
export function isAdultOn(person: BirthFacts, onDate: string): boolean {
  const age = personAgeOn(person, onDate);
  return age !== null && age.years >= AGE_OF_MAJORITY;
}

/**
 * `personAgeOn` as a SQL expression (an integer, NULL when nothing is known), for queries that
 * count or band by age. Arguments are SQL expressions: a date column, an integer column and a
 * date. The comparison of 'MM-DD' strings is the same calendar rule as completedYears.
 */
export function ageInYearsSql(birthDate: string, estimatedBirthYear: string, onDate: string): string {
  const years = (birth: string) =>
    `GREATEST(0, extract(year FROM ${onDate})::int - extract(year FROM ${birth})::int` +
    ` - CASE WHEN to_char(${onDate}, 'MM-DD') < to_char(${birth}, 'MM-DD') THEN 1 ELSE 0 END)`;
  return (
    `(CASE WHEN ${birthDate} IS NOT NULL THEN ${years(birthDate)}` +
    ` WHEN ${estimatedBirthYear} IS NOT NULL THEN GREATEST(0, extract(year FROM ${onDate})::int - ${estimatedBirthYear}` +
    ` - CASE WHEN to_char(${onDate}, 'MM-DD') < '12-31' THEN 1 ELSE 0 END) END)`
  );
}

/** Today's date in central Mexico, as SQL: where the shelters are, whatever the session's time zone. */
export const MEXICO_CITY_TODAY_SQL = "(now() AT TIME ZONE 'America/Mexico_City')::date";
