import { addCalendarDays, IsoDate, isoDate, Weekday, weekdayOf } from './iso-date';

const MONDAY: Weekday = 1;
const THURSDAY: Weekday = 4;
const FIRST_INAUGURATION_ON_1_OCTOBER = 2024;

/** The `nth` (1-based) given weekday of a month (1-12). */
function nthWeekdayOfMonth(year: number, month: number, weekday: Weekday, nth: number): IsoDate {
  const first = isoDate(year, month, 1);
  const toFirstWeekday = (weekday - weekdayOf(first) + 7) % 7;
  return addCalendarDays(first, toFirstWeekday + 7 * (nth - 1));
}

function lastWeekdayOfMonth(year: number, month: number, weekday: Weekday): IsoDate {
  const last = addCalendarDays(month === 12 ? isoDate(year + 1, 1, 1) : isoDate(year, month + 1, 1), -1);
  return addCalendarDays(last, -((weekdayOf(last) - weekday + 7) % 7));
}

/**
 * Mexico's mandatory rest days of Ley Federal del Trabajo art. 74, computed for any year under the
 * law in force (Monday holidays since 2006; the inauguration day on 1 October every six years from
 * 2024, which is why 2018 has none). They fall on their date even on a weekend: Mexico moves none.
 */
export function mexicanFederalHolidays(year: number): IsoDate[] {
  const inauguration =
    year >= FIRST_INAUGURATION_ON_1_OCTOBER && (year - FIRST_INAUGURATION_ON_1_OCTOBER) % 6 === 0
      ? [isoDate(year, 10, 1)]
      : [];
  return [
    isoDate(year, 1, 1),
    nthWeekdayOfMonth(year, 2, MONDAY, 1), // for 5 February, Constitution Day
    nthWeekdayOfMonth(year, 3, MONDAY, 3), // for 21 March, Benito Juárez
    isoDate(year, 5, 1),
    isoDate(year, 9, 16),
    ...inauguration,
    nthWeekdayOfMonth(year, 11, MONDAY, 3), // for 20 November, the Revolution
    isoDate(year, 12, 25),
  ];
}

/** A US holiday on a Saturday is observed the Friday before, on a Sunday the Monday after (5 U.S.C. 6103(b)). */
function observed(date: IsoDate): IsoDate {
  const weekday = weekdayOf(date);
  return weekday === 6 ? addCalendarDays(date, -1) : weekday === 0 ? addCalendarDays(date, 1) : date;
}

/**
 * The days US federal offices and immigration courts close in `year` (5 U.S.C. 6103), as observed.
 * New Year's Day on a Saturday is observed on 31 December, so that day belongs to the year before.
 * Juneteenth exists from 2021.
 */
export function usFederalHolidays(year: number): IsoDate[] {
  const holidays = [
    observed(isoDate(year, 1, 1)),
    nthWeekdayOfMonth(year, 1, MONDAY, 3), // Martin Luther King Jr. Day
    nthWeekdayOfMonth(year, 2, MONDAY, 3), // Washington's Birthday
    lastWeekdayOfMonth(year, 5, MONDAY), // Memorial Day
    ...(year >= 2021 ? [observed(isoDate(year, 6, 19))] : []), // Juneteenth
    observed(isoDate(year, 7, 4)),
    nthWeekdayOfMonth(year, 9, MONDAY, 1), // Labor Day
    nthWeekdayOfMonth(year, 10, MONDAY, 2), // Columbus Day
    observed(isoDate(year, 11, 11)), // Veterans Day
    nthWeekdayOfMonth(year, 11, THURSDAY, 4), // Thanksgiving
    observed(isoDate(year, 12, 25)),
    observed(isoDate(year + 1, 1, 1)),
  ];
  return holidays.filter((date) => date.startsWith(`${String(year).padStart(4, '0')}-`));
}
