import { IntakeModule } from '@albergue/intake';
import { contributeToPersonErasure, contributeToRecordOwners } from '@albergue/platform';
import { Module } from '@nestjs/common';

import { IncidentRecordOwner } from './incident-record-owners';
import { IncidentsPersonErasure } from './incidents-person-erasure';

/** Incidents' part in erasing a person and in its attachments' scope, in the API and in the worker (retention). */
@Module({
  imports: [IntakeModule],
  providers: [
    ...contributeToPersonErasure('incidents', IncidentsPersonErasure),
    ...contributeToRecordOwners('incident', IncidentRecordOwner),
  ],
})
export class IncidentsErasureModule {}
