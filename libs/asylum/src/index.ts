export * from './asylum.errors';
export * from './asylum.entities';
export * from './asylum.module';
export * from './asylum-worker.module';
export {
  allowedEvents,
  applyEvent,
  awaitsDecision,
  initialStatus,
  outcomesFor,
  replayStatus,
  statusesOf,
} from './asylum-state-machine';
export type { StatusEvent } from './asylum-state-machine';
export * from './asylum-vocabulary';
export * from './business-calendar';
export * from './deadline-rules';
export * from './federal-holidays';
export { addCalendarDays, addYears, isIsoDate } from './iso-date';
export type { IsoDate } from './iso-date';
export { todayInMexicoCity } from './mexico-city-date';
export * from './reminders.queue';
