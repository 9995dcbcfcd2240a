/** A CHECK expression holding a column to a fixed list of codes (snake_case constants, never input). */
export function isOneOf(column: string, codes: readonly string[]): string {
  return `"${column}" IN (${codes.map((code) => `'${code}'`).join(', ')})`;
}

/** A CHECK expression holding every element of an array column to a fixed list of codes. */
export function allOneOf(column: string, codes: readonly string[]): string {
  return `"${column}" <@ ARRAY[${codes.map((code) => `'${code}'`).join(', ')}]::text[]`;
}
