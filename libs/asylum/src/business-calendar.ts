import type { Jurisdiction } from './asylum-vocabulary';
import { mexicanFederalHolidays, usFederalHolidays } from './federal-holidays';
import { addCalendarDays, assertIsoDate, IsoDate, weekdayOf } from './iso-date';

export type CalendarCountry = 'MX' | 'US';

/** Whose business days count the deadlines of a jurisdiction. */
export function calendarCountryOf(jurisdiction: Jurisdiction): CalendarCountry {
  return jurisdiction === 'MX_COMAR' ? 'MX' : 'US';
}

/** A day COMAR published as closed, and the offices it closed (none named: every office). */
export interface Closure {
  date: IsoDate;
  offices: readonly string[];
}

/** An office name reduced to its words: accents, case and punctuation do not count. */
function officeWords(office: string): string {
  const words = office
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return ` ${words} `;
}

/**
 * The closure days that count for an application at `office` (as the lawyer wrote it): those of
 * every office, and those naming an office whose words appear in it ("Palenque" closes "COMAR
 * Palenque, Chiapas"). An application with no office only gets the closures of every office: a
 * closure that may not apply must never move a deadline later.
 */
export function closureDatesFor(closures: readonly Closure[], office: string | null): IsoDate[] {
  const at = office === null ? null : officeWords(office);
  const covers = (closure: Closure) =>
    closure.offices.length === 0 || (at !== null && closure.offices.some((named) => at.includes(officeWords(named))));
  return closures.filter(covers).map((closure) => closure.date);
}

/**
 * The business days of one country: Monday to Friday, minus its federal holidays and the closure
 * days its agency published (COMAR closes for holy week or winter, and an admin enters those
 * days). A closure only removes business days, so it can only move a due date later.
 */
export class BusinessCalendar {
  private readonly closures: ReadonlySet<IsoDate>;
  private readonly holidaysByYear = new Map<number, ReadonlySet<IsoDate>>();

  private constructor(
    readonly country: CalendarCountry,
    private readonly holidaysOf: (year: number) => IsoDate[],
    closures: Iterable<IsoDate>,
  ) {
    const closureList = [...closures];
    closureList.forEach((date, index) => assertIsoDate(date, `closures[${index}]`));
    this.closures = new Set(closureList);
  }

  /** Mexico: LFT art. 74 holidays plus the closure days COMAR published. */
  static mexico(closures: Iterable<IsoDate> = []): BusinessCalendar {
    return new BusinessCalendar('MX', mexicanFederalHolidays, closures);
  }

  /** The United States: observed federal holidays, the days USCIS and the immigration courts close. */
  static unitedStates(): BusinessCalendar {
    return new BusinessCalendar('US', usFederalHolidays, []);
  }

  /** The calendar of a jurisdiction; `mexicanClosures` apply to MX_COMAR only. */
  static of(jurisdiction: Jurisdiction, mexicanClosures: Iterable<IsoDate> = []): BusinessCalendar {
    return calendarCountryOf(jurisdiction) === 'MX'
      ? BusinessCalendar.mexico(mexicanClosures)
      : BusinessCalendar.unitedStates();
  }

  isBusinessDay(date: IsoDate): boolean {
    const weekday = weekdayOf(date);
    return weekday !== 0 && weekday !== 6 && !this.closures.has(date) && !this.holidaysIn(+date.slice(0, 4)).has(date);
  }

  /**
   * The `businessDays`-th business day counted from the first business day strictly after
   * `start`: a term "contado a partir del día hábil siguiente". `businessDays` is at least 1.
   */
  addBusinessDays(start: IsoDate, businessDays: number): IsoDate {
    if (!Number.isInteger(businessDays) || businessDays < 1) {
      throw new RangeError(`businessDays must be a whole number of at least 1, got ${businessDays}`);
    }
    assertIsoDate(start, 'start');
    let date = start;
    for (let counted = 0; counted < businessDays;) {
      date = addCalendarDays(date, 1);
      if (this.isBusinessDay(date)) counted += 1;
    }
    return date;
  }

  /** `date` itself when it is a business day, else the next business day. */
  rollForward(date: IsoDate): IsoDate {
    let rolled = date;
    while (!this.isBusinessDay(rolled)) rolled = addCalendarDays(rolled, 1);
    return rolled;
  }

  private holidaysIn(year: number): ReadonlySet<IsoDate> {
    let holidays = this.holidaysByYear.get(year);
    if (!holidays) {
      holidays = new Set(this.holidaysOf(year));
      this.holidaysByYear.set(year, holidays);
    }
    return holidays;
  }
}
