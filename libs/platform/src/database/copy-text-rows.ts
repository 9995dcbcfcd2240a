import type { Readable } from 'node:stream';

import type { Pool } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** A field of COPY's text format: the text, or null for SQL NULL (`\N`). */
export type CopyTextField = string | null;

/** What COPY TO writes after a backslash (PostgreSQL, COPY, "Text Format"); any other character stands for itself. */
const UNESCAPED: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
const ESCAPE = /\\(.)/gs;

function unescaped(field: string): CopyTextField {
  return field === '\\N' ? null : field.replace(ESCAPE, (_, char: string) => UNESCAPED[char] ?? char);
}

/**
 * The rows of `COPY (...) TO STDOUT` in its text format, as they arrive: the complete rows of each
 * piece the connection gives, as arrays of fields. The text format needs no parser of its own: a
 * row ends at a newline and a field at a tab, both escaped inside values, so cutting at them is
 * exact, and a backslash marks the only other thing to undo. A piece is read only when the caller
 * asks for the next rows, so Postgres waits for a slow caller (backpressure) instead of the rows
 * piling up in memory.
 */
export async function* copyTextRows(copy: Readable): AsyncGenerator<CopyTextField[][]> {
  let partial: Buffer | null = null;
  for await (const piece of copy as AsyncIterable<Buffer>) {
    const rows: CopyTextField[][] = [];
    let start = 0;
    if (partial) {
      // Only the row cut between two pieces is joined: copying every piece whole doubled the
      // buffers the worker allocated outside its heap, which V8 frees only at its next collection.
      const end = piece.indexOf(0x0a);
      if (end === -1) {
        partial = Buffer.concat([partial, piece]);
        continue;
      }
      const row = Buffer.concat([partial, piece.subarray(0, end)]);
      rows.push(fieldsOf(row, 0, row.length));
      partial = null;
      start = end + 1;
    }
    for (let end = piece.indexOf(0x0a, start); end !== -1; end = piece.indexOf(0x0a, start)) {
      rows.push(fieldsOf(piece, start, end));
      start = end + 1;
    }
    if (start < piece.length) partial = piece.subarray(start);
    if (rows.length > 0) yield rows;
  }
  if (partial) throw new Error('COPY output ended inside a row');
}

/**
 * The fields of the row at bytes [start, end) of `bytes`, each decoded on its own: a tab or a
 * newline byte is never part of a multi-byte UTF-8 character. A field decoded from a larger text
 * would be a slice of it in V8, and would keep all of it alive as long as the caller keeps the
 * field (a victim's id in a cache of pseudonyms kept whole rows, and more garbage to collect).
 */
function fieldsOf(bytes: Buffer, start: number, end: number): CopyTextField[] {
  const fields: CopyTextField[] = [];
  for (let from = start; ;) {
    const tab = bytes.indexOf(0x09, from);
    const to = tab === -1 || tab > end ? end : tab;
    const field = bytes.toString('utf8', from, to);
    fields.push(field.includes('\\') ? unescaped(field) : field);
    if (to === end) return fields;
    from = to + 1;
  }
}

/**
 * Runs `COPY (<select>) TO STDOUT` on a connection of its own and yields its rows as copyTextRows
 * does. Unlike a cursor's, COPY's select can take a parallel plan. COPY takes no parameters: the
 * caller inlines its values as literals (pg's escapeLiteral). A COPY stopped half-way (a failure,
 * or a reader that stopped early) leaves rows still to come on its connection, so that connection
 * is closed instead of going back to the pool.
 */
export async function* copyTextRowsOf(dataSource: DataSource, select: string): AsyncGenerator<CopyTextField[][]> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const client = await pool.connect();
  const copy = client.query(copyTo(`COPY (${select}) TO STDOUT`));
  let finished = false;
  try {
    yield* copyTextRows(copy);
    finished = true;
  } finally {
    // What the closed connection raises on the abandoned COPY has no one left to hear it.
    if (!finished) copy.on('error', () => undefined);
    client.release(!finished);
  }
}
