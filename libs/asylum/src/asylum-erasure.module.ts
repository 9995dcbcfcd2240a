import { contributeToPersonErasure, IntakeModule } from '@albergue/intake';
import { Module } from '@nestjs/common';

import { AsylumPersonErasure } from './asylum-person-erasure';

/** Asylum's part in erasing a person, in the API and in the worker (retention). */
@Module({ imports: [IntakeModule], providers: contributeToPersonErasure('asylum', AsylumPersonErasure) })
export class AsylumErasureModule {}
