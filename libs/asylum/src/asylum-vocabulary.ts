import type { IsoDate } from './iso-date';

/** Where an application is decided (API.md, Asylum). */
export const JURISDICTIONS = ['MX_COMAR', 'US_AFFIRMATIVE', 'US_DEFENSIVE'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

/** The grounds of the claim (API.md, Asylum): the Convention's five, and those Mexican law and practice add. */
export const ASYLUM_GROUNDS = [
  'race',
  'religion',
  'nationality',
  'political_opinion',
  'particular_social_group',
  'generalized_violence',
  'gender',
  'other',
] as const;
export type AsylumGround = (typeof ASYLUM_GROUNDS)[number];

/** What can happen on an application's timeline (API.md, Asylum). */
export const ASYLUM_EVENT_TYPES = [
  'filed',
  'ratified',
  'interview_scheduled',
  'interview_held',
  'hearing_scheduled',
  'hearing_held',
  'signature_missed',
  'decision',
  'appeal_filed',
  'appeal_decision',
  'nullity_suit_filed',
  'amparo_filed',
  'abandoned',
  'withdrawn',
  'transferred',
  'closed',
] as const;
export type AsylumEventType = (typeof ASYLUM_EVENT_TYPES)[number];

/** The outcome a `decision` or `appeal_decision` event carries (API.md, Asylum). */
export const DECISION_OUTCOMES = [
  'recognized',
  'complementary_protection',
  'denied',
  'granted',
  'referred_to_court',
  'withholding',
  'cat_protection',
] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** Every status of every jurisdiction, for the check constraint of the status column. */
export const ASYLUM_STATUSES = [
  'preparing',
  'filed',
  'ratified',
  'interview_scheduled',
  'interview_held',
  'hearing_scheduled',
  'hearing_held',
  'recognized',
  'complementary_protection',
  'granted',
  'referred_to_court',
  'withholding',
  'cat_protection',
  'denied',
  'appeal_filed',
  'appeal_decided',
  'in_court',
  'abandoned',
  'withdrawn',
  'closed',
] as const;
export type AsylumStatus = (typeof ASYLUM_STATUSES)[number];

/** One entry of an application's timeline. */
export interface AsylumEvent {
  type: AsylumEventType;
  occurredOn: IsoDate;
  /**
   * On a decision, an appeal decision or an abandonment: the day the applicant was notified, which
   * starts the clock of the remedy against it; defaults to `occurredOn`.
   */
  notifiedOn?: IsoDate;
  /** Required on `decision` and `appeal_decision`, refused on every other event. */
  outcome?: DecisionOutcome;
  /** On `filed`: filed through a representative, so the applicant must ratify in person. */
  viaRepresentative?: boolean;
}
