import type { AsylumEventType, AsylumStatus, DecisionOutcome, Jurisdiction } from './asylum-vocabulary';

/** Where an event leads: one status, or for a decision one status per outcome that the jurisdiction knows. */
export type Transition = AsylumStatus | Readonly<Partial<Record<DecisionOutcome, AsylumStatus>>>;

/** status -> event -> next status. A status missing from a table does not exist in that jurisdiction. */
export type TransitionTable = Readonly<
  Partial<Record<AsylumStatus, Readonly<Partial<Record<AsylumEventType, Transition>>>>>
>;

const COMAR_DECISION = {
  recognized: 'recognized',
  complementary_protection: 'complementary_protection',
  denied: 'denied',
} as const;

const COMAR_APPEAL_DECISION = {
  recognized: 'appeal_decided',
  complementary_protection: 'appeal_decided',
  denied: 'appeal_decided',
} as const;

/**
 * Mexico, COMAR. While COMAR has yet to decide, a missed weekly signature and a transfer of the
 * file to another office are recorded without changing the status: the lawyer must act, but only
 * COMAR's own `abandoned` ends the procedure. COMAR may decide at any point of that wait (the
 * timeline records what COMAR did, even when an interview went unrecorded). Complementary
 * protection can be appealed too: it refuses refugee status. Withdrawing a pending appeal leaves
 * the application `withdrawn`, since nothing more can happen to it.
 */
export const COMAR_TRANSITIONS: TransitionTable = {
  preparing: { filed: 'filed', withdrawn: 'withdrawn', closed: 'closed' },
  filed: {
    ratified: 'ratified',
    interview_scheduled: 'interview_scheduled',
    signature_missed: 'filed',
    transferred: 'filed',
    decision: COMAR_DECISION,
    abandoned: 'abandoned',
    withdrawn: 'withdrawn',
  },
  ratified: {
    interview_scheduled: 'interview_scheduled',
    signature_missed: 'ratified',
    transferred: 'ratified',
    decision: COMAR_DECISION,
    abandoned: 'abandoned',
    withdrawn: 'withdrawn',
  },
  interview_scheduled: {
    interview_scheduled: 'interview_scheduled',
    interview_held: 'interview_held',
    signature_missed: 'interview_scheduled',
    transferred: 'interview_scheduled',
    decision: COMAR_DECISION,
    abandoned: 'abandoned',
    withdrawn: 'withdrawn',
  },
  interview_held: {
    interview_scheduled: 'interview_scheduled',
    signature_missed: 'interview_held',
    transferred: 'interview_held',
    decision: COMAR_DECISION,
    abandoned: 'abandoned',
    withdrawn: 'withdrawn',
  },
  recognized: { closed: 'closed' },
  complementary_protection: { appeal_filed: 'appeal_filed', closed: 'closed' },
  denied: { appeal_filed: 'appeal_filed', closed: 'closed' },
  appeal_filed: { appeal_decision: COMAR_APPEAL_DECISION, withdrawn: 'withdrawn' },
  // Against the appeal's ruling, a juicio contencioso administrativo or an amparo: either takes the case to court.
  appeal_decided: { nullity_suit_filed: 'in_court', amparo_filed: 'in_court', closed: 'closed' },
  in_court: { closed: 'closed' },
  // An abandonment can be appealed (recurso de revisión) like a denial.
  abandoned: { appeal_filed: 'appeal_filed', closed: 'closed' },
  withdrawn: { closed: 'closed' },
  closed: {},
};

const USCIS_DECISION = {
  granted: 'granted',
  referred_to_court: 'referred_to_court',
  denied: 'denied',
} as const;

/**
 * United States, affirmative (USCIS asylum office). USCIS may decide without an interview (a
 * no-show is referred to court). `referred_to_court` ends this application: the case goes on as a
 * new US_DEFENSIVE application whose `filed` event keeps this I-589's filing date, which is the
 * one the one-year bar looks at. `denied` is the final denial of an applicant who holds lawful
 * status, which USCIS does not refer and which has no appeal.
 */
export const US_AFFIRMATIVE_TRANSITIONS: TransitionTable = {
  preparing: { filed: 'filed', withdrawn: 'withdrawn', closed: 'closed' },
  filed: {
    interview_scheduled: 'interview_scheduled',
    transferred: 'filed',
    decision: USCIS_DECISION,
    abandoned: 'abandoned',
    withdrawn: 'withdrawn',
  },
  interview_scheduled: {
    interview_scheduled: 'interview_scheduled',
    interview_held: 'interview_held',
    transferred: 'interview_scheduled',
    decision: USCIS_DECISION,
    abandoned: 'abandoned',
    withdrawn: 'withdrawn',
  },
  interview_held: {
    interview_scheduled: 'interview_scheduled',
    transferred: 'interview_held',
    decision: USCIS_DECISION,
    abandoned: 'abandoned',
    withdrawn: 'withdrawn',
  },
  granted: { closed: 'closed' },
  referred_to_court: { closed: 'closed' },
  denied: { closed: 'closed' },
  abandoned: { closed: 'closed' },
  withdrawn: { closed: 'closed' },
  closed: {},
};

const IMMIGRATION_JUDGE_DECISION = {
  granted: 'granted',
  withholding: 'withholding',
  cat_protection: 'cat_protection',
  denied: 'denied',
} as const;

const BIA_DECISION = {
  granted: 'appeal_decided',
  withholding: 'appeal_decided',
  cat_protection: 'appeal_decided',
  denied: 'appeal_decided',
} as const;

/**
 * United States, defensive (immigration court). Master-calendar hearings often come before the
 * I-589 is lodged: they are recorded while `preparing` without changing it, and an application
 * not lodged by the judge's deadline may be held abandoned (8 CFR 1003.31(c)). Withholding and CAT
 * protection can be appealed to the BIA: they refuse asylum. Only the applicant's appeals are
 * tracked: an appeal by DHS of a grant, or a BIA remand to the judge, is not an event here.
 */
export const US_DEFENSIVE_TRANSITIONS: TransitionTable = {
  preparing: {
    filed: 'filed',
    hearing_scheduled: 'preparing',
    hearing_held: 'preparing',
    abandoned: 'abandoned',
    withdrawn: 'withdrawn',
    closed: 'closed',
  },
  filed: {
    hearing_scheduled: 'hearing_scheduled',
    transferred: 'filed',
    decision: IMMIGRATION_JUDGE_DECISION,
    abandoned: 'abandoned',
    withdrawn: 'withdrawn',
  },
  hearing_scheduled: {
    hearing_scheduled: 'hearing_scheduled',
    hearing_held: 'hearing_held',
    transferred: 'hearing_scheduled',
    decision: IMMIGRATION_JUDGE_DECISION,
    abandoned: 'abandoned',
    withdrawn: 'withdrawn',
  },
  hearing_held: {
    hearing_scheduled: 'hearing_scheduled',
    transferred: 'hearing_held',
    decision: IMMIGRATION_JUDGE_DECISION,
    abandoned: 'abandoned',
    withdrawn: 'withdrawn',
  },
  granted: { closed: 'closed' },
  withholding: { appeal_filed: 'appeal_filed', closed: 'closed' },
  cat_protection: { appeal_filed: 'appeal_filed', closed: 'closed' },
  denied: { appeal_filed: 'appeal_filed', closed: 'closed' },
  appeal_filed: { appeal_decision: BIA_DECISION, withdrawn: 'withdrawn' },
  appeal_decided: { closed: 'closed' },
  abandoned: { closed: 'closed' },
  withdrawn: { closed: 'closed' },
  closed: {},
};

export const TRANSITIONS: Readonly<Record<Jurisdiction, TransitionTable>> = {
  MX_COMAR: COMAR_TRANSITIONS,
  US_AFFIRMATIVE: US_AFFIRMATIVE_TRANSITIONS,
  US_DEFENSIVE: US_DEFENSIVE_TRANSITIONS,
};
