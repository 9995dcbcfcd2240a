import { InvalidDate } from './asylum.errors';

/**
 * A calendar day written `YYYY-MM-DD`, with no time and no time zone: a deadline is a day in the
 * law, not an instant. Two of them compare correctly as strings.
 */
export type IsoDate = string;

/** 0 = Sunday ... 6 = Saturday, as in `Date.getUTCDay`. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

// The arithmetic runs on whole days since 1970-01-01 in UTC, where every day lasts 24 hours.
function dayNumberOf(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, keeps years 0-99 as written
  return Math.round(date.getTime() / MS_PER_DAY);
}

function dateOfDayNumber(dayNumber: number): IsoDate {
  const date = new Date(dayNumber * MS_PER_DAY);
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

/** True for a day that exists, written `YYYY-MM-DD` (so `2026-02-30` is not one). */
export function isIsoDate(value: unknown): value is IsoDate {
  const match = typeof value === 'string' ? ISO_DATE_PATTERN.exec(value) : null;
  return match !== null && dateOfDayNumber(dayNumberOf(+match[1], +match[2], +match[3])) === value;
}

/** Throws InvalidDate naming `field` unless `value` is an IsoDate. */
export function assertIsoDate(value: unknown, field: string): asserts value is IsoDate {
  if (!isIsoDate(value)) throw new InvalidDate(field, value);
}

function toDayNumber(date: IsoDate): number {
  assertIsoDate(date, 'date');
  return dayNumberOf(+date.slice(0, 4), +date.slice(5, 7), +date.slice(8, 10));
}

/** The date of a year, month (1-12) and day of month. */
export function isoDate(year: number, month: number, day: number): IsoDate {
  const date = dateOfDayNumber(dayNumberOf(year, month, day));
  if (+date.slice(5, 7) !== month) throw new RangeError(`${year}-${month}-${day} is not a day`);
  return date;
}

export function weekdayOf(date: IsoDate): Weekday {
  return new Date(toDayNumber(date) * MS_PER_DAY).getUTCDay() as Weekday;
}

export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  return dateOfDayNumber(toDayNumber(date) + days);
}

/** Same day and month `years` later; 29 February becomes 28 February in a common year. */
export function addYears(date: IsoDate, years: number): IsoDate {
  assertIsoDate(date, 'date');
  const [year, month, day] = [+date.slice(0, 4), +date.slice(5, 7), +date.slice(8, 10)];
  const lastDayOfMonth = +dateOfDayNumber(dayNumberOf(year + years, month + 1, 0)).slice(8, 10);
  return isoDate(year + years, month, Math.min(day, lastDayOfMonth));
}

/** Whole days from `from` to `to`, negative when `to` comes first. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}
