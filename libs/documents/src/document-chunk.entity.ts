import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

import { DocumentEntity } from './document.entity';

/** The encrypted content of a document kept in Postgres, in pieces of about a megabyte, in order of `seq`. */
@Entity('document_chunks')
export class DocumentChunkEntity {
  @PrimaryColumn({ name: 'document_id', type: 'uuid', primaryKeyConstraintName: 'document_chunks_pkey' })
  documentId: string;

  @ManyToOne(() => DocumentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'document_chunks_document_id_fkey' })
  document?: DocumentEntity;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'document_chunks_pkey' })
  seq: number;

  @Column({ type: 'bytea' })
  data: Buffer;
}
