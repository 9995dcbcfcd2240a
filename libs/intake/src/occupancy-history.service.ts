import { Actor, AuditService } from '@albergue/access';
import { MEXICO_CITY_TODAY_SQL, suppressSmallCells } from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { SheltersService } from './shelters.service';

export interface OccupancyDay {
  /** A day in central Mexico (YYYY-MM-DD). */
  date: string;
  /** People whose stay covered the end of that day (checked in by then, not checked out yet). */
  present: number;
}

export interface ArrivalCell {
  /** The Monday that begins the week (YYYY-MM-DD). */
  week: string;
  /** ISO 3166-1 alpha-2. */
  nationality: string;
  /** Null when suppressed. */
  count: number | null;
  /** Under the least cell size, or a value that would give a hidden one away. */
  suppressed: boolean;
}

export interface WeekTotal {
  week: string;
  count: number | null;
  suppressed: boolean;
}

export interface OccupancyHistory {
  shelterId: string;
  capacity: number;
  from: string;
  to: string;
  days: OccupancyDay[];
  /** Arrivals (check-ins) per week and nationality, small cells suppressed like every published statistic. */
  arrivals: { minCellSize: number; weeks: WeekTotal[]; cells: ArrivalCell[] };
}

/**
 * What a coordinator's dashboard draws for one shelter: the head count at the end of each of the
 * last days (operational, like the occupancy badge), and arrivals per week by nationality, whose
 * cells under the least cell size are hidden (a week's lone arrival of one nationality points to a person).
 */
@Injectable()
export class OccupancyHistoryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly shelters: SheltersService,
    private readonly audit: AuditService,
  ) {}

  async history(actor: Actor, shelterId: string, days: number): Promise<OccupancyHistory> {
    const shelter = await this.shelters.findVisible(actor, shelterId);
    const dayRows = (await this.dataSource.query(
      `WITH span AS (SELECT ${MEXICO_CITY_TODAY_SQL} AS today)
       SELECT to_char(d.day, 'YYYY-MM-DD') AS date,
              (SELECT count(*)::int FROM stays s
                WHERE s.shelter_id = $1
                  AND s.checked_in_at < ((d.day + 1)::timestamp AT TIME ZONE 'America/Mexico_City')
                  AND (s.checked_out_at IS NULL
                       OR s.checked_out_at >= ((d.day + 1)::timestamp AT TIME ZONE 'America/Mexico_City'))) AS present
         FROM span, LATERAL (SELECT generate_series(span.today - ($2::int - 1), span.today, interval '1 day')::date AS day) d
        ORDER BY d.day`,
      [shelterId, days],
    )) as OccupancyDay[];
    const from = dayRows[0].date;
    const to = dayRows[dayRows.length - 1].date;
    const arrivalRows = (await this.dataSource.query(
      `SELECT to_char(date_trunc('week', s.checked_in_at AT TIME ZONE 'America/Mexico_City'), 'YYYY-MM-DD') AS week,
              p.nationality, count(*)::int AS count
         FROM stays s JOIN persons p ON p.id = s.person_id
        WHERE s.shelter_id = $1
          AND (s.checked_in_at AT TIME ZONE 'America/Mexico_City')::date BETWEEN $2::date AND $3::date
        GROUP BY 1, 2`,
      [shelterId, from, to],
    )) as { week: string; nationality: string; count: number }[];
    const weeks = mondaysBetween(from, to);
    const nationalities = [...new Set(arrivalRows.map((row) => row.nationality))].sort();
    const counts = new Map(arrivalRows.map((row) => [`${row.week} ${row.nationality}`, row.count]));
    const table = suppressSmallCells(
      weeks.flatMap((week) =>
        nationalities.map((nationality) => ({
          key: [week, nationality],
          count: counts.get(`${week} ${nationality}`) ?? 0,
        })),
      ),
    );
    const weekTotals = new Map(
      table.totals
        .filter((total) => total.key[0] !== null && total.key[1] === null)
        .map((total) => [total.key[0]!, total]),
    );
    await this.audit.record(actor, {
      action: 'stats',
      entityType: 'shelter_occupancy',
      entityId: shelterId,
      details: { from, to },
    });
    return {
      shelterId,
      capacity: shelter.capacity,
      from,
      to,
      days: dayRows,
      arrivals: {
        minCellSize: table.minCellSize,
        weeks: weeks.map((week) => {
          const total = weekTotals.get(week);
          return total
            ? { week, count: total.count, suppressed: total.suppressed !== null }
            : { week, count: 0, suppressed: false };
        }),
        cells: table.cells.map((cell) => ({
          week: cell.key[0],
          nationality: cell.key[1],
          count: cell.count,
          suppressed: cell.suppressed !== null,
        })),
      },
    };
  }
}

/** The Mondays that begin the weeks touching [from, to] (ISO dates). */
export function mondaysBetween(from: string, to: string): string[] {
  const day = new Date(`${from}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  const weeks: string[] = [];
  for (; day.toISOString().slice(0, 10) <= to; day.setUTCDate(day.getUTCDate() + 7)) {
    weeks.push(day.toISOString().slice(0, 10));
  }
  return weeks;
}
