import type { RequestMeta } from '@albergue/platform';

import type { Role } from './role';

/** The authenticated caller of a request: what every service scopes its queries by. */
export interface Actor extends RequestMeta {
  userId: string;
  role: Role;
  shelterIds: string[];
  organizationId: string | null;
  sessionId: string;
  /** True while the user's role needs two-factor sign-in (TOTP_REQUIRED_ROLES) and they have not turned it on. */
  mfaEnrollmentPending?: boolean;
}

/**
 * The shelters whose records the actor may see, or `null` for all of them (admins). A lawyer has
 * none, whatever an old account row still holds: she reaches persons only through her applications.
 */
export function shelterScopeOf(actor: Actor): string[] | null {
  if (actor.role === 'admin') return null;
  return actor.role === 'lawyer' ? [] : actor.shelterIds;
}

/** True when the actor may see records of this shelter. */
export function canSeeShelter(actor: Actor, shelterId: string): boolean {
  const scope = shelterScopeOf(actor);
  return scope === null || scope.includes(shelterId);
}
