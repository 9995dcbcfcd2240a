import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import type { Jurisdiction } from './asylum-vocabulary';
import { BusinessCalendar, CalendarCountry } from './business-calendar';
import { CalendarClosureEntity } from './calendar-closure.entity';

/** Any fixed number, shared by every process: the advisory lock that orders closures and deadline computations. */
const CALENDAR_LOCK = 7_246_531_802;

/**
 * The business calendars, with the closure days admins entered. Whoever computes deadlines takes
 * the calendar lock shared; entering a closure takes it exclusive, so a deadline is never computed
 * from a calendar that a closure is changing at that moment.
 */
@Injectable()
export class CalendarService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The calendar of a jurisdiction, read under the shared calendar lock of the caller's transaction. */
  async calendarFor(manager: EntityManager, jurisdiction: Jurisdiction): Promise<BusinessCalendar> {
    return BusinessCalendar.of(jurisdiction, await this.closureDates(manager));
  }

  async calendarOf(manager: EntityManager, country: CalendarCountry): Promise<BusinessCalendar> {
    return country === 'MX'
      ? BusinessCalendar.mexico(await this.closureDates(manager))
      : BusinessCalendar.unitedStates();
  }

  /** Takes the calendar lock exclusive until the transaction ends: for changing closures. */
  async lockForChange(manager: EntityManager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [CALENDAR_LOCK]);
  }

  /**
   * Takes the calendar lock shared until the transaction ends. A transaction that also locks an
   * application row takes this first: a closure holds the lock while it rewrites deadline rows,
   * which needs a key-share lock on their application, so the other order could deadlock.
   */
  async lockForReading(manager: EntityManager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock_shared($1)', [CALENDAR_LOCK]);
  }

  private async closureDates(manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    await this.lockForReading(manager);
    const closures = await manager.find(CalendarClosureEntity, { select: { date: true } });
    return closures.map((closure) => closure.date);
  }
}
