import { readKey } from 'openpgp';

import { InvalidPgpPublicKey } from './exports.errors';

export interface CheckedPublicKey {
  armored: string;
  fingerprint: string;
}

/**
 * Accepts only a public key that can encrypt today: a private key pasted by mistake would put the
 * partner's secret in our database, and an expired or signing-only key would fail every export.
 */
export async function checkPgpPublicKey(armored: string): Promise<CheckedPublicKey> {
  let key;
  try {
    key = await readKey({ armoredKey: armored });
  } catch {
    throw new InvalidPgpPublicKey('is not an armored OpenPGP public key');
  }
  if (key.isPrivate()) throw new InvalidPgpPublicKey('is a private key: send only the public key');
  try {
    await key.getEncryptionKey();
  } catch {
    throw new InvalidPgpPublicKey('has no valid key for encryption (expired, revoked or signing only)');
  }
  return { armored: key.armor(), fingerprint: key.getFingerprint() };
}
