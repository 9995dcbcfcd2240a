import type { ReferralStatus } from './referral.vocabularies';

/** Which side of a referral makes a move: the receiving organization answers, the sending shelter cancels. */
export type ReferralSide = 'receiver' | 'sender';

/** The lifecycle: pending -> accepted | declined; accepted -> completed | no_show; open ones may be cancelled. */
export const REFERRAL_TRANSITIONS: Record<ReferralStatus, Partial<Record<ReferralStatus, ReferralSide>>> = {
  pending: { accepted: 'receiver', declined: 'receiver', cancelled: 'sender' },
  accepted: { completed: 'receiver', no_show: 'receiver', cancelled: 'sender' },
  declined: {},
  completed: {},
  no_show: {},
  cancelled: {},
};

export function allowedTransitionsFrom(status: ReferralStatus): ReferralStatus[] {
  return Object.keys(REFERRAL_TRANSITIONS[status]) as ReferralStatus[];
}

/** The side that may make the move, or null when the lifecycle does not allow it. */
export function sideOfTransition(from: ReferralStatus, to: ReferralStatus): ReferralSide | null {
  return REFERRAL_TRANSITIONS[from][to] ?? null;
}
