import { AccessModule } from '@albergue/access';
import { AsylumModule } from '@albergue/asylum';
import { IntakeModule } from '@albergue/intake';
import { registerEncryptedColumns } from '@albergue/platform';
import { ReferralsModule } from '@albergue/referrals';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

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
    CasefileErasureModule,
    TypeOrmModule.forFeature(casefileEntities),
  ],
  controllers: [CaseNotesController, SummariesController],
  providers: [CaseNotesService, SummariesService, registerEncryptedColumns('casefile', CASEFILE_ENCRYPTED_COLUMNS)],
  exports: [CaseNotesService, SummariesService],
})
export class CasefileModule {}
