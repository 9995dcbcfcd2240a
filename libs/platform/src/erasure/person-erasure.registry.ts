import { Injectable, Provider, Type } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { ContributionRegistry, contributeTo } from '../registry/contribution-registry';

/** Rows a module anonymized, per table (camelCase, e.g. incidentActs): counts only, for the answer and the audit log. */
export type AnonymizedRows = Record<string, number>;

/**
 * What another module holds of a person, as it takes part in an erasure without intake knowing
 * its tables.
 */
export interface PersonErasureParticipant {
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
 * It lives in platform, not intake, because documents (which know no module above platform) take
 * part too.
 */
export const PERSON_DATA_MODULES = ['asylum', 'incidents', 'referrals', 'casefile', 'documents'] as const;
export type PersonDataModule = (typeof PERSON_DATA_MODULES)[number];

/** Lets asylum, incidents, referrals, the case file and documents anonymize their own records when intake erases a person. */
@Injectable()
export class PersonErasureRegistry extends ContributionRegistry<PersonErasureParticipant, PersonDataModule> {
  protected readonly subject = 'person erasure participants';
  protected override readonly required = PERSON_DATA_MODULES;

  /** Every participant, or an error naming those missing from this process. */
  participants(): PersonErasureParticipant[] {
    return this.contributions();
  }
}

/**
 * The one line by which a module takes part in erasures: put it among the module's providers,
 * e.g. `contributeToPersonErasure('asylum', AsylumPersonErasure)` with the participant an injectable class.
 */
export function contributeToPersonErasure(
  module: PersonDataModule,
  participant: Type<PersonErasureParticipant>,
): Provider[] {
  return [
    participant,
    contributeTo(PersonErasureRegistry, module, {
      inject: [participant],
      useFactory: (instance: PersonErasureParticipant) => instance,
    }),
  ];
}
