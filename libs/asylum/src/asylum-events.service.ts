import { randomUUID } from 'node:crypto';

import { Actor, AuditService } from '@albergue/access';
import { FieldEncryption } from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { AsylumApplicationEntity } from './asylum-application.entity';
import type { AsylumApplicationView } from './asylum-application.view';
import { AsylumApplicationsService } from './asylum-applications.service';
import { EVENT_NOTE_COLUMN, LATE_JUSTIFICATION_COLUMN } from './asylum-encrypted-columns';
import type { RecordAsylumEventDto } from './asylum-event.dto';
import { AsylumEventEntity } from './asylum-event.entity';
import {
  EventBeforeEntry,
  FieldNotForEvent,
  LateFilingNeedsJustification,
  NotifiedBeforeDecision,
} from './asylum.errors';
import { applyEvent } from './asylum-state-machine';
import type { AsylumEventType } from './asylum-vocabulary';
import { CalendarService } from './calendar.service';
import { filingDeadline, isLateFiling } from './deadline-rules';
import { DeadlineStore } from './deadline-store.service';
import { todayInMexicoCity } from './mexico-city-date';

/** Which event types take each optional field; any other type refuses it. */
const FIELD_EVENTS: Record<'notifiedOn' | 'viaRepresentative' | 'lateJustification', AsylumEventType[]> = {
  notifiedOn: ['decision', 'appeal_decision', 'abandoned'],
  viaRepresentative: ['filed'],
  lateJustification: ['filed'],
};

/** The timeline: recording an event is the only way an application's status changes. */
@Injectable()
export class AsylumEventsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly applications: AsylumApplicationsService,
    private readonly calendars: CalendarService,
    private readonly deadlines: DeadlineStore,
    private readonly encryption: FieldEncryption,
    private readonly audit: AuditService,
  ) {}

  /**
   * Appends an event: 400 for a field or outcome the event does not take, 409 (naming the allowed
   * events) when the status does not accept it, 422 for a late filing without its justification.
   */
  async record(actor: Actor, applicationId: string, dto: RecordAsylumEventDto): Promise<AsylumApplicationView> {
    for (const [field, types] of Object.entries(FIELD_EVENTS)) {
      if (dto[field as keyof typeof FIELD_EVENTS] !== undefined && !types.includes(dto.type)) {
        throw new FieldNotForEvent(field, dto.type);
      }
    }
    if (dto.notifiedOn !== undefined && dto.notifiedOn < dto.occurredOn) throw new NotifiedBeforeDecision();
    return this.dataSource.transaction(async (manager) => {
      await this.calendars.lockForReading(manager);
      const application = await this.applications.findVisibleEntity(actor, applicationId, manager, true);
      const status = applyEvent(application.jurisdiction, application.status, { type: dto.type, outcome: dto.outcome });
      if (dto.occurredOn < application.enteredCountryOn) throw new EventBeforeEntry(application.enteredCountryOn);
      let late = false;
      if (dto.type === 'filed') {
        const calendar = await this.calendars.calendarFor(manager, application.jurisdiction, application.office);
        late = isLateFiling(application, dto.occurredOn, calendar);
        if (late && !dto.lateJustification) {
          throw new LateFilingNeedsJustification(filingDeadline(application, calendar));
        }
      }
      const sequence = (await manager.count(AsylumEventEntity, { where: { applicationId } })) + 1;
      const eventId = randomUUID();
      const event = await manager.save(AsylumEventEntity, {
        id: eventId,
        applicationId,
        sequence,
        type: dto.type,
        occurredOn: dto.occurredOn,
        notifiedOn: dto.notifiedOn ?? null,
        outcome: dto.outcome ?? null,
        viaRepresentative: dto.viaRepresentative ?? false,
        late,
        lateJustificationCiphertext: dto.lateJustification
          ? this.encryption.encrypt(dto.lateJustification, LATE_JUSTIFICATION_COLUMN, eventId)
          : null,
        noteCiphertext: dto.note ? this.encryption.encrypt(dto.note, EVENT_NOTE_COLUMN, eventId) : null,
        recordedBy: actor.userId,
      });
      await manager.update(AsylumApplicationEntity, applicationId, { status });
      await this.deadlines.refresh(manager, [applicationId], todayInMexicoCity());
      await this.audit.record(
        actor,
        {
          action: 'record_event',
          entityType: 'asylum_application',
          entityId: applicationId,
          details: { eventId: event.id, type: dto.type, from: application.status, to: status, late },
        },
        manager,
      );
      const updated = await manager.findOneByOrFail(AsylumApplicationEntity, { id: applicationId });
      return this.applications.toView(manager, updated, { withEvents: true });
    });
  }
}
