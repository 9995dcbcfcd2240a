import { BirthFacts, isMinorOn } from '@albergue/platform';

import { AgeBand, isChild } from './age-bands';
import { ActType, HURIDOCS_CODES, huridocsCodeOf, PerpetratorType, STATE_PERPETRATOR_TYPES } from './vocabularies';

/** A victim recorded anonymously, by age band. */
export interface AnonymousVictim {
  ageBand: AgeBand;
}

/** A victim with a person record: what is known of their birth, if anything. */
export type KnownVictim = BirthFacts;

/** What the flags read of one act. */
export interface FlaggableAct {
  type: ActType;
  victim: AnonymousVictim | KnownVictim;
  perpetrators: readonly { type: PerpetratorType }[];
}

export interface FlaggableIncident {
  /** ISO date; ages are taken on this day, not today. */
  occurredOn: string;
  acts: readonly FlaggableAct[];
}

/** Derived facts that incident analysis filters and counts by. */
export interface IncidentFlags {
  childVictim: boolean;
  sexualViolence: boolean;
  statePerpetrator: boolean;
}

function wasChild(victim: AnonymousVictim | KnownVictim, occurredOn: string): boolean {
  if ('ageBand' in victim) return isChild(victim.ageBand);
  // Known only by an estimated year, a victim is presumed a child while that year allows it.
  return isMinorOn(victim, occurredOn);
}

export function incidentFlags(incident: FlaggableIncident): IncidentFlags {
  const { acts, occurredOn } = incident;
  return {
    childVictim: acts.some((act) => wasChild(act.victim, occurredOn)),
    sexualViolence: acts.some(
      (act) =>
        act.type === 'sexual_violence' || huridocsCodeOf('act-types', act.type) === HURIDOCS_CODES.sexualViolations,
    ),
    statePerpetrator: acts.some((act) =>
      act.perpetrators.some((perpetrator) => STATE_PERPETRATOR_TYPES.includes(perpetrator.type)),
    ),
  };
}
