import { Readable } from 'node:stream';

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

/** Rows of about a megabyte: few round trips, and never more than one row in memory. */
const CHUNK_ROW_BYTES = 1024 * 1024;

/** The default store: the encrypted content in `document_chunks`, like export files. */
export class PostgresDocumentStore implements DocumentContentStore {
  readonly kind = 'postgres' as const;

  constructor(private readonly dataSource: DataSource) {}

  async write(manager: EntityManager, documentId: string, encrypted: Readable): Promise<{ objectKey: null }> {
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async (): Promise<void> => {
      await manager.query('INSERT INTO document_chunks (document_id, seq, data) VALUES ($1, $2, $3)', [
        documentId,
        seq++,
        Buffer.concat(pending),
      ]);
      pending = [];
      pendingBytes = 0;
    };
    for await (const chunk of encrypted) {
      pending.push(chunk as Buffer);
      pendingBytes += (chunk as Buffer).length;
      if (pendingBytes >= CHUNK_ROW_BYTES) await flush();
    }
    if (pendingBytes > 0 || seq === 0) await flush();
    return { objectKey: null };
  }

  read(documentId: string): Readable {
    const dataSource = this.dataSource;
    return Readable.from(
      (async function* chunks() {
        for (let seq = 0; ; seq++) {
          const rows = (await dataSource.query('SELECT data FROM document_chunks WHERE document_id = $1 AND seq = $2', [
            documentId,
            seq,
          ])) as { data: Buffer }[];
          if (rows.length === 0) return;
          yield rows[0].data;
        }
      })(),
      { objectMode: false },
    );
  }

  async destroy(manager: EntityManager, documentId: string): Promise<void> {
    await manager.query('DELETE FROM document_chunks WHERE document_id = $1', [documentId]);
  }
}
