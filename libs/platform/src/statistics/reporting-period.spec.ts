import { PeriodNotPublishable, reportingPeriodOf } from './reporting-period';

describe('reportingPeriodOf', () => {
  it.each([
    ['2026-03-01', '2026-03-31', 'month'],
    ['2024-02-01', '2024-02-29', 'month'],
    ['2026-02-01', '2026-02-28', 'month'],
    ['2026-04-01', '2026-06-30', 'quarter'],
    ['2026-10-01', '2026-12-31', 'quarter'],
    ['2026-07-01', '2026-12-31', 'half'],
    ['2026-01-01', '2026-12-31', 'year'],
  ])('takes %s to %s as a %s', (from, to, kind) => {
    expect(reportingPeriodOf(from, to)).toBe(kind);
  });

  it.each([
    ['2026-03-02', '2026-03-31', 'from'],
    ['2026-03-01', '2026-03-30', 'to'],
    ['2026-02-01', '2026-03-31', 'to'],
    ['2026-02-01', '2026-04-30', 'to'],
    ['2026-02-01', '2027-01-31', 'to'],
    ['2026-04-01', '2026-09-30', 'to'],
    ['2026-01-01', '2026-05-31', 'to'],
    ['2026-03-01', '2026-04-01', 'to'],
  ])('refuses %s to %s, naming %s', (from, to, field) => {
    let error: unknown;
    try {
      reportingPeriodOf(from, to);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(PeriodNotPublishable);
    expect((error as PeriodNotPublishable).errors.map((e) => e.field)).toEqual([field]);
  });
});
