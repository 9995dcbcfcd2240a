import { AccessModule } from '@albergue/access';
import { AsylumModule } from '@albergue/asylum';
import { DocumentsModule, DocumentsService } from '@albergue/documents';
import { IntakeModule } from '@albergue/intake';
import { registerEncryptedColumns, registerVocabularies } from '@albergue/platform';
import { ReferralsModule } from '@albergue/referrals';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { CASE_FILE_DOCUMENTS } from './case-file-documents';
import { CASE_NOTE_KIND_VOCABULARY } from './case-note-kinds';
import { CaseNoteEntity } from './case-note.entity';
import { CaseNotesController } from './case-notes.controller';
import { CaseNotesService } from './case-notes.service';
import { CASEFILE_ENCRYPTED_COLUMNS } from './casefile-encrypted-columns';
import { CasefileErasureModule } from './casefile-erasure.module';
import { SummariesController } from './summaries.controller';
import { SummariesService } from './summaries.service';

export const casefileEntities = [CaseNoteEntity];

/** A person's case file: typed, encrypted notes and the printable summaries (docs/API.md, Intake). */
@Module({
  imports: [
    AccessModule,
    IntakeModule,
    AsylumModule,
    ReferralsModule,
    DocumentsModule,
    CasefileErasureModule,
    TypeOrmModule.forFeature(casefileEntities),
  ],
  controllers: [CaseNotesController, SummariesController],
  providers: [
    CaseNotesService,
    SummariesService,
    registerEncryptedColumns('casefile', CASEFILE_ENCRYPTED_COLUMNS),
    registerVocabularies('casefile', [CASE_NOTE_KIND_VOCABULARY]),
    // The application summary lists the application's documents (metadata only, never content).
    { provide: CASE_FILE_DOCUMENTS, useExisting: DocumentsService },
  ],
  exports: [CaseNotesService, SummariesService],
})
export class CasefileModule {}
