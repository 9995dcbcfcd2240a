import { Actor, AuditService, shelterScopeOf } from '@albergue/access';
import { reportingPeriodOf, RequestValidationError, suppressSmallCells } from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import type { IncidentStatsQueryDto, StatsGrouping } from './incident-query.dto';
import { ACT_TYPES, PERPETRATOR_TYPES } from './vocabularies';

export interface StatsCount {
  count: number | null;
  /** Hidden: under the least cell size, or a complement that would give a hidden one away. */
  suppressed: boolean;
}

export interface IncidentStats {
  groupBy: StatsGrouping;
  from: string;
  to: string;
  minCellSize: number;
  cells: (StatsCount & { key: string })[];
  /** The sum of the cells. With acts or perpetrators of several types, an incident counts under each. */
  total: StatsCount;
}

/** The key of each grouping, over the eligible incidents `e`, and what it joins to reach it. */
const GROUPINGS: Record<StatsGrouping, { key: string; joins: string }> = {
  state: { key: 'e.location_state', joins: '' },
  month: { key: `to_char(e.occurred_on, 'YYYY-MM')`, joins: '' },
  actType: { key: 'a.act_type', joins: 'JOIN incident_acts a ON a.incident_id = e.id' },
  perpetratorType: {
    key: 'v.perpetrator_type',
    joins: 'JOIN incident_acts a ON a.incident_id = e.id JOIN incident_involvements v ON v.act_id = a.id',
  },
};

/** Groupings over a vocabulary list all its codes, zeros included; the others only what occurs. */
const ALL_KEYS: Partial<Record<StatsGrouping, readonly string[]>> = {
  actType: ACT_TYPES,
  perpetratorType: PERPETRATOR_TYPES,
};

/**
 * Counts for publication: verified incidents whose consent in force lets them leave the shelter
 * (anonymous or identified; a withdrawn consent is level none; a raise still pending does not
 * count), over one whole calendar month, quarter, half-year or year, with small cells suppressed.
 */
@Injectable()
export class IncidentStatsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async stats(actor: Actor, query: IncidentStatsQueryDto): Promise<IncidentStats> {
    if (query.from > query.to)
      throw new RequestValidationError([{ field: 'to', message: 'to must not be before from' }]);
    reportingPeriodOf(query.from, query.to);
    const { key, joins } = GROUPINGS[query.groupBy];
    const rows = (await this.dataSource.query(
      `WITH eligible AS (
         SELECT i.id, i.location_state, i.occurred_on
           FROM incidents i
          WHERE i.status = 'verified'
            AND (SELECT c.level FROM incident_consents c WHERE c.incident_id = i.id AND c.status = 'effective'
                  ORDER BY c.version DESC LIMIT 1) IN ('anonymous', 'identified')
            AND ($1::uuid[] IS NULL OR i.shelter_id = ANY($1::uuid[]))
            AND i.occurred_on BETWEEN $2::date AND $3::date
       )
       SELECT ${key} AS key, count(DISTINCT e.id)::int AS count
         FROM eligible e ${joins}
        GROUP BY 1 ORDER BY 1`,
      [shelterScopeOf(actor), query.from, query.to],
    )) as { key: string; count: number }[];
    const counts = new Map(rows.map((row) => [row.key, row.count]));
    const keys = ALL_KEYS[query.groupBy] ?? rows.map((row) => row.key);
    const table = suppressSmallCells(keys.map((cellKey) => ({ key: [cellKey], count: counts.get(cellKey) ?? 0 })));
    const grandTotal = table.totals[0];
    await this.audit.record(actor, {
      action: 'stats',
      entityType: 'incident',
      details: { groupBy: query.groupBy, from: query.from, to: query.to },
    });
    return {
      groupBy: query.groupBy,
      from: query.from,
      to: query.to,
      minCellSize: table.minCellSize,
      cells: table.cells.map((cell) => ({
        key: cell.key[0],
        count: cell.count,
        suppressed: cell.suppressed !== null,
      })),
      total: grandTotal
        ? { count: grandTotal.count, suppressed: grandTotal.suppressed !== null }
        : { count: 0, suppressed: false },
    };
  }
}
