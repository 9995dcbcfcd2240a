import { COMMON_PASSWORDS, isSequential } from './common-passwords';
import { WeakPassword } from './access.errors';

export const MIN_PASSWORD_LENGTH = 12;

const foldAccents = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Refuses a password that is short, common, a plain run, or made of the user's own email or name. */
export function assertPasswordAcceptable(
  password: string,
  identity: { email: string; name: string },
  field = 'password',
): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) throw new WeakPassword('too_short', field);
  const folded = password.toLowerCase();
  if (COMMON_PASSWORDS.has(folded) || isSequential(folded)) throw new WeakPassword('too_common', field);
  const localPart = identity.email.split('@')[0];
  const identityParts = [localPart, ...localPart.split(/[._+-]/), ...identity.name.split(/\s+/)]
    .map(foldAccents)
    .filter((part) => part.length >= 4);
  const unaccented = foldAccents(password);
  if (identityParts.some((part) => unaccented.includes(part))) throw new WeakPassword('contains_identity', field);
}
