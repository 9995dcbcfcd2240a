import { LocalizedText, UserRole, Vocabulary } from '@albergue/platform';

/**
 * Roles (docs/API.md, Access). The codes live in platform, which reads them from the configuration
 * (TOTP_REQUIRED_ROLES); `satisfies` makes the labels cover exactly those codes.
 */
export const ROLE_VOCABULARY = new Vocabulary<UserRole>('roles', {
  admin: { es: 'Administración', en: 'Administrator' },
  coordinator: { es: 'Coordinación del albergue', en: 'Shelter coordinator' },
  shelter_worker: { es: 'Personal del albergue', en: 'Shelter worker' },
  lawyer: { es: 'Abogada o abogado', en: 'Lawyer' },
  partner: { es: 'Organización aliada', en: 'Partner organization' },
} satisfies Record<UserRole, LocalizedText>);
export const ROLES = ROLE_VOCABULARY.codes;
export type Role = UserRole;

/** Roles whose work happens inside particular shelters, and so need at least one. */
export const SHELTER_ROLES: readonly Role[] = ['coordinator', 'shelter_worker'];
