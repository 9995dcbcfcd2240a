import { IntakeModule } from '@albergue/intake';
import { Module } from '@nestjs/common';

import { IncidentRecordOwners } from './incident-record-owners';
import { IncidentsPersonErasure } from './incidents-person-erasure';

/** Incidents' part in erasing a person and in its attachments' scope, in the API and in the worker (retention). */
@Module({ imports: [IntakeModule], providers: [IncidentsPersonErasure, IncidentRecordOwners] })
export class IncidentsErasureModule {}
