import { DomainError } from '../errors/domain.error';

/**
 * Published counts cover one whole calendar month, quarter, half-year or year, never any other
 * span: two tables over overlapping free periods (1-31 March and 2-31 March) differ by a day, and
 * that difference can single out one incident that each table on its own protects. Fixed periods
 * nest (months in quarters in halves in years) instead of sliding past each other.
 */
export type ReportingPeriodKind = 'month' | 'quarter' | 'half' | 'year';

export class PeriodNotPublishable extends DomainError {
  constructor(field: 'from' | 'to', message: string) {
    super(
      'rule_broken',
      'period_not_publishable',
      {
        es: 'Las cifras publicadas cubren un mes, un trimestre, un semestre o un año naturales completos.',
        en: 'Published counts cover one whole calendar month, quarter, half-year or year.',
      },
      [{ field, message }],
    );
  }
}

/** The last day of the month `months - 1` months after the month of `first` (YYYY-MM-01). */
function lastDayAfter(first: string, months: number): string {
  const [year, month] = [Number(first.slice(0, 4)), Number(first.slice(5, 7))];
  // Day 0 of the following month is the last day of this one.
  return new Date(Date.UTC(year, month - 1 + months, 0)).toISOString().slice(0, 10);
}

/**
 * The kind of period [from, to] (calendar dates, from <= to) is, or PeriodNotPublishable naming
 * `from` (not the first day of a month) or `to` (not the last day of the month, quarter, half-year
 * or year that `from` begins).
 */
export function reportingPeriodOf(from: string, to: string): ReportingPeriodKind {
  if (from.slice(8) !== '01') throw new PeriodNotPublishable('from', 'from must be the first day of a month');
  const month = Number(from.slice(5, 7));
  if (to === lastDayAfter(from, 1)) return 'month';
  if (month % 3 === 1 && to === lastDayAfter(from, 3)) return 'quarter';
  if (month % 6 === 1 && to === lastDayAfter(from, 6)) return 'half';
  if (month === 1 && to === lastDayAfter(from, 12)) return 'year';
  throw new PeriodNotPublishable(
    'to',
    'to must be the last day of the month, calendar quarter, half-year or year that from begins',
  );
}
