// The door of the module: what other modules may use. Entities, repositories and internal services stay inside.
export { IntakeWorkerModule } from './intake-worker.module';
export { intakeEntities, IntakeModule } from './intake.module';
export { IntakeService } from './intake.service';
export { matchCandidatesQuery, matchKey, spellingsOf, spellingsQuery } from './match-candidates';
export type { CandidatesQuery, Spelling, Statement } from './match-candidates';
export { MatchingService } from './matching.service';
// Name folding is platform's (a migration needs it too); intake's door keeps it for its users.
export { foldName, nameTokens, searchNameOf } from '@albergue/platform';
export { PersonVisibilityRegistry } from './person-visibility.registry';
export type { PersonVisibilityRule } from './person-visibility.registry';
export { PersonsService } from './persons.service';
export { RETENTION_QUEUE, RETENTION_SCHEDULE } from './retention.queue';
export { SheltersService } from './shelters.service';
export { StaysService } from './stays.service';
export * from './intake.errors';
export * from './intake.vocabularies';
export type * from './person.view';
