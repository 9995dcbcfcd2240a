import { IntakeModule } from '@albergue/intake';
import { Module } from '@nestjs/common';

import { ReferralRecordOwners } from './referral-record-owners';
import { ReferralsPersonErasure } from './referrals-person-erasure';

/** Referrals' part in erasing a person and in its attachments' scope, in the API and in the worker (retention). */
@Module({ imports: [IntakeModule], providers: [ReferralsPersonErasure, ReferralRecordOwners] })
export class ReferralsErasureModule {}
