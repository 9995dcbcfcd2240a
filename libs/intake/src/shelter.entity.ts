import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('shelters')
export class ShelterEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  /** Short code that starts every case number of the shelter, e.g. PAL in PAL-2026-000042. */
  @Index('shelters_code_key', { unique: true })
  @Column({ type: 'text' })
  code: string;

  /** Mexican state (entidad federativa). */
  @Column({ type: 'text' })
  state: string;

  @Column({ type: 'text' })
  municipality: string;

  @Column({ type: 'integer' })
  capacity: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
