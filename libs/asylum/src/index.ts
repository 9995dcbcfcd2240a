// The door of the module: what other modules may use. Entities, repositories and internal services stay inside.
export { AsylumApplicationsService } from './asylum-applications.service';
export { asylumEntities } from './asylum.entities';
export { AsylumModule } from './asylum.module';
export { AsylumWorkerModule } from './asylum-worker.module';
export { BusinessCalendar } from './business-calendar';
export { addCalendarDays } from './iso-date';
export { reminderRunJobId, REMINDERS_QUEUE, REMINDERS_SCHEDULE } from './reminders.queue';
export * from './asylum.errors';
export * from './asylum-vocabulary';
export type * from './asylum-application.view';
export { AsylumEventsService } from './asylum-events.service';
export { todayInMexicoCity } from './mexico-city-date';
