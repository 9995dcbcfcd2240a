import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';

import { AsylumApplicationEntity } from './asylum-application.entity';
import { AsylumDeadlineEntity } from './asylum-deadline.entity';
import { AsylumEventEntity } from './asylum-event.entity';
import { BusinessCalendar } from './business-calendar';
import { CalendarService } from './calendar.service';
import { computeDeadlines } from './deadline-rules';
import type { IsoDate } from './iso-date';

/**
 * The stored deadlines: computed by the pure rules (computeDeadlines) from an application's
 * timeline and the calendar, and rewritten inside the transaction of whatever changed them.
 */
@Injectable()
export class DeadlineStore {
  constructor(private readonly calendars: CalendarService) {}

  /** Recomputes and rewrites the deadlines of these applications; `today` places the weekly signature. */
  async refresh(manager: EntityManager, applicationIds: string[], today: IsoDate): Promise<void> {
    if (applicationIds.length === 0) return;
    const mexico = await this.calendars.calendarOf(manager, 'MX');
    const unitedStates = BusinessCalendar.unitedStates();
    const applications = await manager.find(AsylumApplicationEntity, { where: { id: In(applicationIds) } });
    const events = await manager.find(AsylumEventEntity, {
      where: { applicationId: In(applicationIds) },
      order: { sequence: 'ASC' },
    });
    const rows = applications.flatMap((application) =>
      computeDeadlines(
        {
          jurisdiction: application.jurisdiction,
          enteredCountryOn: application.enteredCountryOn,
          events: events
            .filter((event) => event.applicationId === application.id)
            .map((event) => ({
              type: event.type,
              occurredOn: event.occurredOn,
              notifiedOn: event.notifiedOn ?? undefined,
              outcome: event.outcome ?? undefined,
              viaRepresentative: event.viaRepresentative,
            })),
        },
        application.jurisdiction === 'MX_COMAR' ? mexico : unitedStates,
        today,
      ).map((deadline, position) => ({
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
      })),
    );
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
