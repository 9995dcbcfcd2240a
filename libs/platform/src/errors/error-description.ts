/**
 * What a log may say about an error: its class, driver code and where it came from, never its
 * message, which can hold values of the people recorded (a driver's "Key (phone)=(...)" detail).
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const { code, constraint, table, column } = error as Error & Record<string, unknown>;
  return {
    type: error.name,
    code,
    constraint,
    table,
    column,
    // Frames only: a driver's message can run over several lines and quote the input.
    stack: error.stack
      ?.split('\n')
      .filter((line) => /^\s+at /.test(line))
      .slice(0, 7)
      .join('\n'),
  };
}

/**
 * The gist of an error's message for a log: its first line up to the first `: ` (where drivers
 * and libraries append the values involved), with quoted, bracketed and numeric parts masked.
 * `invalid input syntax for type uuid: "Juan"` becomes `invalid input syntax for type uuid`.
 */
export function sanitizedErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  return message
    .split('\n')[0]
    .split(': ')[0]
    .replace(/"[^"]*"|'[^']*'|`[^`]*`|\([^)]*\)|\[[^\]]*\]|\{[^}]*\}/g, '…')
    .replace(/\S*@\S*/g, '…')
    .replace(/\d+/g, '#')
    .slice(0, 120);
}
