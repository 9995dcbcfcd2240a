import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { isUuid } from '@albergue/platform';
import type { PoolClient } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { DataSource, EntityManager } from 'typeorm';

/** Where a document's encrypted content lives; recorded per document, so a store switch leaves old files readable. */
export type DocumentStoreKind = 'postgres' | 's3';

/** Stores and reads the encrypted bytes of documents; never sees a key or a plaintext. */
export interface DocumentContentStore {
  readonly kind: DocumentStoreKind;
  /**
   * Writes the encrypted stream of a new document. Postgres writes inside the caller's
   * transaction; an object store writes at once and `destroy` undoes it when the transaction fails.
   */
  write(manager: EntityManager, documentId: string, encrypted: Readable): Promise<{ objectKey: string | null }>;
  /** The encrypted stream, read a piece at a time. */
  read(documentId: string, objectKey: string | null): Readable;
  /** Destroys the content (inside the caller's transaction where the store is Postgres). */
  destroy(manager: EntityManager, documentId: string, objectKey: string | null): Promise<void>;
}

/** Rows of a mebibyte (the last one shorter): a download reads one row at a time, an upload holds at most one. */
const CHUNK_ROW_BYTES = 1024 * 1024;

/** The default store: the encrypted content in `document_chunks`, like export files. */
export class PostgresDocumentStore implements DocumentContentStore {
  readonly kind = 'postgres' as const;

  constructor(private readonly dataSource: DataSource) {}

  async write(manager: EntityManager, documentId: string, encrypted: Readable): Promise<{ objectKey: null }> {
    if (!manager.queryRunner?.isTransactionActive) throw new Error('document chunks are written inside a transaction');
    // The transaction's own connection (connect() answers the one it already holds).
    const client = (await manager.queryRunner.connect()) as PoolClient;
    if (!isUuid(documentId)) throw new Error('invalid document id');
    const copy = client.query(copyFrom('COPY document_chunks (document_id, seq, data) FROM STDIN (FORMAT binary)'));
    await pipeline(Readable.from(copyRowsOf(documentId, encrypted), { objectMode: false }), copy);
    return { objectKey: null };
  }

  read(documentId: string): Readable {
    const dataSource = this.dataSource;
    return Readable.from(
      (async function* chunks() {
        // The next row is read while this one is sent: the database's round trip overlaps the client's.
        const fetch = (seq: number) => {
          const row = readChunkRow(dataSource, documentId, seq);
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

  async destroy(manager: EntityManager, documentId: string): Promise<void> {
    await manager.query('DELETE FROM document_chunks WHERE document_id = $1', [documentId]);
  }
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
async function readChunkRow(dataSource: DataSource, documentId: string, seq: number): Promise<Buffer[] | null> {
  // COPY takes no parameters: the two values are checked to be a UUID and an integer before they are inlined.
  if (!isUuid(documentId) || !Number.isSafeInteger(seq)) throw new Error('invalid document chunk address');
  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  try {
    const parts: Buffer[] = [];
    const copy = client.query(
      copyTo(
        `COPY (SELECT data FROM document_chunks WHERE document_id = '${documentId}' AND seq = ${seq}) TO STDOUT (FORMAT binary)`,
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
 * The encrypted frames as a binary COPY of `document_chunks` rows of CHUNK_ROW_BYTES: each
 * row's header (three fields: the document's UUID, the row's index, the length of its bytes), then
 * the frames themselves, never joined into one buffer nor copied into a bound parameter. At least
 * one row, empty for an empty file.
 */
async function* copyRowsOf(documentId: string, encrypted: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const header = Buffer.alloc(COPY_HEADER_BYTES);
  COPY_SIGNATURE.copy(header);
  yield header;
  const id = Buffer.from(documentId.replace(/-/g, ''), 'hex');
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
  for await (const chunk of encrypted) {
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
