import { matchKeyTexts, Spelling, spellingsOf } from './match-candidates';

const recorded = (...words: string[]): Map<string, Spelling> =>
  new Map(words.map((word) => [word, { recorded: true, near: [] }]));

describe('the keys matching asks for', () => {
  it('are the same for surnames in either order, and name each part with one word of the other', () => {
    const spellings = recorded('jose', 'luis', 'lopez', 'garcia');
    const texts = matchKeyTexts(['jose', 'luis'], ['lopez', 'garcia'], spellings);
    expect([...texts].sort()).toEqual(matchKeyTexts(['luis', 'jose'], ['garcia', 'lopez'], spellings).sort());
    expect(texts).toEqual(
      expect.arrayContaining([
        'F garcia jose lopez',
        'F garcia lopez luis',
        'G garcia jose luis',
        'G jose lopez luis',
        'N jose luis',
        'A garcia jose lopez luis',
      ]),
    );
    // Surnames written as given names: the same keys the other way round.
    expect(texts).toEqual(expect.arrayContaining(['F jose lopez luis', 'N garcia lopez']));
    // Given names alone only for a query without surnames.
    expect(texts.filter((text) => text.startsWith('O '))).toEqual([]);
    expect(matchKeyTexts(['jose', 'luis'], [], spellings)).toEqual(
      expect.arrayContaining(['N jose luis', 'O jose luis']),
    );
  });

  it('replace a word no one has by its corrections, and add at most one alternative of a recorded word per key', () => {
    const spellings = new Map<string, Spelling>([
      ['jsoe', { recorded: false, near: ['jose', 'josue'] }],
      ['lopez', { recorded: true, near: ['lopes'] }],
      ['garcia', { recorded: true, near: ['garci'] }],
    ]);
    // The surnames with the given name (crossed, the given name with one surname, are 'F' keys of two words).
    const texts = matchKeyTexts(['jsoe'], ['lopez', 'garcia'], spellings).filter(
      (text) => text.startsWith('F ') && text.split(' ').length === 4,
    );
    expect(texts.sort()).toEqual(
      [
        'F garcia jose lopez',
        'F garcia josue lopez',
        'F garcia jose lopes',
        'F garcia josue lopes',
        'F garci jose lopez',
        'F garci josue lopez',
      ].sort(),
    );
  });

  it('keep only the recorded words scoring takes for the same word, the closest first', () => {
    const spellings = spellingsOf([
      { typed: 'jsoe', recorded: 'jose' },
      { typed: 'jsoe', recorded: 'joel' },
      { typed: 'jsoe', recorded: 'josue' },
      { typed: 'jsoe', recorded: 'jesus' },
      { typed: 'lopez', recorded: 'lopez' },
      { typed: 'lopez', recorded: 'lopes' },
      { typed: 'lopez', recorded: 'perez' },
    ]);
    expect(spellings.get('jsoe')).toEqual({ recorded: false, near: ['jose', 'josue', 'joel'] });
    expect(spellings.get('lopez')).toEqual({ recorded: true, near: ['lopes'] });
  });
});
