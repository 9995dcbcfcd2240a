import {
  ACT_TYPE_VOCABULARY,
  ACT_TYPES,
  huridocsCodeOf,
  PERPETRATOR_TYPE_VOCABULARY,
  PERPETRATOR_TYPES,
  PLACE_TYPE_VOCABULARY,
  REPORTED_TO_VOCABULARY,
} from './vocabularies';

const VOCABULARIES = [ACT_TYPE_VOCABULARY, PERPETRATOR_TYPE_VOCABULARY, PLACE_TYPE_VOCABULARY, REPORTED_TO_VOCABULARY];

// Copied from docs/API.md (Abuse incidents), the contract, rather than from the code under test.
const API_ACT_TYPES = [
  'extortion',
  'robbery',
  'kidnapping',
  'physical_assault',
  'sexual_violence',
  'torture',
  'killing',
  'threat',
  'arbitrary_detention',
  'denial_of_medical_care',
  'bribe_demand',
  'destruction_of_documents',
  'family_separation',
  'handover_to_criminals',
  'other',
];
const API_PERPETRATOR_TYPES = [
  'inm_agent',
  'national_guard',
  'federal_police',
  'state_police',
  'municipal_police',
  'military',
  'organized_crime',
  'smuggler',
  'private_security',
  'other_migrants',
  'unknown',
];

describe('vocabularies', () => {
  it('names the four vocabularies as GET /vocabularies/:name does', () => {
    expect(VOCABULARIES.map(({ name }) => name)).toEqual([
      'act-types',
      'perpetrator-types',
      'place-types',
      'reported-to',
    ]);
  });

  it('holds exactly the act and perpetrator codes of docs/API.md', () => {
    expect(ACT_TYPE_VOCABULARY.terms.map((term) => term.code)).toEqual(API_ACT_TYPES);
    expect([...ACT_TYPES]).toEqual(API_ACT_TYPES);
    expect(PERPETRATOR_TYPE_VOCABULARY.terms.map((term) => term.code)).toEqual(API_PERPETRATOR_TYPES);
    expect([...PERPETRATOR_TYPES]).toEqual(API_PERPETRATOR_TYPES);
  });

  it.each(VOCABULARIES)(
    '$name: codes are unique snake_case, every term labelled in Spanish and English',
    ({ terms }) => {
      const codes = terms.map((term) => term.code);
      expect(new Set(codes).size).toBe(codes.length);
      expect(codes.length).toBeGreaterThan(3);
      for (const term of terms) {
        expect(term.code).toMatch(/^[a-z]+(_[a-z]+)*$/);
        expect(term.label.es.trim()).not.toBe('');
        expect(term.label.en.trim()).not.toBe('');
      }
      expect(new Set(terms.map((term) => term.label.es)).size).toBe(terms.length);
      expect(new Set(terms.map((term) => term.label.en)).size).toBe(terms.length);
    },
  );

  it('gives HURIDOCS codes of 12 digits', () => {
    const huridocsCodes = VOCABULARIES.flatMap(({ terms }) => terms.map((term) => term.huridocsCode));
    const present = huridocsCodes.filter((code) => code !== undefined);
    expect(present.length).toBeGreaterThanOrEqual(12);
    for (const code of present) expect(code).toMatch(/^\d{12}$/);
  });

  it.each([
    ['act-types', 'kidnapping', '030104000000'],
    ['act-types', 'extortion', '130104000000'],
    // The broader ESF terms, never rape or death threats, which the record does not establish.
    ['act-types', 'sexual_violence', '020102000000'],
    ['act-types', 'threat', '020103010000'],
    ['act-types', 'robbery', '130101000000'],
    ['act-types', 'physical_assault', '020101000000'],
    ['act-types', 'killing', '010100000000'],
    ['act-types', 'destruction_of_documents', '130103000000'],
    ['act-types', 'torture', '020111110000'],
    ['act-types', 'denial_of_medical_care', '360102040000'],
    ['act-types', 'arbitrary_detention', '030102000000'],
    ['act-types', 'bribe_demand', undefined],
    ['perpetrator-types', 'federal_police', '010104000000'],
    ['perpetrator-types', 'state_police', '010104000000'],
    ['perpetrator-types', 'municipal_police', '010104000000'],
    ['perpetrator-types', 'military', '010103000000'],
    ['perpetrator-types', 'national_guard', '010103000000'],
    ['perpetrator-types', 'inm_agent', '010101000000'],
    ['perpetrator-types', 'private_security', '020400000000'],
    ['perpetrator-types', 'unknown', '990000000000'],
    ['perpetrator-types', 'organized_crime', undefined],
    ['perpetrator-types', 'smuggler', undefined],
    ['perpetrator-types', 'other_migrants', undefined],
    ['perpetrator-types', 'el_chapo', undefined],
  ] as const)('%s %s maps to HURIDOCS %s', (name, code, huridocsCode) => {
    expect(huridocsCodeOf(name, code)).toBe(huridocsCode);
  });

  it('labels terms in the language asked for, leaving out huridocsCode where there is none', () => {
    const spanish = PERPETRATOR_TYPE_VOCABULARY.localized('es');
    const english = PERPETRATOR_TYPE_VOCABULARY.localized('en');
    expect(spanish.find((term) => term.code === 'inm_agent')).toEqual({
      code: 'inm_agent',
      label: 'Agente del INM (Instituto Nacional de Migración)',
      huridocsCode: '010101000000',
    });
    expect(english.find((term) => term.code === 'national_guard')?.label).toBe('National Guard');
    expect(english.find((term) => term.code === 'smuggler')).toEqual({ code: 'smuggler', label: 'Smuggler (coyote)' });
    expect(Object.keys(english.find((term) => term.code === 'smuggler') ?? {})).not.toContain('huridocsCode');
  });

  it('refuses unknown codes, and codes of another vocabulary', () => {
    expect(ACT_TYPE_VOCABULARY.has('extortion')).toBe(true);
    expect(PERPETRATOR_TYPE_VOCABULARY.has('extortion')).toBe(false);
    expect(ACT_TYPE_VOCABULARY.has('Extortion')).toBe(false);
    expect(ACT_TYPE_VOCABULARY.has('extorsión')).toBe(false);
    expect(PLACE_TYPE_VOCABULARY.has('rail_line')).toBe(true);
    expect(REPORTED_TO_VOCABULARY.has('cndh')).toBe(true);
    expect(REPORTED_TO_VOCABULARY.has('')).toBe(false);
    expect(REPORTED_TO_VOCABULARY.has('toString')).toBe(false);
  });
});
