import { USER_ROLES, UserRole } from '@albergue/platform';

/** Roles (API.md, Access). */
export const ROLES = USER_ROLES;
export type Role = UserRole;

/** Roles whose work happens inside particular shelters, and so need at least one. */
export const SHELTER_ROLES: readonly Role[] = ['coordinator', 'shelter_worker'];
