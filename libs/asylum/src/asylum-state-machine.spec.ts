import { InvalidOutcome, TransitionNotAllowed, UnknownEventType } from './asylum.errors';
import {
  allowedEvents,
  applyEvent,
  awaitsDecision,
  initialStatus,
  outcomesFor,
  replayStatus,
  statusesOf,
} from './asylum-state-machine';
import {
  ASYLUM_EVENT_TYPES,
  ASYLUM_STATUSES,
  AsylumEventType,
  AsylumStatus,
  DECISION_OUTCOMES,
  DecisionOutcome,
  Jurisdiction,
} from './asylum-vocabulary';

/**
 * The legal transitions, written out again by hand, one per line: `status  event[:outcome]  next`.
 * The tests check the machine against this list, not against its own tables.
 */
const LEGAL: Record<Jurisdiction, string> = {
  MX_COMAR: `
    preparing                 filed                                     filed
    preparing                 withdrawn                                 withdrawn
    preparing                 closed                                    closed
    filed                     ratified                                  ratified
    filed                     interview_scheduled                       interview_scheduled
    filed                     signature_missed                          filed
    filed                     transferred                               filed
    filed                     decision:recognized                       recognized
    filed                     decision:complementary_protection         complementary_protection
    filed                     decision:denied                           denied
    filed                     abandoned                                 abandoned
    filed                     withdrawn                                 withdrawn
    ratified                  interview_scheduled                       interview_scheduled
    ratified                  signature_missed                          ratified
    ratified                  transferred                               ratified
    ratified                  decision:recognized                       recognized
    ratified                  decision:complementary_protection         complementary_protection
    ratified                  decision:denied                           denied
    ratified                  abandoned                                 abandoned
    ratified                  withdrawn                                 withdrawn
    interview_scheduled       interview_scheduled                       interview_scheduled
    interview_scheduled       interview_held                            interview_held
    interview_scheduled       signature_missed                          interview_scheduled
    interview_scheduled       transferred                               interview_scheduled
    interview_scheduled       decision:recognized                       recognized
    interview_scheduled       decision:complementary_protection         complementary_protection
    interview_scheduled       decision:denied                           denied
    interview_scheduled       abandoned                                 abandoned
    interview_scheduled       withdrawn                                 withdrawn
    interview_held            interview_scheduled                       interview_scheduled
    interview_held            signature_missed                          interview_held
    interview_held            transferred                               interview_held
    interview_held            decision:recognized                       recognized
    interview_held            decision:complementary_protection         complementary_protection
    interview_held            decision:denied                           denied
    interview_held            abandoned                                 abandoned
    interview_held            withdrawn                                 withdrawn
    recognized                closed                                    closed
    complementary_protection  appeal_filed                              appeal_filed
    complementary_protection  closed                                    closed
    denied                    appeal_filed                              appeal_filed
    denied                    closed                                    closed
    appeal_filed              appeal_decision:recognized                appeal_decided
    appeal_filed              appeal_decision:complementary_protection  appeal_decided
    appeal_filed              appeal_decision:denied                    appeal_decided
    appeal_filed              withdrawn                                 withdrawn
    appeal_decided            nullity_suit_filed                        in_court
    appeal_decided            amparo_filed                              in_court
    appeal_decided            closed                                    closed
    in_court                  closed                                    closed
    abandoned                 appeal_filed                              appeal_filed
    abandoned                 closed                                    closed
    withdrawn                 closed                                    closed
  `,
  US_AFFIRMATIVE: `
    preparing                 filed                                     filed
    preparing                 withdrawn                                 withdrawn
    preparing                 closed                                    closed
    filed                     interview_scheduled                       interview_scheduled
    filed                     transferred                               filed
    filed                     decision:granted                          granted
    filed                     decision:referred_to_court                referred_to_court
    filed                     decision:denied                           denied
    filed                     abandoned                                 abandoned
    filed                     withdrawn                                 withdrawn
    interview_scheduled       interview_scheduled                       interview_scheduled
    interview_scheduled       interview_held                            interview_held
    interview_scheduled       transferred                               interview_scheduled
    interview_scheduled       decision:granted                          granted
    interview_scheduled       decision:referred_to_court                referred_to_court
    interview_scheduled       decision:denied                           denied
    interview_scheduled       abandoned                                 abandoned
    interview_scheduled       withdrawn                                 withdrawn
    interview_held            interview_scheduled                       interview_scheduled
    interview_held            transferred                               interview_held
    interview_held            decision:granted                          granted
    interview_held            decision:referred_to_court                referred_to_court
    interview_held            decision:denied                           denied
    interview_held            abandoned                                 abandoned
    interview_held            withdrawn                                 withdrawn
    granted                   closed                                    closed
    referred_to_court         closed                                    closed
    denied                    closed                                    closed
    abandoned                 closed                                    closed
    withdrawn                 closed                                    closed
  `,
  US_DEFENSIVE: `
    preparing                 filed                                     filed
    preparing                 hearing_scheduled                         preparing
    preparing                 hearing_held                              preparing
    preparing                 abandoned                                 abandoned
    preparing                 withdrawn                                 withdrawn
    preparing                 closed                                    closed
    filed                     hearing_scheduled                         hearing_scheduled
    filed                     transferred                               filed
    filed                     decision:granted                          granted
    filed                     decision:withholding                      withholding
    filed                     decision:cat_protection                   cat_protection
    filed                     decision:denied                           denied
    filed                     abandoned                                 abandoned
    filed                     withdrawn                                 withdrawn
    hearing_scheduled         hearing_scheduled                         hearing_scheduled
    hearing_scheduled         hearing_held                              hearing_held
    hearing_scheduled         transferred                               hearing_scheduled
    hearing_scheduled         decision:granted                          granted
    hearing_scheduled         decision:withholding                      withholding
    hearing_scheduled         decision:cat_protection                   cat_protection
    hearing_scheduled         decision:denied                           denied
    hearing_scheduled         abandoned                                 abandoned
    hearing_scheduled         withdrawn                                 withdrawn
    hearing_held              hearing_scheduled                         hearing_scheduled
    hearing_held              transferred                               hearing_held
    hearing_held              decision:granted                          granted
    hearing_held              decision:withholding                      withholding
    hearing_held              decision:cat_protection                   cat_protection
    hearing_held              decision:denied                           denied
    hearing_held              abandoned                                 abandoned
    hearing_held              withdrawn                                 withdrawn
    granted                   closed                                    closed
    withholding               appeal_filed                              appeal_filed
    withholding               closed                                    closed
    cat_protection            appeal_filed                              appeal_filed
    cat_protection            closed                                    closed
    denied                    appeal_filed                              appeal_filed
    denied                    closed                                    closed
    appeal_filed              appeal_decision:granted                   appeal_decided
    appeal_filed              appeal_decision:withholding               appeal_decided
    appeal_filed              appeal_decision:cat_protection            appeal_decided
    appeal_filed              appeal_decision:denied                    appeal_decided
    appeal_filed              withdrawn                                 withdrawn
    appeal_decided            closed                                    closed
    abandoned                 closed                                    closed
    withdrawn                 closed                                    closed
  `,
};

/** Statuses with no way out; they appear in no line above as a starting status. */
const DEAD_ENDS: AsylumStatus[] = ['closed'];

interface LegalTransition {
  status: AsylumStatus;
  type: AsylumEventType;
  outcome?: DecisionOutcome;
  next: AsylumStatus;
}

function legalTransitions(jurisdiction: Jurisdiction): LegalTransition[] {
  return LEGAL[jurisdiction]
    .trim()
    .split('\n')
    .map((line) => {
      const [status, event, next] = line.trim().split(/\s+/);
      const [type, outcome] = event.split(':');
      return { status, type, outcome, next } as LegalTransition;
    });
}

const JURISDICTION_LIST: Jurisdiction[] = ['MX_COMAR', 'US_AFFIRMATIVE', 'US_DEFENSIVE'];

function refusal(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe.each(JURISDICTION_LIST)('%s state machine', (jurisdiction) => {
  const legal = legalTransitions(jurisdiction);
  const statuses = [...new Set([...legal.map((t) => t.status), ...DEAD_ENDS])];
  const eventsFrom = (status: AsylumStatus) =>
    ASYLUM_EVENT_TYPES.filter((type) => legal.some((t) => t.status === status && t.type === type));
  const outcomesOf = (type: AsylumEventType) =>
    DECISION_OUTCOMES.filter((o) => legal.some((t) => t.type === type && t.outcome === o));

  it('starts in preparing and has exactly the hand-listed statuses, all of them known', () => {
    expect(initialStatus(jurisdiction)).toBe('preparing');
    expect([...statusesOf(jurisdiction)].sort()).toEqual([...statuses].sort());
    expect(statuses.every((status) => ASYLUM_STATUSES.includes(status))).toBe(true);
    const reachable = new Set(['preparing', ...legal.map((t) => t.next)]);
    expect([...reachable].sort()).toEqual([...statuses].sort());
  });

  it.each(legal.map((t) => [t.status, t.outcome ? `${t.type}:${t.outcome}` : t.type, t.next, t] as const))(
    'allows %s --%s--> %s',
    (_status, _event, _next, transition) => {
      const { status, type, outcome, next } = transition;
      expect(applyEvent(jurisdiction, status, { type, outcome })).toBe(next);
      expect(allowedEvents(jurisdiction, status)).toContain(type);
    },
  );

  const illegal = statuses.flatMap((status) =>
    ASYLUM_EVENT_TYPES.filter((type) => !eventsFrom(status).includes(type)).map((type) => [status, type] as const),
  );

  it.each(illegal)('refuses %s --%s--> with 409 and the allowed events', (status, type) => {
    const outcome = outcomesOf(type)[0];
    const error = refusal(() => applyEvent(jurisdiction, status, { type, outcome }));
    const allowed = eventsFrom(status);
    expect(error).toBeInstanceOf(TransitionNotAllowed);
    expect(error).toMatchObject({ kind: 'conflict', code: 'transition_not_allowed', extensions: { allowed } });
    const { detail } = error as TransitionNotAllowed;
    for (const text of [detail.es, detail.en]) {
      expect(text).toContain(status);
      allowed.forEach((event) => expect(text).toContain(event));
    }
    expect(allowedEvents(jurisdiction, status)).toEqual(allowed);
  });

  const decisionSteps = legal.filter((t) => t.outcome).map((t) => [t.status, t.type] as const);
  const uniqueDecisionSteps = [...new Map(decisionSteps.map((step) => [step.join(' '), step])).values()];
  const misfits = uniqueDecisionSteps.flatMap(([status, type]) =>
    [...DECISION_OUTCOMES.filter((o) => !outcomesOf(type).includes(o)), undefined].map(
      (o) => [status, type, o] as const,
    ),
  );

  it.each(misfits)('refuses %s --%s:%s--> with 400 naming outcome', (status, type, outcome) => {
    const error = refusal(() => applyEvent(jurisdiction, status, { type, outcome }));
    expect(error).toBeInstanceOf(InvalidOutcome);
    expect(error).toMatchObject({
      kind: 'invalid',
      code: 'invalid_outcome',
      errors: [expect.objectContaining({ field: 'outcome' })],
      extensions: { allowedOutcomes: outcomesOf(type) },
    });
  });

  it('lists the outcomes of decisions and appeals in this jurisdiction', () => {
    expect(outcomesFor(jurisdiction, 'decision')).toEqual(outcomesOf('decision'));
    expect(outcomesFor(jurisdiction, 'appeal_decision')).toEqual(outcomesOf('appeal_decision'));
    expect(outcomesFor(jurisdiction, 'filed')).toEqual([]);
  });

  it('refuses an outcome on an event that takes none', () => {
    expect(() => applyEvent(jurisdiction, 'preparing', { type: 'filed', outcome: 'granted' })).toThrow(
      expect.objectContaining({
        kind: 'invalid',
        code: 'invalid_outcome',
        errors: [expect.objectContaining({ field: 'outcome' })],
      }),
    );
  });

  it('refuses an unknown event type as invalid input naming type', () => {
    expect(() => applyEvent(jurisdiction, 'preparing', { type: 'deported' as AsylumEventType })).toThrow(
      UnknownEventType,
    );
  });

  it('awaits a decision exactly in the statuses that accept one', () => {
    const awaiting = statuses.filter((status) => eventsFrom(status).includes('decision'));
    expect(statuses.filter((status) => awaitsDecision(jurisdiction, status))).toEqual(awaiting);
  });
});

describe('timelines', () => {
  it('replays a COMAR case from filing through a denied appeal', () => {
    const status = replayStatus('MX_COMAR', [
      { type: 'filed' },
      { type: 'ratified' },
      { type: 'signature_missed' },
      { type: 'interview_scheduled' },
      { type: 'interview_held' },
      { type: 'decision', outcome: 'denied' },
      { type: 'appeal_filed' },
      { type: 'appeal_decision', outcome: 'recognized' },
    ]);
    expect(status).toBe('appeal_decided');
  });

  it('refuses an appeal of a USCIS decision as a transition, not as a bad outcome', () => {
    expect(() => applyEvent('US_AFFIRMATIVE', 'referred_to_court', { type: 'appeal_filed' })).toThrow(
      TransitionNotAllowed,
    );
    expect(() => applyEvent('US_AFFIRMATIVE', 'denied', { type: 'appeal_decision', outcome: 'granted' })).toThrow(
      TransitionNotAllowed,
    );
  });

  it('refuses a COMAR outcome in a US court and a US outcome at COMAR', () => {
    expect(() => applyEvent('US_DEFENSIVE', 'hearing_held', { type: 'decision', outcome: 'recognized' })).toThrow(
      InvalidOutcome,
    );
    expect(() => applyEvent('MX_COMAR', 'interview_held', { type: 'decision', outcome: 'granted' })).toThrow(
      InvalidOutcome,
    );
  });

  it('treats a status of another jurisdiction as corrupt data', () => {
    expect(() => applyEvent('MX_COMAR', 'hearing_held', { type: 'decision', outcome: 'denied' })).toThrow(
      /does not exist in jurisdiction MX_COMAR/,
    );
  });
});
