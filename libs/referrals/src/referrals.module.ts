import { AccessModule } from '@albergue/access';
import { IntakeModule } from '@albergue/intake';
import { registerEncryptedColumns, registerVocabularies } from '@albergue/platform';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { DirectoryController } from './directory.controller';
import { DirectoryService } from './directory.service';
import { DirectoryServiceEntity } from './directory-service.entity';
import { LocationEntity, ServiceAtLocationEntity } from './location.entity';
import { OrganizationEntity } from './organization.entity';
import { ReferralEntity, ReferralStatusChangeEntity } from './referral.entity';
import { REFERRAL_ENCRYPTED_COLUMNS } from './referral-encrypted-columns';
import { REFERRAL_VOCABULARIES } from './referral.vocabularies';
import { ReferralsController } from './referrals.controller';
import { ReferralsErasureModule } from './referrals-erasure.module';
import { ReferralsService } from './referrals.service';

export const referralsEntities = [
  OrganizationEntity,
  DirectoryServiceEntity,
  LocationEntity,
  ServiceAtLocationEntity,
  ReferralEntity,
  ReferralStatusChangeEntity,
];

/** The service directory (Open Referral HSDS) and referrals (docs/API.md, Referrals). */
@Module({
  imports: [AccessModule, IntakeModule, ReferralsErasureModule, TypeOrmModule.forFeature(referralsEntities)],
  controllers: [DirectoryController, ReferralsController],
  providers: [
    DirectoryService,
    ReferralsService,
    registerEncryptedColumns('referrals', REFERRAL_ENCRYPTED_COLUMNS),
    registerVocabularies('referrals', REFERRAL_VOCABULARIES),
  ],
  exports: [DirectoryService, ReferralsService],
})
export class ReferralsModule {}
