import { mexicanFederalHolidays, usFederalHolidays } from './federal-holidays';

describe('mexicanFederalHolidays', () => {
  it.each([
    [
      2024,
      ['2024-01-01', '2024-02-05', '2024-03-18', '2024-05-01', '2024-09-16', '2024-10-01', '2024-11-18', '2024-12-25'],
    ],
    [2025, ['2025-01-01', '2025-02-03', '2025-03-17', '2025-05-01', '2025-09-16', '2025-11-17', '2025-12-25']],
    [2026, ['2026-01-01', '2026-02-02', '2026-03-16', '2026-05-01', '2026-09-16', '2026-11-16', '2026-12-25']],
    [2027, ['2027-01-01', '2027-02-01', '2027-03-15', '2027-05-01', '2027-09-16', '2027-11-15', '2027-12-25']],
    [
      2030,
      ['2030-01-01', '2030-02-04', '2030-03-18', '2030-05-01', '2030-09-16', '2030-10-01', '2030-11-18', '2030-12-25'],
    ],
  ])('lists the LFT art. 74 rest days of %i', (year, expected) => {
    expect([...mexicanFederalHolidays(year)].sort()).toEqual(expected);
  });

  it.each([
    [2018, false],
    [2024, true],
    [2025, false],
    [2030, true],
    [2031, false],
    [2036, true],
    [2042, true],
  ])('in %i, 1 October (the inauguration, every six years from 2024) is a holiday: %s', (year, expected) => {
    expect(mexicanFederalHolidays(year).includes(`${year}-10-01`)).toBe(expected);
  });
});

describe('usFederalHolidays', () => {
  it('lists 2026 as observed: Independence Day on a Saturday moves to Friday 3 July', () => {
    expect(usFederalHolidays(2026)).toEqual([
      '2026-01-01',
      '2026-01-19',
      '2026-02-16',
      '2026-05-25',
      '2026-06-19',
      '2026-07-03',
      '2026-09-07',
      '2026-10-12',
      '2026-11-11',
      '2026-11-26',
      '2026-12-25',
    ]);
  });

  it('moves Saturday holidays to Friday and Sunday ones to Monday (2021), including next New Year on 31 December', () => {
    expect(usFederalHolidays(2021)).toEqual([
      '2021-01-01',
      '2021-01-18',
      '2021-02-15',
      '2021-05-31',
      '2021-06-18',
      '2021-07-05',
      '2021-09-06',
      '2021-10-11',
      '2021-11-11',
      '2021-11-25',
      '2021-12-24',
      '2021-12-31',
    ]);
  });

  it('leaves out a New Year observed in the year before (2022) and moves Sunday Juneteenth and Christmas to Monday', () => {
    expect(usFederalHolidays(2022)).toEqual([
      '2022-01-17',
      '2022-02-21',
      '2022-05-30',
      '2022-06-20',
      '2022-07-04',
      '2022-09-05',
      '2022-10-10',
      '2022-11-11',
      '2022-11-24',
      '2022-12-26',
    ]);
  });

  it('has no Juneteenth before 2021', () => {
    expect(usFederalHolidays(2020)).not.toContain('2020-06-19');
    expect(usFederalHolidays(2020)).toHaveLength(10);
  });
});
