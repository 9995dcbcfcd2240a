import { jaroWinkler, MatchCandidate, scoreMatch, typingErrors } from './match-scoring';

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

describe('typingErrors', () => {
  it('counts dropped, replaced and swapped letters, a swap as one', () => {
    expect(typingErrors('hernandez', 'hernandez')).toBe(0);
    expect(typingErrors('hernandez', 'hernadez')).toBe(1);
    expect(typingErrors('hernandez', 'hernanedz')).toBe(1);
    expect(typingErrors('maria', 'mraa')).toBe(2);
    expect(typingErrors('ana', 'anabel')).toBe(3);
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

  it('scores 0, with no reasons, a stranger who shares only the birth year and nationality', () => {
    // The desk's report: Karla Patricia Flores Mejía was offered Wilmer Antonio Matute Funes.
    const karla = { givenNames: 'Karla Patricia', familyNames: 'Flores Mejía', sex: 'female', birthYear: 1990 };
    const wilmer = { ...candidate, givenNames: 'Wilmer Antonio', familyNames: 'Matute Funes', sex: 'male' };
    expect(scoreMatch({ ...karla, nationality: 'HN' }, { ...wilmer, birthDate: '1991-02-02' })).toEqual({
      score: 0,
      reasons: [],
    });
    expect(scoreMatch({ ...karla, nationality: 'HN' }, { ...wilmer, sex: 'female', birthDate: '1990-02-02' })).toEqual({
      score: 0,
      reasons: [],
    });
  });

  it('scores 0 one shared given name and one shared surname when names are missing on both sides', () => {
    const result = scoreMatch(
      { givenNames: 'José Luis', familyNames: 'López', birthDate: '1991-04-12', nationality: 'HN' },
      { ...candidate, givenNames: 'José', familyNames: 'López Hernández' },
    );
    expect(result.score).toBe(0);
  });

  it('takes a name with a surname missing only with a birth year at most one off', () => {
    const query = { givenNames: 'José Armando', familyNames: 'López', nationality: 'HN' };
    expect(scoreMatch({ ...query, birthYear: 1992 }, candidate).reasons).toContain('surname_missing');
    expect(scoreMatch({ ...query, birthYear: 1993 }, candidate).score).toBe(0);
    expect(scoreMatch({ ...query, familyNames: 'López Hernández', birthYear: 1993 }, candidate).score).toBeGreaterThan(
      0.55,
    );
  });

  it('never suggests a woman for a man, nor the reverse, and says when the sex agrees', () => {
    const query = { givenNames: 'José Armando', familyNames: 'López Hernández', birthDate: '1991-04-12' };
    expect(scoreMatch({ ...query, sex: 'female' }, { ...candidate, sex: 'male' }).score).toBe(0);
    expect(scoreMatch({ ...query, sex: 'male' }, { ...candidate, sex: 'male' }).reasons).toContain('sex_match');
    expect(scoreMatch({ ...query, sex: 'male' }, { ...candidate, sex: 'unknown' }).score).toBeGreaterThan(0.9);
  });

  it('forgives two typos in a short given name only when both surnames agree', () => {
    const query = { givenNames: 'Klra', familyNames: 'Mejía Navarro', birthYear: 1986 };
    const karla = { ...candidate, givenNames: 'Karla', familyNames: 'Mejía Navarro', birthDate: '1986-05-05' };
    expect(scoreMatch(query, karla).reasons).toContain('name_similar');
    expect(scoreMatch({ ...query, familyNames: 'Mejía' }, karla).score).toBe(0);
  });

  it('takes no name for another that Jaro-Winkler finds close but is more than two typos away', () => {
    // Ana and Anabel, Martel and Martínez, Karla and Pamela are different names, however alike they start.
    const anabel = { ...candidate, givenNames: 'Anabel', familyNames: 'Cruz García', birthDate: '1982-05-13' };
    expect(scoreMatch({ givenNames: 'Ana', familyNames: 'Cruz García', birthYear: 1982 }, anabel).score).toBe(0);
    const carlos = { ...candidate, givenNames: 'Carlos', familyNames: 'Martínez Barrera', birthDate: '1980-08-02' };
    expect(scoreMatch({ givenNames: 'Carlos', familyNames: 'Martel', birthYear: 1980 }, carlos).score).toBe(0);
    const pamela = { ...candidate, givenNames: 'Pamela', familyNames: 'Hernández Martínez', birthDate: '1959-02-05' };
    expect(scoreMatch({ givenNames: 'Kanla', familyNames: 'Martínez Hernández', birthYear: 1960 }, pamela).score).toBe(
      0,
    );
    // Two typos are still forgiven.
    expect(
      scoreMatch({ givenNames: 'Anbael', familyNames: 'Cruz García', birthYear: 1982 }, anabel).score,
    ).toBeGreaterThan(0.55);
  });

  it('finds a person by an alias', () => {
    const result = scoreMatch({ givenNames: 'El Chele', familyNames: '' }, { ...candidate, aliases: ['El Chele'] });
    expect(result.reasons).toContain('alias_match');
  });
});
