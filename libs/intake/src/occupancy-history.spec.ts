import { mondaysBetween } from './occupancy-history.service';

describe('mondaysBetween', () => {
  it('answers the Monday of each week touching the span, the first one before it if need be', () => {
    // 2026-12-02 is a Wednesday.
    expect(mondaysBetween('2026-12-02', '2026-12-02')).toEqual(['2026-11-30']);
    expect(mondaysBetween('2026-11-30', '2026-12-14')).toEqual(['2026-11-30', '2026-12-07', '2026-12-14']);
    expect(mondaysBetween('2026-12-27', '2027-01-04')).toEqual(['2026-12-21', '2026-12-28', '2027-01-04']);
  });

  it('counts 14 weeks in 90 days that begin on a Thursday', () => {
    expect(mondaysBetween('2026-09-03', '2026-12-01')).toHaveLength(14);
  });
});
