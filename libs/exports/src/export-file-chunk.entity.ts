import { ChunkTable } from '@albergue/platform';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

import { ExportEntity } from './export.entity';

/** Where export files are, for platform's chunk-row reader. */
export const EXPORT_FILE_CHUNKS: ChunkTable = { table: 'export_file_chunks', owner: 'export_id' };

/** The encrypted file of an export, in pieces of about a megabyte, in order of `seq`. */
@Entity('export_file_chunks')
export class ExportFileChunkEntity {
  @PrimaryColumn({ name: 'export_id', type: 'uuid' })
  exportId: string;

  @ManyToOne(() => ExportEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'export_id', foreignKeyConstraintName: 'export_file_chunks_export_id_fkey' })
  export?: ExportEntity;

  @PrimaryColumn({ type: 'integer' })
  seq: number;

  @Column({ type: 'bytea' })
  data: Buffer;
}
