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

/** The shelters whose records the actor may see, or `null` for all of them (admins). */
export function shelterScopeOf(actor: Actor): string[] | null {
  return actor.role === 'admin' ? null : actor.shelterIds;
}

/** True when the actor may see records of this shelter. */
export function canSeeShelter(actor: Actor, shelterId: string): boolean {
  return actor.role === 'admin' || actor.shelterIds.includes(shelterId);
}
