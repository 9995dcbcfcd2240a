import { IntakeModule } from '@albergue/intake';
import { contributeToPersonErasure } from '@albergue/platform';
import { Module } from '@nestjs/common';

import { CasefilePersonErasure } from './casefile-person-erasure';

/** The case file's part in erasing a person, in the API and in the worker (retention). */
@Module({ imports: [IntakeModule], providers: contributeToPersonErasure('casefile', CasefilePersonErasure) })
export class CasefileErasureModule {}
