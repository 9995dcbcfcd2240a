import { csvCell, csvLine } from './csv-cell';

describe('csvCell', () => {
  it.each(['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)', '\tcmd'])('neutralizes the formula %j', (value) => {
    expect(csvCell(value).replace(/^"/, '').startsWith("'")).toBe(true);
  });

  it('quotes commas, quotes and line breaks', () => {
    expect(csvLine(['a,b', 'say "hi"', 'x\ny', null])).toBe('"a,b","say ""hi""","x\ny",\r\n');
  });

  it('leaves plain values alone', () => {
    expect(csvLine(['Chiapas', 12, true, '2026-03'])).toBe('Chiapas,12,true,2026-03\r\n');
  });
});
