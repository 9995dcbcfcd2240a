import { IntakeModule } from '@albergue/intake';
import { contributeToPersonErasure, contributeToRecordOwners } from '@albergue/platform';
import { Module } from '@nestjs/common';

import { ReferralRecordOwner } from './referral-record-owners';
import { ReferralsPersonErasure } from './referrals-person-erasure';

/** Referrals' part in erasing a person and in its attachments' scope, in the API and in the worker (retention). */
@Module({
  imports: [IntakeModule],
  providers: [
    ...contributeToPersonErasure('referrals', ReferralsPersonErasure),
    ...contributeToRecordOwners('referral', ReferralRecordOwner),
  ],
})
export class ReferralsErasureModule {}
