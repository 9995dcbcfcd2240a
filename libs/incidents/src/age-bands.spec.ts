import { AGE_BANDS, ageBandOf, isChild } from './age-bands';

describe('age bands', () => {
  it('counts only the bands under 18 as children', () => {
    expect(AGE_BANDS.filter(isChild)).toEqual(['0-4', '5-11', '12-17']);
  });

  it.each([
    [0, '0-4'],
    [4, '0-4'],
    [5, '5-11'],
    [11, '5-11'],
    [12, '12-17'],
    [17, '12-17'],
    [18, '18-25'],
    [25, '18-25'],
    [26, '26-59'],
    [59, '26-59'],
    [60, '60+'],
    [97, '60+'],
  ])('puts age %i in band %s', (age, band) => {
    expect(ageBandOf(age)).toBe(band);
  });

  it('refuses what is not an age', () => {
    expect(() => ageBandOf(-1)).toThrow(RangeError);
    expect(() => ageBandOf(3.5)).toThrow(RangeError);
  });
});
