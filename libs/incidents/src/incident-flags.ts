import { AGE_OF_MAJORITY, AgeBand, ageOn, isChild } from './age-bands';
import { ActType, HURIDOCS_CODES, huridocsCodeOf, PerpetratorType, STATE_PERPETRATOR_TYPES } from './vocabularies';

/** A victim recorded anonymously, by age band. */
export interface AnonymousVictim {
  ageBand: AgeBand;
}

/** A victim with a person record: what is known of their birth, if anything. */
export interface KnownVictim {
  birthDate?: string | null;
  estimatedBirthYear?: number | null;
}

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
  if (victim.birthDate) return ageOn(victim.birthDate, occurredOn) < AGE_OF_MAJORITY;
  if (victim.estimatedBirthYear != null) {
    // Knowing only the year, the victim may have been born as late as 31 December; where that
    // leaves them possibly under 18 they are presumed a child (Ley General de los Derechos de
    // Niñas, Niños y Adolescentes, art. 5).
    return ageOn(`${victim.estimatedBirthYear}-12-31`, occurredOn) < AGE_OF_MAJORITY;
  }
  return false;
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
