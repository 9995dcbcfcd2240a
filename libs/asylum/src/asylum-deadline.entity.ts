import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

import { AsylumApplicationEntity } from './asylum-application.entity';
import { DEADLINE_KIND_VOCABULARY, DeadlineKind } from './asylum-vocabulary';

/**
 * The deadlines computeDeadlines gives for an application, stored so that "every open deadline,
 * soonest first" is one indexed query instead of replaying thousands of timelines. Rewritten for
 * an application whenever its timeline changes, a closure moves its dates, or the daily job finds
 * it stale (a weekly signature day gone by, an older rule version).
 */
@Entity('asylum_deadlines')
@Check('asylum_deadlines_kind_check', DEADLINE_KIND_VOCABULARY.check('kind'))
@Index('asylum_deadlines_open_due_idx', ['dueOn', 'applicationId'], { where: '"open"' })
export class AsylumDeadlineEntity {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @ManyToOne(() => AsylumApplicationEntity)
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'asylum_deadlines_application_id_fkey' })
  application?: AsylumApplicationEntity;

  /** Its place in computeDeadlines' answer: the order in which the deadlines arose. */
  @PrimaryColumn({ type: 'smallint' })
  position: number;

  @Column({ type: 'text' })
  kind: DeadlineKind;

  @Column({ name: 'due_on', type: 'date' })
  dueOn: string;

  @Column({ type: 'text' })
  basis: string;

  @Column({ name: 'rule_version', type: 'text' })
  ruleVersion: string;

  @Column({ type: 'boolean' })
  met: boolean;

  @Column({ name: 'fulfilled_on', type: 'date', nullable: true })
  fulfilledOn: string | null;

  @Column({ type: 'boolean' })
  late: boolean;

  @Column({ type: 'boolean' })
  informative: boolean;

  @Column({ type: 'boolean' })
  open: boolean;
}
