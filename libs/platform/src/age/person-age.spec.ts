import { completedYears, isAdultOn, isMinorOn, personAgeOn } from './person-age';

describe('personAgeOn', () => {
  it.each([
    ['2008-03-14', '2026-03-13', 17],
    ['2008-03-14', '2026-03-14', 18],
    ['2008-12-31', '2026-12-30', 17],
    ['2008-02-29', '2026-02-28', 17],
    ['2008-02-29', '2026-03-01', 18],
    ['2025-05-01', '2025-05-01', 0],
    ['2025-05-01', '2025-04-30', 0],
  ])('born %s, on %s is exactly %i', (birthDate, onDate, years) => {
    expect(personAgeOn({ birthDate }, onDate)).toEqual({ years, estimated: false });
  });

  it.each([
    // Born "about 2008": youngest possible is born 31 December 2008.
    [2008, '2026-01-01', 17],
    [2008, '2026-03-14', 17],
    [2008, '2026-12-30', 17],
    [2008, '2026-12-31', 18],
    [2008, '2027-01-01', 18],
    [2007, '2026-03-14', 18],
    [2026, '2026-06-01', 0],
    [2026, '2026-12-31', 0],
    [2025, '2026-12-31', 1],
    [2027, '2026-06-01', 0],
  ])('estimated %i, on %s is at youngest %i', (estimatedBirthYear, onDate, years) => {
    expect(personAgeOn({ estimatedBirthYear }, onDate)).toEqual({ years, estimated: true });
  });

  it('prefers the birth date to an estimated year', () => {
    expect(personAgeOn({ birthDate: '2008-01-10', estimatedBirthYear: 2008 }, '2026-03-14')).toEqual({
      years: 18,
      estimated: false,
    });
  });

  it('knows nothing without a birth date or year', () => {
    expect(personAgeOn({}, '2026-03-14')).toBeNull();
    expect(personAgeOn({ birthDate: null, estimatedBirthYear: null }, '2026-03-14')).toBeNull();
    expect(isMinorOn({}, '2026-03-14')).toBe(false);
    expect(isAdultOn({}, '2026-03-14')).toBe(false);
  });

  it('presumes a minor while an estimated year leaves it in doubt (LGDNNA art. 5)', () => {
    expect(isMinorOn({ estimatedBirthYear: 2008 }, '2026-03-14')).toBe(true);
    expect(isAdultOn({ estimatedBirthYear: 2008 }, '2026-03-14')).toBe(false);
    expect(isAdultOn({ estimatedBirthYear: 2007 }, '2026-03-14')).toBe(true);
  });

  it('refuses a date that is not ISO', () => {
    expect(() => completedYears('2008-01-01', '14/03/2026')).toThrow(RangeError);
  });
});
