// The door of the module: what other modules may use. Entities, repositories and internal services stay inside.
export { DirectoryService } from './directory.service';
export { allowedTransitionsFrom } from './referral-transitions';
export { ReferralsErasureModule } from './referrals-erasure.module';
export { referralsEntities, ReferralsModule } from './referrals.module';
export { ReferralsService } from './referrals.service';
export * from './referrals.errors';
export * from './referral.vocabularies';
export type * from './referral.view';
