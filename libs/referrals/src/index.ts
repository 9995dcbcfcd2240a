export * from './directory.service';
export * from './hsds-document';
export * from './referral-overdue';
export * from './referral-transitions';
export * from './referral.view';
export * from './referral.vocabularies';
export * from './referrals.module';
export * from './referrals.service';
