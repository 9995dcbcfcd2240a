import { InvalidDate } from './asylum.errors';
import { BusinessCalendar, closureDatesFor } from './business-calendar';
import { addCalendarDays, addYears, isIsoDate } from './iso-date';

describe('ISO dates', () => {
  it.each([
    ['2026-02-28', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['2026-01-01T00:00:00Z', false],
    [20260101, false],
  ])('%s is a date: %s', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });

  it('adds calendar days across months, years and leap days', () => {
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addCalendarDays('2026-10-27', 30)).toBe('2026-11-26');
  });

  it('adds years, turning 29 February into 28 February in a common year', () => {
    expect(addYears('2025-06-19', 1)).toBe('2026-06-19');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
  });

  it('refuses a date that does not exist, naming the field', () => {
    expect(() => addCalendarDays('2026-02-30', 1)).toThrow(InvalidDate);
    expect(() => BusinessCalendar.mexico(['2026-12-24', '24/12/2026'])).toThrow(
      expect.objectContaining({ kind: 'invalid', errors: [expect.objectContaining({ field: 'closures[1]' })] }),
    );
  });
});

describe('BusinessCalendar', () => {
  const mexico = BusinessCalendar.mexico();
  const unitedStates = BusinessCalendar.unitedStates();

  it('skips weekends and each country its own holidays', () => {
    expect(mexico.isBusinessDay('2026-09-15')).toBe(true);
    expect(mexico.isBusinessDay('2026-09-16')).toBe(false); // Independence Day, Wednesday
    expect(mexico.isBusinessDay('2026-09-19')).toBe(false); // Saturday
    expect(unitedStates.isBusinessDay('2026-09-16')).toBe(true);
    expect(unitedStates.isBusinessDay('2026-07-03')).toBe(false); // 4 July observed on Friday
    expect(mexico.isBusinessDay('2026-07-03')).toBe(true);
  });

  it('treats the closure days an admin entered as non-business days', () => {
    expect(BusinessCalendar.mexico(['2026-04-02']).isBusinessDay('2026-04-02')).toBe(false);
    expect(mexico.isBusinessDay('2026-04-02')).toBe(true);
  });

  it('counts business days from the one after the start', () => {
    expect(mexico.addBusinessDays('2026-06-05', 1)).toBe('2026-06-08'); // Friday -> Monday
    expect(mexico.addBusinessDays('2026-06-08', 1)).toBe('2026-06-09'); // Monday -> Tuesday
    expect(mexico.addBusinessDays('2026-06-06', 1)).toBe('2026-06-08'); // Saturday -> Monday
    expect(mexico.addBusinessDays('2026-12-24', 1)).toBe('2026-12-28'); // over Christmas and a weekend
  });

  it('refuses to add fewer than one business day', () => {
    expect(() => mexico.addBusinessDays('2026-06-05', 0)).toThrow(RangeError);
    expect(() => mexico.addBusinessDays('2026-06-05', 1.5)).toThrow(RangeError);
  });

  it('rolls a non-business day forward and keeps a business day', () => {
    expect(unitedStates.rollForward('2026-11-26')).toBe('2026-11-27'); // Thanksgiving
    expect(unitedStates.rollForward('2026-07-03')).toBe('2026-07-06'); // observed 4 July, then a weekend
    expect(unitedStates.rollForward('2026-07-06')).toBe('2026-07-06');
    expect(mexico.rollForward('2026-12-31')).toBe('2026-12-31');
    expect(mexico.rollForward('2027-01-01')).toBe('2027-01-04');
  });

  it('picks the calendar of a jurisdiction, with closures for COMAR only', () => {
    expect(BusinessCalendar.of('MX_COMAR', ['2026-04-02']).isBusinessDay('2026-04-02')).toBe(false);
    expect(BusinessCalendar.of('US_DEFENSIVE', ['2026-04-02']).isBusinessDay('2026-04-02')).toBe(true);
    expect(BusinessCalendar.of('US_AFFIRMATIVE').country).toBe('US');
  });
});

describe('closureDatesFor', () => {
  const closures = [
    { date: '2027-03-22', offices: [] },
    { date: '2027-03-23', offices: ['Tapachula'] },
    { date: '2027-03-24', offices: ['Ciudad de México', 'Palenque'] },
  ];

  it.each<[string | null, string[]]>([
    ['COMAR Tapachula, Chiapas', ['2027-03-22', '2027-03-23']],
    ['tapachula', ['2027-03-22', '2027-03-23']],
    ['Oficina de Representación en Palenque', ['2027-03-22', '2027-03-24']],
    ['COMAR Ciudad de Mexico', ['2027-03-22', '2027-03-24']],
    // A word inside another word is not the office: "Palenqueño" is not Palenque.
    ['Albergue Palenqueño', ['2027-03-22']],
    ['COMAR Tenosique', ['2027-03-22']],
    // Without an office only the closures of every office count: a closure that may not apply never moves a deadline.
    [null, ['2027-03-22']],
  ])('gives an application at %s the closures of every office and of its own', (office, expected) => {
    expect(closureDatesFor(closures, office)).toEqual(expected);
  });

  it('moves a deadline only for the office that closed', () => {
    const at = (office: string) => BusinessCalendar.mexico(closureDatesFor(closures, office));
    // From Fri 19 Mar 2027, the third business day: Mon 22 is closed everywhere.
    expect(at('COMAR Tenosique').addBusinessDays('2027-03-19', 3)).toBe('2027-03-25');
    expect(at('COMAR Tapachula').addBusinessDays('2027-03-19', 3)).toBe('2027-03-26');
  });
});
