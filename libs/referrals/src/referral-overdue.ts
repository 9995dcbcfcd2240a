import type { Urgency } from './referral.vocabularies';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A referral left pending past its urgency's limit (REFERRAL_OVERDUE_DAYS) is overdue. */
export function isOverdue(
  referral: { status: string; urgency: Urgency; createdAt: Date },
  overdueDays: Record<Urgency, number>,
  now: Date,
): boolean {
  return (
    referral.status === 'pending' &&
    now.getTime() - referral.createdAt.getTime() > overdueDays[referral.urgency] * DAY_MS
  );
}
