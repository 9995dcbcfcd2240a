import { ContributionRegistry } from '@albergue/platform';
import { Injectable } from '@nestjs/common';

/** Which of these ids (lower-cased uuids) name a recipient this module knows. */
export type ConsentRecipientDirectory = (ids: string[]) => Promise<string[]>;

/**
 * Who may be named as a consent's recipient, without incidents knowing the modules that hold
 * them: exports registers its partners and the directory's organizations
 * (`contributeTo(ConsentRecipientRegistry, 'exports', directory)`). With nothing registered every
 * id is unknown, so a consent never names a recipient nobody checked.
 */
@Injectable()
export class ConsentRecipientRegistry extends ContributionRegistry<ConsentRecipientDirectory> {
  protected readonly subject = 'consent recipient directories';

  /** The ids no registered directory knows. */
  async unknownAmong(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const known = new Set((await Promise.all(this.contributions().map((directory) => directory(ids)))).flat());
    return ids.filter((id) => !known.has(id));
  }
}
