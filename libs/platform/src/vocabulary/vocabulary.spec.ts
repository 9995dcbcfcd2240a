import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

import { defineVocabulary, Vocabulary, VocabularyRegistry } from './vocabulary';

const COLOURS = defineVocabulary('colours', {
  red: { label: { es: 'Rojo', en: 'Red' }, huridocsCode: '010000000000' },
  light_blue: { es: 'Azul claro', en: 'Light blue' },
  'dark green': { es: 'Verde oscuro', en: 'Dark green' },
});

class PaintDto {
  @COLOURS.validator()
  colour: string;

  @COLOURS.validator({ each: true })
  trims: string[];
}

const errorsOf = (body: object) => validateSync(plainToInstance(PaintDto, body)).map(({ property }) => property);

describe('defineVocabulary', () => {
  it('keeps the codes in the order of the definition, with both labels and the external code', () => {
    expect(COLOURS.codes).toEqual(['red', 'light_blue', 'dark green']);
    expect(COLOURS.terms[0]).toEqual({ code: 'red', label: { es: 'Rojo', en: 'Red' }, huridocsCode: '010000000000' });
    expect(COLOURS.localized('en')).toEqual([
      { code: 'red', label: 'Red', huridocsCode: '010000000000' },
      { code: 'light_blue', label: 'Light blue' },
      { code: 'dark green', label: 'Dark green' },
    ]);
    expect(COLOURS.label('light_blue', 'es')).toBe('Azul claro');
    expect(COLOURS.huridocsCodeOf('light_blue')).toBeUndefined();
    expect(COLOURS.huridocsCodeOf('toString')).toBeUndefined();
  });

  it('knows its codes, and nothing else', () => {
    expect(COLOURS.has('red')).toBe(true);
    for (const code of ['Red', 'toString', 'constructor', '', 42, null]) expect(COLOURS.has(code)).toBe(false);
  });

  it('spells the CHECK expressions of a column and of an array column', () => {
    expect(COLOURS.check('colour')).toBe(`"colour" IN ('red', 'light_blue', 'dark green')`);
    expect(COLOURS.checkEach('trims')).toBe(`"trims" <@ ARRAY['red', 'light_blue', 'dark green']::text[]`);
  });

  it('validates a property, and each element of an array', () => {
    expect(errorsOf({ colour: 'red', trims: ['light_blue', 'dark green'] })).toEqual([]);
    expect(errorsOf({ colour: 'Red', trims: [] })).toEqual(['colour']);
    expect(errorsOf({ colour: 'red', trims: ['red', 'purple'] })).toEqual(['trims']);
  });

  it('refuses a code that could break out of a CHECK literal, a missing label and a name not kebab-case', () => {
    expect(() => defineVocabulary('quotes', { "x') OR (true": { es: 'x', en: 'x' } })).toThrow(/unsafe code/);
    expect(() => defineVocabulary('blanks', { a: { es: 'A', en: ' ' } })).toThrow(/lacks a label/);
    expect(() => defineVocabulary('Colours', { a: { es: 'A', en: 'A' } })).toThrow(/kebab-case/);
    expect(() => defineVocabulary('empty', {})).toThrow(/no terms/);
  });
});

describe('VocabularyRegistry', () => {
  it('finds registered vocabularies by name, own names only', () => {
    const registry = new VocabularyRegistry();
    const paint = [COLOURS];
    registry.register('paint', paint);
    registry.register('paint', paint);
    expect(registry.find('colours')).toBe(COLOURS);
    expect(registry.names()).toEqual(['colours']);
    for (const name of ['toString', '__proto__', 'COLOURS']) expect(registry.find(name)).toBeUndefined();
  });

  it('refuses two vocabularies of one name', () => {
    const registry = new VocabularyRegistry();
    registry.register('paint', [COLOURS]);
    const impostor = new Vocabulary('colours', { red: { es: 'Rojo', en: 'Red' } });
    expect(() => registry.register('dyes', [impostor])).toThrow('dyes: two vocabularies are named colours');
    expect(() => registry.register('inks', [impostor, impostor])).toThrow('two vocabularies are named colours');
  });
});
