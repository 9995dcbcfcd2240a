import type { ConsentLevel } from './incident-consent.entity';

/** What a consent lets out, and to whom. */
export interface ConsentReach {
  level: ConsentLevel;
  /** Partner or organization ids, lower-cased. */
  recipients: string[];
  /** Names that could not become ids when recipients did: the consent is then limited even with no recipients. */
  unmatchedRecipients: number;
}

const NOTHING: ConsentReach = { level: 'none', recipients: [], unmatchedRecipients: 0 };

/** No recipients named: whoever the data-sharing agreements allow. */
export const reachesAnyone = (consent: ConsentReach): boolean =>
  consent.recipients.length === 0 && consent.unmatchedRecipients === 0;

type Audience = 'anyone' | string[];

/** Who may receive de-identified data (counts, pseudonymized acts). */
const deidentifiedAudience = (consent: ConsentReach): Audience =>
  consent.level === 'none' ? [] : reachesAnyone(consent) ? 'anyone' : consent.recipients;

/** Who may receive names and narratives: only the recipients of an identified consent, never anyone. */
const identifiedAudience = (consent: ConsentReach): Audience =>
  consent.level === 'identified' ? consent.recipients : [];

const within = (next: Audience, current: Audience): boolean =>
  current === 'anyone' || (next !== 'anyone' && next.every((recipient) => current.includes(recipient)));

/**
 * Whether `next` raises the consent in force (none when there is none yet), so that it waits for
 * a coordinator of the shelter or an admin: a move to identified, or data reaching a recipient the
 * consent in force did not let it reach. Lowering, withdrawing and narrowing take effect at once,
 * and so does a first (or, after a withdrawal, renewed) anonymous consent: de-identified data only,
 * as at the report.
 */
export function raisesConsent(next: ConsentReach, inForce: ConsentReach | null): boolean {
  const current = inForce ?? NOTHING;
  if (next.level === 'none') return false;
  if (next.level === 'identified' && current.level !== 'identified') return true;
  if (!within(identifiedAudience(next), identifiedAudience(current))) return true;
  if (current.level === 'none') return false;
  return !within(deidentifiedAudience(next), deidentifiedAudience(current));
}
