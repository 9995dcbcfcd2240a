import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import type { PoolClient } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';

import { isUuid } from '../validation/uuid.pipe';

/**
 * A table of chunk rows (`<owner> uuid, seq integer, data bytea`, keyed by both) holding a large
 * content a piece at a time in Postgres, never on a disk: documents, export files.
 */
export interface ChunkTable {
  table: string;
  owner: string;
}

/** Rows of a mebibyte (the last one shorter): a reader holds one row at a time, a writer at most one. */
export const CHUNK_ROW_BYTES = 1024 * 1024;

/** Table and column names are the code's own, inlined in COPY (which takes no parameters): checked all the same. */
const checked = (identifier: string): string => {
  if (!/^[a-z_][a-z0-9_]*$/.test(identifier)) throw new Error(`not a plain identifier: ${identifier}`);
  return identifier;
};

/**
 * Writes `content` as the chunk rows of `ownerId` by one binary COPY on `client` (inside the
 * caller's transaction when it holds one): a failed content aborts the COPY and writes nothing.
 */
export async function copyChunkRows(
  client: PoolClient,
  chunks: ChunkTable,
  ownerId: string,
  content: AsyncIterable<Buffer>,
): Promise<void> {
  if (!isUuid(ownerId)) throw new Error('invalid chunk owner id');
  const copy = client.query(
    copyFrom(`COPY ${checked(chunks.table)} (${checked(chunks.owner)}, seq, data) FROM STDIN (FORMAT binary)`),
  );
  await pipeline(Readable.from(copyRowsOf(ownerId, content), { objectMode: false }), copy);
}

/** The chunk rows of `ownerId` in order, as one stream; the next row is read while this one is consumed. */
export function readChunkRows(dataSource: DataSource, chunks: ChunkTable, ownerId: string): Readable {
  return Readable.from(
    (async function* rows() {
      // The database's round trip for the next row overlaps the reader's work on this one.
      const fetch = (seq: number) => {
        const row = readChunkRow(dataSource, chunks, ownerId, seq);
        row.catch(() => undefined); // Awaited below, unless the reader stops first.
        return row;
      };
      let next = fetch(0);
      for (let seq = 0; ; seq++) {
        const pieces = await next;
        if (pieces === null) return;
        next = fetch(seq + 1);
        yield* pieces;
      }
    })(),
    { objectMode: false },
  );
}

/** The start of every binary COPY (PostgreSQL, COPY, "Binary Format"): signature, flags, header-extension length. */
const COPY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const COPY_HEADER_BYTES = COPY_SIGNATURE.length + 8;

/**
 * One chunk row's bytes, read by a binary COPY: bytea arrives as stored. A SELECT brings it as hex
 * text twice its size, which the driver gathers in a buffer it doubles up to twice that again, then
 * decodes: most of a download's CPU and memory went there. The row is read whole (a megabyte, in
 * the pieces the socket gave, never joined) and the connection goes back to the pool before the
 * caller sends it on, so a slow client never holds a connection. Null past the last row.
 */
async function readChunkRow(
  dataSource: DataSource,
  chunks: ChunkTable,
  ownerId: string,
  seq: number,
): Promise<Buffer[] | null> {
  // COPY takes no parameters: the two values are checked to be a UUID and an integer before they are inlined.
  if (!isUuid(ownerId) || !Number.isSafeInteger(seq)) throw new Error('invalid chunk address');
  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  try {
    const parts: Buffer[] = [];
    const copy = client.query(
      copyTo(
        `COPY (SELECT data FROM ${checked(chunks.table)} WHERE ${checked(chunks.owner)} = '${ownerId}' AND seq = ${seq}) TO STDOUT (FORMAT binary)`,
      ),
    );
    for await (const part of copy) parts.push(part as Buffer);
    return fieldOfCopy(parts);
  } finally {
    await runner.release();
  }
}

/** `length` bytes of `parts` from `start` on, as slices of the parts (nothing copied). */
function slices(parts: Buffer[], start: number, length: number): Buffer[] {
  const out: Buffer[] = [];
  let skip = start;
  let left = length;
  for (const part of parts) {
    if (left === 0) break;
    if (skip >= part.length) {
      skip -= part.length;
      continue;
    }
    const piece = part.subarray(skip, skip + left);
    out.push(piece);
    left -= piece.length;
    skip = 0;
  }
  if (left > 0) throw new Error('binary COPY cut short');
  return out;
}

/** The one bytea field of the one row of a binary COPY (as slices of its parts), or null when it holds no row. */
function fieldOfCopy(parts: Buffer[]): Buffer[] | null {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const head = Buffer.concat(slices(parts, 0, Math.min(total, COPY_HEADER_BYTES)));
  if (head.length < COPY_HEADER_BYTES || !head.subarray(0, COPY_SIGNATURE.length).equals(COPY_SIGNATURE)) {
    throw new Error('not a binary COPY');
  }
  const row = COPY_HEADER_BYTES + head.readUInt32BE(COPY_SIGNATURE.length + 4);
  const tuple = Buffer.concat(slices(parts, row, Math.min(6, total - row)));
  if (tuple.length >= 2 && tuple.readInt16BE(0) === -1) return null;
  if (tuple.length < 6 || tuple.readInt16BE(0) !== 1) throw new Error('unexpected binary COPY row');
  const length = tuple.readInt32BE(2);
  if (length < 0) throw new Error('unexpected binary COPY row');
  return slices(parts, row + 6, length);
}

/** Where a binary COPY ends. */
const COPY_TRAILER = Buffer.from([0xff, 0xff]);

/**
 * The content as a binary COPY of chunk rows of CHUNK_ROW_BYTES: each row's header (three
 * fields: the owner's UUID, the row's index, the length of its bytes), then the pieces themselves,
 * never joined into one buffer nor copied into a bound parameter. At least one row, empty for an
 * empty content.
 */
async function* copyRowsOf(ownerId: string, content: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const header = Buffer.alloc(COPY_HEADER_BYTES);
  COPY_SIGNATURE.copy(header);
  yield header;
  const id = Buffer.from(ownerId.replace(/-/g, ''), 'hex');
  let seq = 0;
  let frames: Buffer[] = [];
  let bytes = 0;
  function* row(): Generator<Buffer> {
    const tuple = Buffer.alloc(2 + 4 + id.length + 4 + 4 + 4);
    let offset = tuple.writeInt16BE(3);
    offset = tuple.writeInt32BE(id.length, offset);
    offset += id.copy(tuple, offset);
    offset = tuple.writeInt32BE(4, offset);
    offset = tuple.writeInt32BE(seq++, offset);
    tuple.writeInt32BE(bytes, offset);
    yield tuple;
    yield* frames;
    frames = [];
    bytes = 0;
  }
  for await (const chunk of content) {
    // A row ends at CHUNK_ROW_BYTES exactly, however much arrived at once (a reader needs no frame edge).
    for (let rest = chunk as Buffer; rest.length > 0;) {
      const piece = rest.subarray(0, CHUNK_ROW_BYTES - bytes);
      frames.push(piece);
      bytes += piece.length;
      rest = rest.subarray(piece.length);
      if (bytes === CHUNK_ROW_BYTES) yield* row();
    }
  }
  if (bytes > 0 || seq === 0) yield* row();
  yield COPY_TRAILER;
}
