import type { ReferralStatus, ShareablePersonField, Urgency } from './referral.vocabularies';

export interface ReferralStatusChangeView {
  fromStatus: ReferralStatus | null;
  toStatus: ReferralStatus;
  note: string | null;
  changedBy: string;
  changedAt: Date;
}

/** What the referring shelter sees in a list. */
export interface ReferralSummary {
  id: string;
  personId: string;
  fromShelterId: string;
  serviceId: string;
  organizationId: string;
  urgency: Urgency;
  status: ReferralStatus;
  sharedFields: ShareablePersonField[];
  overdue: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** One referral, opened by the referring shelter: the reason and the history decrypted. */
export interface ReferralView extends ReferralSummary {
  reason: string;
  consentObtained: boolean;
  consentTakenBy: string;
  consentTakenAt: Date;
  history: ReferralStatusChangeView[];
}

/** What the receiving organization sees: the referral and only the person fields shared with it. */
export interface InboxReferralView {
  id: string;
  fromShelterId: string;
  serviceId: string;
  urgency: Urgency;
  status: ReferralStatus;
  reason: string;
  overdue: boolean;
  createdAt: Date;
  person: Partial<Record<ShareablePersonField, unknown>>;
}

export interface OverdueCount {
  shelterId: string;
  emergency: number;
  urgent: number;
  routine: number;
  total: number;
}
