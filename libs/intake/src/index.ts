// The door of the module: what other modules may use. Entities, repositories and internal services stay inside.
export { IntakeWorkerModule } from './intake-worker.module';
export { intakeEntities, IntakeModule } from './intake.module';
export { IntakeService } from './intake.service';
export { MatchingService } from './matching.service';
export { foldName, searchNameOf } from './name-normalization';
export { PersonVisibilityRegistry } from './person-visibility.registry';
export type { PersonVisibilityRule } from './person-visibility.registry';
export { PersonsService } from './persons.service';
export { RETENTION_QUEUE, RETENTION_SCHEDULE } from './retention.queue';
export { SheltersService } from './shelters.service';
export { StaysService } from './stays.service';
export * from './intake.errors';
export * from './intake.vocabularies';
export type * from './person.view';
