import { createHmac } from 'node:crypto';

export const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT made by hand, as an attacker would: any header, any claims, HMAC-signed with any key or not at all. */
export function forgeToken(
  header: object,
  claims: object,
  key: Buffer | null,
  hash: 'sha256' | 'sha512' = 'sha256',
): string {
  const unsigned = `${base64url(header)}.${base64url(claims)}`;
  const signature = key ? createHmac(hash, key).update(unsigned).digest('base64url') : '';
  return `${unsigned}.${signature}`;
}
