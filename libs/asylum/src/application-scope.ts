import type { Actor } from '@albergue/access';

export interface ScopeCondition {
  sql: string;
  parameters: Record<string, unknown>;
}

/**
 * The applications an actor may see, as a condition on `asylum_applications` aliased `a`: admins
 * all (null), coordinators those their shelters follow, lawyers those assigned to them. Shelter
 * workers and partners never reach a query (their roles are refused), and would see nothing.
 */
export function applicationScopeOf(actor: Actor): ScopeCondition | null {
  switch (actor.role) {
    case 'admin':
      return null;
    case 'coordinator':
      return { sql: 'a.shelter_id = ANY(:scopeShelterIds)', parameters: { scopeShelterIds: actor.shelterIds } };
    case 'lawyer':
      return { sql: 'a.lawyer_id = :scopeLawyerId', parameters: { scopeLawyerId: actor.userId } };
    default:
      return { sql: 'false', parameters: {} };
  }
}
