import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';

import { AsylumApplicationEntity } from './asylum-application.entity';
import { AsylumDeadlineEntity } from './asylum-deadline.entity';
import { AsylumEventEntity } from './asylum-event.entity';
import type { DeadlineKind } from './asylum-vocabulary';
import { BusinessCalendar, closureDatesFor } from './business-calendar';
import { CalendarService } from './calendar.service';
import { computeDeadlines } from './deadline-rules';
import type { IsoDate } from './iso-date';

const FILING_KINDS: readonly DeadlineKind[] = ['comar_filing', 'us_one_year_filing'];

/**
 * The stored deadlines: computed by the pure rules (computeDeadlines) from an application's
 * timeline and the calendar, and rewritten inside the transaction of whatever changed them.
 */
@Injectable()
export class DeadlineStore {
  constructor(private readonly calendars: CalendarService) {}

  /**
   * Recomputes and rewrites the deadlines of these applications; `today` places the weekly
   * signature. The `late` flag of each filing is recomputed with them: a closure entered after a
   * filing can move its deadline past it, and the filing is then no longer late.
   */
  async refresh(manager: EntityManager, applicationIds: string[], today: IsoDate): Promise<void> {
    if (applicationIds.length === 0) return;
    const closures = await this.calendars.closures(manager);
    const mexicanCalendars = new Map<string | null, BusinessCalendar>();
    // COMAR closes its offices separately: each office counts its own closure days.
    const mexicoAt = (office: string | null): BusinessCalendar => {
      let calendar = mexicanCalendars.get(office);
      if (!calendar) {
        calendar = BusinessCalendar.mexico(closureDatesFor(closures, office));
        mexicanCalendars.set(office, calendar);
      }
      return calendar;
    };
    const unitedStates = BusinessCalendar.unitedStates();
    const applications = await manager.find(AsylumApplicationEntity, { where: { id: In(applicationIds) } });
    const events = await manager.find(AsylumEventEntity, {
      where: { applicationId: In(applicationIds) },
      order: { sequence: 'ASC' },
    });
    const lateFilings = new Map<string, boolean>();
    const rows = applications.flatMap((application) => {
      const timeline = events.filter((event) => event.applicationId === application.id);
      const deadlines = computeDeadlines(
        {
          jurisdiction: application.jurisdiction,
          enteredCountryOn: application.enteredCountryOn,
          events: timeline.map((event) => ({
            type: event.type,
            occurredOn: event.occurredOn,
            notifiedOn: event.notifiedOn ?? undefined,
            outcome: event.outcome ?? undefined,
            viaRepresentative: event.viaRepresentative,
          })),
        },
        application.jurisdiction === 'MX_COMAR' ? mexicoAt(application.office) : unitedStates,
        today,
      );
      // The filing deadline is fulfilled by the first `filed` event.
      const filing = timeline.find((event) => event.type === 'filed');
      const due = deadlines.find((deadline) => FILING_KINDS.includes(deadline.kind));
      if (filing && due && filing.late !== due.late) lateFilings.set(filing.id, due.late);
      return deadlines.map((deadline, position) => ({
        applicationId: application.id,
        position,
        kind: deadline.kind,
        dueOn: deadline.dueOn,
        basis: deadline.basis,
        ruleVersion: deadline.ruleVersion,
        met: deadline.met,
        fulfilledOn: deadline.fulfilledOn,
        late: deadline.late,
        informative: deadline.informative,
        open: deadline.open,
      }));
    });
    for (const [eventId, late] of lateFilings) await manager.update(AsylumEventEntity, eventId, { late });
    await manager.delete(AsylumDeadlineEntity, { applicationId: In(applicationIds) });
    if (rows.length > 0) await manager.insert(AsylumDeadlineEntity, rows);
  }

  /** The stored deadlines of these applications, in the order they arose. */
  async ofApplications(manager: EntityManager, applicationIds: string[]): Promise<Map<string, AsylumDeadlineEntity[]>> {
    const rows = applicationIds.length
      ? await manager.find(AsylumDeadlineEntity, {
          where: { applicationId: In(applicationIds) },
          order: { applicationId: 'ASC', position: 'ASC' },
        })
      : [];
    const byApplication = new Map<string, AsylumDeadlineEntity[]>(applicationIds.map((id) => [id, []]));
    for (const row of rows) byApplication.get(row.applicationId)?.push(row);
    return byApplication;
  }
}
