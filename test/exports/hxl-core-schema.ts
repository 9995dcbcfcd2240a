import { parse } from 'csv-parse/sync';

/**
 * The rules of HXL 1.1's core schema for the core hashtags the exports use, as data types:
 * - "Always a date" (#date) and "Always a number" (#population, #affected, #inneed, #targeted,
 *   #reached, #indicator+num, #output+num, #value): libhxl-python's hxl/hxl-default-schema.json,
 *   the core schema HXL validators apply (HXLStandard/libhxl-python).
 * - The attribute +num marks a numeric value (HXL 1.1 hashtag dictionary, attributes).
 * - Text: #event (an incident), #adm1 and #adm2 (administrative names), #loc (a location),
 *   #description, #meta (HXL 1.1 hashtag dictionary).
 * Any other hashtag must be an extension one, #x_... (HXL tagging conventions: own hashtags
 * start with x_).
 */
const CORE_HASHTAGS: Record<string, 'date' | 'number' | 'text'> = {
  '#date': 'date',
  '#population': 'number',
  '#affected': 'number',
  '#inneed': 'number',
  '#targeted': 'number',
  '#reached': 'number',
  '#value': 'number',
  '#event': 'text',
  '#adm1': 'text',
  '#adm2': 'text',
  '#loc': 'text',
  '#description': 'text',
  '#meta': 'text',
};
/** Numeric only with +num in the core schema. */
const NUMERIC_WITH_NUM = ['#indicator', '#output'];

const ISO_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const NUMBER = /^-?\d+(\.\d+)?$/;
const HASHTAG_SPEC = /^#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*$/;

/** Every way an HXL CSV (header row, then hashtag row, then data) breaks those rules, as lines. */
export function hxlCoreSchemaProblems(csv: string): string[] {
  const [, hashtags, ...rows] = parse(csv, { relax_column_count: false }) as string[][];
  const problems: string[] = [];
  hashtags.forEach((spec, column) => {
    if (!HASHTAG_SPEC.test(spec)) return problems.push(`${spec}: not a hashtag specification`);
    const [hashtag, ...attributes] = spec.split('+');
    const core = CORE_HASHTAGS[hashtag];
    if (!core && !hashtag.startsWith('#x_') && !NUMERIC_WITH_NUM.includes(hashtag)) {
      return problems.push(`${spec}: neither a core hashtag this table knows nor an extension (#x_...)`);
    }
    const type = core === 'date' ? 'date' : core === 'number' || attributes.includes('num') ? 'number' : 'text';
    for (const [index, row] of rows.entries()) {
      const value = row[column];
      if (value === '' || type === 'text') continue;
      if (type === 'date' && !ISO_DATE.test(value)) problems.push(`${spec} row ${index + 1}: ${value} is no date`);
      if (type === 'number' && !NUMBER.test(value)) problems.push(`${spec} row ${index + 1}: ${value} is no number`);
    }
  });
  return problems;
}
