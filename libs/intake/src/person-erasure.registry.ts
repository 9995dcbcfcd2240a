import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Rows a module anonymized, per table (camelCase, e.g. incidentActs): counts only, for the answer and the audit log. */
export type AnonymizedRows = Record<string, number>;

/**
 * What another module holds of a person, as it takes part in an erasure without intake knowing
 * its tables.
 */
export interface PersonErasureParticipant {
  /** One of PERSON_DATA_MODULES. */
  module: PersonDataModule;
  /** Anonymizes the module's records of the person inside the erasure's transaction. */
  anonymize(manager: EntityManager, personId: string): Promise<AnonymizedRows>;
  /**
   * SQL on the persons row aliased `p`, true while the module still needs the person's records
   * (an open asylum application): retention leaves them alone. May use `:retentionCutoff`.
   */
  retentionHold?: string;
}

/**
 * The modules besides intake that hold records of a person. An erasure refuses to run in a
 * process where one of them has not registered: it would leave that module's records behind.
 */
export const PERSON_DATA_MODULES = ['asylum', 'incidents', 'referrals', 'casefile'] as const;
export type PersonDataModule = (typeof PERSON_DATA_MODULES)[number];

/** Lets asylum, incidents, referrals and the case file anonymize their own records when intake erases a person. */
@Injectable()
export class PersonErasureRegistry {
  private readonly byModule = new Map<PersonDataModule, PersonErasureParticipant>();

  register(participant: PersonErasureParticipant): void {
    this.byModule.set(participant.module, participant);
  }

  /** Every participant, or an error naming those missing from this process. */
  participants(): PersonErasureParticipant[] {
    const missing = PERSON_DATA_MODULES.filter((module) => !this.byModule.has(module));
    if (missing.length > 0) {
      throw new Error(`person erasure is not wired in this process: ${missing.join(', ')} did not register`);
    }
    return PERSON_DATA_MODULES.map((module) => this.byModule.get(module)!);
  }
}
