import type { Actor } from '@albergue/access';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { applicationScopeOf } from './application-scope';
import { AsylumApplicationEntity } from './asylum-application.entity';
import { AsylumEventEntity } from './asylum-event.entity';
import type { AsylumStatsGroup, AsylumStatsQueryDto } from './asylum-stats.dto';
import type { DecisionOutcome } from './asylum-vocabulary';

/** Every outcome that protects the applicant: refugee status, asylum, or a lesser protection. */
export const PROTECTION_OUTCOMES: readonly DecisionOutcome[] = [
  'recognized',
  'complementary_protection',
  'granted',
  'withholding',
  'cat_protection',
];

export interface AsylumStatsRow {
  key: string;
  /** Decisions on the merits: granted + denied. */
  decided: number;
  granted: number;
  denied: number;
  /** USCIS referrals to court: no decision on the merits, so outside decided and the rate. */
  referred: number;
  /** granted / decided, null when nothing was decided. */
  grantRate: number | null;
}

export interface AsylumStats {
  groupBy: AsylumStatsGroup;
  from: string | null;
  to: string | null;
  items: AsylumStatsRow[];
  total: Omit<AsylumStatsRow, 'key'>;
}

const GROUP_COLUMNS: Record<AsylumStatsGroup, string> = {
  nationality: 'a.nationality',
  jurisdiction: 'a.jurisdiction',
};

function withRate(counts: { granted: number; denied: number; referred: number }) {
  const decided = counts.granted + counts.denied;
  return { decided, ...counts, grantRate: decided ? Math.round((counts.granted / decided) * 10_000) / 10_000 : null };
}

/**
 * First-instance decisions (`decision` events, dated in [from, to]) of the applications the actor
 * may see. Appeals are left out so that each application counts once.
 */
@Injectable()
export class AsylumStatsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async decisions(actor: Actor, query: AsylumStatsQueryDto): Promise<AsylumStats> {
    const group = GROUP_COLUMNS[query.groupBy];
    const builder = this.dataSource
      .createQueryBuilder()
      .from(AsylumEventEntity, 'e')
      .innerJoin(AsylumApplicationEntity, 'a', 'a.id = e.application_id')
      .select(group, 'key')
      .addSelect('count(*) FILTER (WHERE e.outcome IN (:...protection))::int', 'granted')
      .addSelect("count(*) FILTER (WHERE e.outcome = 'denied')::int", 'denied')
      .addSelect("count(*) FILTER (WHERE e.outcome = 'referred_to_court')::int", 'referred')
      .where("e.type = 'decision'")
      .setParameter('protection', PROTECTION_OUTCOMES)
      .groupBy(group)
      .orderBy(group, 'ASC');
    const scope = applicationScopeOf(actor);
    if (scope) builder.andWhere(scope.sql, scope.parameters);
    if (query.from) builder.andWhere('e.occurred_on >= :from', { from: query.from });
    if (query.to) builder.andWhere('e.occurred_on <= :to', { to: query.to });
    const rows = await builder.getRawMany<{ key: string; granted: number; denied: number; referred: number }>();
    const items = rows.map(({ key, ...counts }) => ({ key, ...withRate(counts) }));
    const sum = (field: 'granted' | 'denied' | 'referred') => rows.reduce((total, row) => total + row[field], 0);
    return {
      groupBy: query.groupBy,
      from: query.from ?? null,
      to: query.to ?? null,
      items,
      total: withRate({ granted: sum('granted'), denied: sum('denied'), referred: sum('referred') }),
    };
  }
}
