import { AsylumApplicationDependentEntity, AsylumApplicationEntity } from './asylum-application.entity';
import { AsylumDeadlineEntity } from './asylum-deadline.entity';
import { AsylumEventEntity } from './asylum-event.entity';
import { AsylumReminderEntity } from './asylum-reminder.entity';
import { CalendarClosureEntity } from './calendar-closure.entity';

/** The tables the asylum module owns. */
export const asylumEntities = [
  AsylumApplicationEntity,
  AsylumApplicationDependentEntity,
  AsylumEventEntity,
  CalendarClosureEntity,
  AsylumDeadlineEntity,
  AsylumReminderEntity,
];
