// The door of the module: what other modules may use. Entities, repositories and internal services stay inside.
export { CASE_NOTE_KIND_VOCABULARY, CASE_NOTE_KINDS } from './case-note-kinds';
export type { CaseNoteKind } from './case-note-kinds';
export { CaseNotesService } from './case-notes.service';
export { CasefileErasureModule } from './casefile-erasure.module';
export { casefileEntities, CasefileModule } from './casefile.module';
export { SummariesService } from './summaries.service';
export * from './casefile.errors';
export type * from './case-note.view';
