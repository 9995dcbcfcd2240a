import { createHmac, KeyObject } from 'node:crypto';

/**
 * A stable pseudonym of a record for one partner: the partner can link acts of the same incident
 * or victim across its exports, but two partners cannot link theirs, nor anyone reverse it.
 * The key is a KeyObject made once per export: Node 24 is several times slower with a Buffer.
 */
export function pseudonym(partnerKey: KeyObject, kind: 'incident' | 'victim', id: string): string {
  const digest = createHmac('sha256', partnerKey).update(`${kind}\u0000${id}`).digest('hex').slice(0, 20);
  return `${kind === 'incident' ? 'inc' : 'vic'}_${digest}`;
}
