import { contributeToPersonErasure, IntakeModule } from '@albergue/intake';
import { Module } from '@nestjs/common';

import { ReferralsPersonErasure } from './referrals-person-erasure';

/** Referrals' part in erasing a person, in the API and in the worker (retention). */
@Module({ imports: [IntakeModule], providers: contributeToPersonErasure('referrals', ReferralsPersonErasure) })
export class ReferralsErasureModule {}
