import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { AsylumApplicationEntity } from './asylum-application.entity';
import { DEADLINE_KIND_VOCABULARY, DeadlineKind } from './asylum-vocabulary';

export const REMINDER_THRESHOLDS = [3, 1] as const;
export type ReminderThreshold = (typeof REMINDER_THRESHOLDS)[number];

/** A lawyer reminded that a deadline falls within `threshold` business days. */
@Entity('asylum_reminders')
@Check('asylum_reminders_kind_check', DEADLINE_KIND_VOCABULARY.check('deadline_kind'))
@Check('asylum_reminders_threshold_check', '"threshold" IN (1, 3)')
/** What makes the daily job safe to run twice: the same reminder is recorded once. */
@Index('asylum_reminders_once_key', ['applicationId', 'deadlineKind', 'dueOn', 'threshold'], { unique: true })
@Index('asylum_reminders_lawyer_idx', ['lawyerId', 'createdAt'])
@Index('asylum_reminders_unread_idx', ['lawyerId'], { where: '"read_at" IS NULL' })
export class AsylumReminderEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @ManyToOne(() => AsylumApplicationEntity)
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'asylum_reminders_application_id_fkey' })
  application?: AsylumApplicationEntity;

  @Column({ name: 'deadline_kind', type: 'text' })
  deadlineKind: DeadlineKind;

  @Column({ name: 'due_on', type: 'date' })
  dueOn: string;

  /** 3 or 1 business days before dueOn. */
  @Column({ type: 'smallint' })
  threshold: ReminderThreshold;

  @Column({ name: 'lawyer_id', type: 'uuid' })
  lawyerId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** When the lawyer marked it read; null while unread. */
  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;
}
