import type { AuditSubject } from '@albergue/access';
import { APP_CONFIG, AppConfig, PersonErasureRegistry } from '@albergue/platform';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';

import { PersonErasureService } from './person-erasure.service';
import { PersonEntity } from './person.entity';

export interface RetentionRun {
  /** RETENTION_DAYS; null when retention is off and the run did nothing. */
  retentionDays: number | null;
  /** Persons with no stay since this instant (and nothing else holding them) were erased. */
  cutoff: string | null;
  erased: number;
}

/** Persons looked at per query; each is then erased in a transaction of its own. */
const BATCH = 200;
const DAY_MS = 24 * 3600 * 1000;

/**
 * Retention: erases (PersonErasureService, reason `retention_period_expired`, audited as the
 * system) every person recorded, changed and last staying before the cutoff (RETENTION_DAYS ago),
 * with no open stay, whom no module still holds (an open asylum application, an incident awaiting
 * review, a pending or accepted referral: PersonErasureParticipant.retentionHold).
 */
@Injectable()
export class RetentionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly erasures: PersonErasureService,
    private readonly registry: PersonErasureRegistry,
  ) {}

  async anonymizeExpired(subject: AuditSubject, asOf: Date = new Date()): Promise<RetentionRun> {
    const days = this.config.retention.days;
    if (days === null) return { retentionDays: null, cutoff: null, erased: 0 };
    const cutoff = new Date(asOf.getTime() - days * DAY_MS);
    let erased = 0;
    let after: string | null = null;
    for (;;) {
      const batch = this.expiredQuery(this.dataSource.manager, cutoff)
        .select('p.id', 'id')
        .orderBy('p.id')
        .limit(BATCH);
      if (after) batch.andWhere('p.id > :after', { after });
      const ids = (await batch.getRawMany<{ id: string }>()).map((row) => row.id);
      for (const id of ids) {
        if (await this.eraseIfExpired(id, cutoff, subject)) erased += 1;
      }
      if (ids.length < BATCH) break;
      after = ids[ids.length - 1];
    }
    return { retentionDays: days, cutoff: cutoff.toISOString(), erased };
  }

  /**
   * Locks the person, skipping one that another worker (or an admin's erasure) holds, and checks
   * the conditions again under the lock: an intake admitting them meanwhile (its FOR KEY SHARE
   * conflicts with this FOR UPDATE) has committed its stay by then, and keeps them.
   */
  private async eraseIfExpired(personId: string, cutoff: Date, subject: AuditSubject): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const locked = (await manager.query('SELECT id FROM persons WHERE id = $1 FOR UPDATE SKIP LOCKED', [
        personId,
      ])) as unknown[];
      if (locked.length === 0) return false;
      if ((await this.expiredQuery(manager, cutoff).andWhere('p.id = :personId', { personId }).getCount()) === 0) {
        return false;
      }
      await this.erasures.eraseLocked(manager, subject, personId, 'retention_period_expired');
      return true;
    });
  }

  private expiredQuery(manager: EntityManager, cutoff: Date): SelectQueryBuilder<PersonEntity> {
    const builder = manager
      .getRepository(PersonEntity)
      .createQueryBuilder('p')
      .where('p.erasedAt IS NULL')
      .andWhere('p.createdAt < :retentionCutoff AND p.updatedAt < :retentionCutoff')
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM stays retention_stay WHERE retention_stay.person_id = p.id
           AND (retention_stay.checked_out_at IS NULL OR retention_stay.checked_out_at >= :retentionCutoff
                OR retention_stay.checked_in_at >= :retentionCutoff))`,
      )
      .setParameters({ retentionCutoff: cutoff });
    for (const { retentionHold } of this.registry.participants()) {
      if (retentionHold) builder.andWhere(new Brackets((held) => held.where(`NOT (${retentionHold})`)));
    }
    return builder;
  }
}
