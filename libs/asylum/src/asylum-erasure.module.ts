import { IntakeModule } from '@albergue/intake';
import { contributeToPersonErasure, contributeToRecordOwners } from '@albergue/platform';
import { Module } from '@nestjs/common';

import { AsylumPersonErasure } from './asylum-person-erasure';
import { AsylumApplicationRecordOwner } from './asylum-record-owners';

/** Asylum's part in erasing a person and in its attachments' scope, in the API and in the worker (retention). */
@Module({
  imports: [IntakeModule],
  providers: [
    ...contributeToPersonErasure('asylum', AsylumPersonErasure),
    ...contributeToRecordOwners('asylum_application', AsylumApplicationRecordOwner),
  ],
})
export class AsylumErasureModule {}
