/** Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection), tab and CR included. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: a would-be formula gets a leading apostrophe, and quotes go around what needs them. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const NEEDS_QUOTES = /[",\n\r]/;

export function csvLine(values: (string | number | boolean | null | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/**
 * csvCell in SQL, for a text `expression` that Postgres turns into the cell as it writes the rows
 * (see IncidentRecordsWriter.textSql): the same rules, character for character (E'' strings hold
 * the tab, CR and newline themselves, so each bracket matches what the regular expression above
 * does). `test/exports/csv-text-sql.e2e-spec.ts` holds the two to the same output.
 */
export function csvCellSql(expression: string): string {
  const quoted = (text: string) =>
    `CASE WHEN ${text} ~ E'[",\\n\\r]' THEN '"' || replace(${text}, '"', '""') || '"' ELSE ${text} END`;
  return `CASE WHEN ${expression} IS NULL THEN ''
               WHEN ${expression} ~ E'^[=+@\\t\\r-]' THEN ${quoted(`('''' || ${expression})`)}
               ELSE ${quoted(expression)} END`;
}

/** csvCell of a boolean in SQL: `true`, `false`, or nothing for null. */
export function csvBooleanSql(expression: string): string {
  return `CASE WHEN ${expression} THEN 'true' WHEN NOT ${expression} THEN 'false' ELSE '' END`;
}
