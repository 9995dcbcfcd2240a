import { contributeToPersonErasure, IntakeModule } from '@albergue/intake';
import { Module } from '@nestjs/common';

import { IncidentsPersonErasure } from './incidents-person-erasure';

/** Incidents' part in erasing a person, in the API and in the worker (retention). */
@Module({ imports: [IntakeModule], providers: contributeToPersonErasure('incidents', IncidentsPersonErasure) })
export class IncidentsErasureModule {}
