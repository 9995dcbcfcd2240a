import { Readable } from 'node:stream';

import { ChunkTable, copyChunkRows, readChunkRows } from '@albergue/platform';
import type { PoolClient } from 'pg';
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

const DOCUMENT_CHUNKS: ChunkTable = { table: 'document_chunks', owner: 'document_id' };

/** The default store: the encrypted content in `document_chunks` (platform's chunk rows, as export files). */
export class PostgresDocumentStore implements DocumentContentStore {
  readonly kind = 'postgres' as const;

  constructor(private readonly dataSource: DataSource) {}

  async write(manager: EntityManager, documentId: string, encrypted: Readable): Promise<{ objectKey: null }> {
    if (!manager.queryRunner?.isTransactionActive) throw new Error('document chunks are written inside a transaction');
    // The transaction's own connection (connect() answers the one it already holds).
    const client = (await manager.queryRunner.connect()) as PoolClient;
    await copyChunkRows(client, DOCUMENT_CHUNKS, documentId, encrypted);
    return { objectKey: null };
  }

  read(documentId: string): Readable {
    return readChunkRows(this.dataSource, DOCUMENT_CHUNKS, documentId);
  }

  async destroy(manager: EntityManager, documentId: string): Promise<void> {
    await manager.query('DELETE FROM document_chunks WHERE document_id = $1', [documentId]);
  }
}
