import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { AsylumApplicationEntity } from './asylum-application.entity';
import { AsylumDeadlineEntity } from './asylum-deadline.entity';
import { JURISDICTIONS } from './asylum-vocabulary';
import { calendarCountryOf, CalendarCountry } from './business-calendar';
import { CalendarService } from './calendar.service';
import { RULE_VERSION } from './deadline-rules';
import { DeadlineStore } from './deadline-store.service';
import type { IsoDate } from './iso-date';

const REFRESH_BATCH = 500;

/**
 * The daily reminder run: records, for every open deadline that the applicant or the lawyer must
 * meet, a reminder 3 business days before it and another 1 business day before (or on the day).
 * Safe to run any number of times for a day: the unique key drops a reminder already recorded.
 */
@Injectable()
export class ReminderRecorder {
  private readonly logger = new Logger('Reminders');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calendars: CalendarService,
    private readonly deadlines: DeadlineStore,
  ) {}

  async recordDue(asOf: IsoDate): Promise<{ asOf: IsoDate; refreshed: number; recorded: number }> {
    const refreshed = await this.refreshStale(asOf);
    let recorded = 0;
    for (const country of ['MX', 'US'] as CalendarCountry[]) {
      recorded += await this.dataSource.transaction(async (manager) => {
        const calendar = await this.calendars.calendarOf(manager, country);
        const jurisdictions = JURISDICTIONS.filter((jurisdiction) => calendarCountryOf(jurisdiction) === country);
        const inserted = (await manager.query(
          `INSERT INTO asylum_reminders (application_id, deadline_kind, due_on, threshold, lawyer_id)
           SELECT d.application_id, d.kind, d.due_on, CASE WHEN d.due_on <= $2 THEN 1 ELSE 3 END, a.lawyer_id
             FROM asylum_deadlines d JOIN asylum_applications a ON a.id = d.application_id
            WHERE d.open AND NOT d.informative AND d.due_on >= $1 AND d.due_on <= $3 AND a.jurisdiction = ANY($4)
           ON CONFLICT (application_id, deadline_kind, due_on, threshold) DO NOTHING
           RETURNING id`,
          [asOf, calendar.addBusinessDays(asOf, 1), calendar.addBusinessDays(asOf, 3), jurisdictions],
        )) as unknown[];
        return inserted.length;
      });
    }
    this.logger.log({ asOf, refreshed, recorded }, 'reminders recorded');
    return { asOf, refreshed, recorded };
  }

  /**
   * Deadlines that went stale since they were stored: a weekly signature day gone by (the next one
   * depends on the day), or dates computed by rules older than RULE_VERSION.
   */
  private async refreshStale(asOf: IsoDate): Promise<number> {
    const stale = (await this.dataSource
      .createQueryBuilder()
      .select('DISTINCT d.application_id', 'id')
      .from(AsylumDeadlineEntity, 'd')
      .innerJoin(AsylumApplicationEntity, 'a', 'a.id = d.application_id')
      .where("(d.open AND d.kind = 'signature' AND d.due_on < :asOf) OR d.rule_version <> :ruleVersion", {
        asOf,
        ruleVersion: RULE_VERSION,
      })
      .getRawMany()) as { id: string }[];
    for (let start = 0; start < stale.length; start += REFRESH_BATCH) {
      const batch = stale.slice(start, start + REFRESH_BATCH).map((row) => row.id);
      await this.dataSource.transaction((manager) => this.deadlines.refresh(manager, batch, asOf));
    }
    return stale.length;
  }
}
