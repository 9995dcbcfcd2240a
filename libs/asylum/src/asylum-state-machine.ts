import { InvalidOutcome, TransitionNotAllowed, UnknownEventType } from './asylum.errors';
import { Transition, TRANSITIONS } from './asylum-transitions';
import {
  ASYLUM_EVENT_TYPES,
  AsylumEvent,
  AsylumEventType,
  AsylumStatus,
  DECISION_OUTCOMES,
  DecisionOutcome,
  Jurisdiction,
} from './asylum-vocabulary';

/** The part of a timeline event that moves the status. */
export type StatusEvent = Pick<AsylumEvent, 'type' | 'outcome'>;

const OUTCOME_EVENTS: readonly AsylumEventType[] = ['decision', 'appeal_decision'];

function transitionsFrom(jurisdiction: Jurisdiction, status: AsylumStatus) {
  const row = TRANSITIONS[jurisdiction]?.[status];
  // A status foreign to the jurisdiction can only come from corrupt data, never from a request.
  if (!row) throw new Error(`Status ${status} does not exist in jurisdiction ${jurisdiction}`);
  return row;
}

/** Every application starts here, before anything is lodged with an authority. */
export function initialStatus(_jurisdiction: Jurisdiction): AsylumStatus {
  return 'preparing';
}

/** The statuses an application of this jurisdiction can be in. */
export function statusesOf(jurisdiction: Jurisdiction): AsylumStatus[] {
  return Object.keys(TRANSITIONS[jurisdiction]) as AsylumStatus[];
}

/** The event types that the status accepts, in the order of docs/API.md. */
export function allowedEvents(jurisdiction: Jurisdiction, status: AsylumStatus): AsylumEventType[] {
  const row = transitionsFrom(jurisdiction, status);
  return ASYLUM_EVENT_TYPES.filter((type) => row[type] !== undefined);
}

/** The outcomes a `decision` or `appeal_decision` can carry in this jurisdiction; empty for other events. */
export function outcomesFor(jurisdiction: Jurisdiction, eventType: AsylumEventType): DecisionOutcome[] {
  const transitions: Transition[] = Object.values(TRANSITIONS[jurisdiction]).flatMap((row) => row[eventType] ?? []);
  const known = new Set(
    transitions.flatMap((transition) => (typeof transition === 'string' ? [] : Object.keys(transition))),
  );
  return DECISION_OUTCOMES.filter((outcome) => known.has(outcome));
}

function assertOutcomeFits(jurisdiction: Jurisdiction, type: AsylumEventType, outcome: unknown): void {
  if (!OUTCOME_EVENTS.includes(type)) {
    if (outcome !== undefined) throw new InvalidOutcome(type, outcome, []);
    return;
  }
  const valid = outcomesFor(jurisdiction, type);
  // An event that the jurisdiction never takes (an appeal of a USCIS decision) is refused as a transition.
  if (valid.length > 0 && !valid.includes(outcome as DecisionOutcome)) throw new InvalidOutcome(type, outcome, valid);
}

/**
 * The status after `event`. Throws InvalidOutcome (400) when the outcome is missing, does not fit
 * the jurisdiction or comes on an event that takes none, and TransitionNotAllowed (409, listing
 * the allowed events) when the status does not accept the event.
 */
export function applyEvent(jurisdiction: Jurisdiction, status: AsylumStatus, event: StatusEvent): AsylumStatus {
  const { type, outcome } = event;
  const row = transitionsFrom(jurisdiction, status);
  if (!ASYLUM_EVENT_TYPES.includes(type)) throw new UnknownEventType(type);
  assertOutcomeFits(jurisdiction, type, outcome);
  const transition = row[type];
  if (transition === undefined) throw new TransitionNotAllowed(status, type, allowedEvents(jurisdiction, status));
  if (typeof transition === 'string') return transition;
  const next = transition[outcome as DecisionOutcome];
  if (next === undefined) throw new InvalidOutcome(type, outcome, Object.keys(transition) as DecisionOutcome[]);
  return next;
}

/** The status reached by a whole timeline, in timeline order. */
export function replayStatus(jurisdiction: Jurisdiction, events: readonly StatusEvent[]): AsylumStatus {
  return events.reduce((status, event) => applyEvent(jurisdiction, status, event), initialStatus(jurisdiction));
}

/** True while the authority has yet to decide the application. */
export function awaitsDecision(jurisdiction: Jurisdiction, status: AsylumStatus): boolean {
  return allowedEvents(jurisdiction, status).includes('decision');
}
