import { jaroWinkler, MatchCandidate, scoreMatch } from './match-scoring';

const candidate: MatchCandidate = {
  givenNames: 'José Armando',
  familyNames: 'López Hernández',
  aliases: [],
  birthDate: '1991-04-12',
  estimatedBirthYear: null,
  nationality: 'HN',
};

describe('jaroWinkler', () => {
  it('is 1 for equal strings and high for one typo', () => {
    expect(jaroWinkler('hernandez', 'hernandez')).toBe(1);
    expect(jaroWinkler('hernandez', 'hernadez')).toBeGreaterThan(0.9);
    expect(jaroWinkler('lopez', 'martinez')).toBeLessThan(0.7);
  });
});

describe('scoreMatch', () => {
  it('scores the same person written the same way at the top, with reasons', () => {
    const result = scoreMatch(
      { givenNames: 'José Armando', familyNames: 'López Hernández', birthDate: '1991-04-12', nationality: 'HN' },
      candidate,
    );
    expect(result.score).toBe(1);
    expect(result.reasons).toEqual(['name_exact', 'birth_date_exact', 'nationality_match']);
  });

  it('tolerates dropped accents, swapped surnames and a year off by one', () => {
    const result = scoreMatch(
      { givenNames: 'Jose Armando', familyNames: 'Hernandez Lopez', birthYear: 1992, nationality: 'HN' },
      candidate,
    );
    expect(result.reasons).toEqual(expect.arrayContaining(['surnames_swapped', 'birth_year_close']));
    expect(result.score).toBeGreaterThan(0.85);
  });

  it('tolerates a missing surname and a typo', () => {
    const result = scoreMatch({ givenNames: 'Jose Armado', familyNames: 'Lopez', nationality: 'HN' }, candidate);
    expect(result.reasons).toContain('surname_missing');
    expect(result.score).toBeGreaterThan(0.7);
  });

  it('ranks another person with a similar name lower', () => {
    const same = scoreMatch({ givenNames: 'José Armando', familyNames: 'López Hernández', birthYear: 1991 }, candidate);
    const other = scoreMatch(
      { givenNames: 'José Armando', familyNames: 'López Hernández', birthYear: 1991 },
      { ...candidate, givenNames: 'Juan Carlos', birthDate: '1975-01-01' },
    );
    expect(other.score).toBeLessThan(same.score - 0.3);
  });

  it('finds a person by an alias', () => {
    const result = scoreMatch({ givenNames: 'El Chele', familyNames: '' }, { ...candidate, aliases: ['El Chele'] });
    expect(result.reasons).toContain('alias_match');
  });
});
