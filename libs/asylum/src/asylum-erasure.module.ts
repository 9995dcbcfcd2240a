import { IntakeModule } from '@albergue/intake';
import { Module } from '@nestjs/common';

import { AsylumPersonErasure } from './asylum-person-erasure';
import { AsylumRecordOwners } from './asylum-record-owners';

/** Asylum's part in erasing a person and in its attachments' scope, in the API and in the worker (retention). */
@Module({ imports: [IntakeModule], providers: [AsylumPersonErasure, AsylumRecordOwners] })
export class AsylumErasureModule {}
