import { createHash, randomBytes } from 'node:crypto';

import { generateSecret, generateURI, verify } from 'otplib';

/**
 * TOTP (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps) through otplib, and the one-time
 * recovery codes that stand in for a lost phone.
 */
export const TOTP_ISSUER = 'Albergue';
export const RECOVERY_CODE_COUNT = 10;
/** A code of the step before or after the current one is accepted too: clocks drift. */
const TOLERANCE_SECONDS = 30;
const RECOVERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUrl(secret: string, accountName: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: accountName, secret });
}

export function looksLikeTotp(code: string): boolean {
  return /^\d{6}$/.test(code.replace(/\s/g, ''));
}

/**
 * The time step of a valid code, or null. A code of `lastUsedStep` or earlier is refused, so a
 * code seen once (over a shoulder, in a proxy's log) cannot be used again.
 */
export async function matchTotp(secret: string, code: string, lastUsedStep: number | null): Promise<number | null> {
  const result = await verify({
    secret,
    token: code.replace(/\s/g, ''),
    epochTolerance: TOLERANCE_SECONDS,
    ...(lastUsedStep === null ? {} : { afterTimeStep: lastUsedStep }),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/** Ten codes of 16 characters (80 random bits each), shown once as `XXXX-XXXX-XXXX-XXXX`. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(16);
    const characters = [...bytes].map((byte) => RECOVERY_ALPHABET[byte % RECOVERY_ALPHABET.length]).join('');
    return characters.match(/.{4}/g)!.join('-');
  });
}

/** SHA-256 of the code without its dashes, spaces or case: enough for 80 random bits. */
export function hashRecoveryCode(code: string): Buffer {
  return createHash('sha256').update(code.replace(/[\s-]/g, '').toUpperCase()).digest();
}
