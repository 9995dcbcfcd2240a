import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A day COMAR published as closed: it is not a business day for Mexican deadlines. */
@Entity('calendar_closures')
export class CalendarClosureEntity {
  @PrimaryColumn({ type: 'date' })
  date: string;

  /** Where the closure was published, e.g. the DOF issue, so that a lawyer can check it. */
  @Column({ type: 'text' })
  reference: string;

  /** The COMAR offices it closes, as published (e.g. Tapachula); empty: every office. */
  @Column({
    type: 'text',
    array: true,
    default: () => "'{}'",
    comment: 'COMAR offices closed that day; empty: every office',
  })
  offices: string[];

  @Column({ name: 'entered_by', type: 'uuid' })
  enteredBy: string;

  @CreateDateColumn({ name: 'entered_at', type: 'timestamptz' })
  enteredAt: Date;
}
