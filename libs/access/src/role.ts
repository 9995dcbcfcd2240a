/** Roles (API.md, Access). */
export const ROLES = ['admin', 'coordinator', 'shelter_worker', 'lawyer', 'partner'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose work happens inside particular shelters, and so need at least one. */
export const SHELTER_ROLES: readonly Role[] = ['coordinator', 'shelter_worker'];
