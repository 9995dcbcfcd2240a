export * from './case-file-documents';
export * from './case-note-kinds';
export * from './case-note.view';
export * from './case-notes.service';
export * from './casefile-erasure.module';
export * from './casefile.module';
export * from './summaries.service';
