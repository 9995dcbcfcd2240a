import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The encrypted file of an export, in pieces of about a megabyte, in order of `seq`. */
@Entity('export_file_chunks')
export class ExportFileChunkEntity {
  @PrimaryColumn({ name: 'export_id', type: 'uuid' })
  exportId: string;

  @PrimaryColumn({ type: 'integer' })
  seq: number;

  @Column({ type: 'bytea' })
  data: Buffer;
}
