import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import type { Jurisdiction } from './asylum-vocabulary';
import { BusinessCalendar, CalendarCountry, Closure, closureDatesFor } from './business-calendar';
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

  /**
   * The calendar of an application's jurisdiction and office (COMAR closes offices separately),
   * read under the shared calendar lock of the caller's transaction.
   */
  async calendarFor(
    manager: EntityManager,
    jurisdiction: Jurisdiction,
    office: string | null,
  ): Promise<BusinessCalendar> {
    return BusinessCalendar.of(jurisdiction, closureDatesFor(await this.closures(manager), office));
  }

  /** A country's calendar with only the closures of every office. */
  async calendarOf(manager: EntityManager, country: CalendarCountry): Promise<BusinessCalendar> {
    return country === 'MX'
      ? BusinessCalendar.mexico(closureDatesFor(await this.closures(manager), null))
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

  /** Every closure, with the offices it names, under the shared calendar lock. */
  async closures(manager: EntityManager = this.dataSource.manager): Promise<Closure[]> {
    await this.lockForReading(manager);
    return manager.find(CalendarClosureEntity, { select: { date: true, offices: true } });
  }
}
