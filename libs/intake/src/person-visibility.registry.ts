import type { Actor } from '@albergue/access';
import { ContributionRegistry } from '@albergue/platform';
import { Injectable } from '@nestjs/common';

/** SQL on the persons row aliased `p`, with parameters named after the module that adds it (no clashes). */
export interface PersonVisibilityCondition {
  sql: string;
  parameters: Record<string, unknown>;
}

/** The condition under which this actor may also see a person, or null when the rule grants them nothing. */
export type PersonVisibilityRule = (actor: Actor) => PersonVisibilityCondition | null;

/**
 * Lets another module widen who sees a person without intake knowing that module's tables: asylum
 * adds "the persons on the lawyer's own applications". Intake ORs these conditions with its own
 * (a stay in the actor's shelters); a rule can only add persons, never hide one. A module adds its
 * rule with `contributeTo(PersonVisibilityRegistry, 'asylum', rule)` among its providers.
 */
@Injectable()
export class PersonVisibilityRegistry extends ContributionRegistry<PersonVisibilityRule> {
  protected readonly subject = 'person visibility rules';

  conditionsFor(actor: Actor): PersonVisibilityCondition[] {
    return this.contributions().flatMap((rule) => rule(actor) ?? []);
  }
}
