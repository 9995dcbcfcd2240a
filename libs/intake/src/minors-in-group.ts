import { GroupMemberFacts, isParentOrGuardianOf, minorStatuses, MinorStatus } from '@albergue/platform';

import type { Relationship } from './intake.vocabularies';

/**
 * The rule lives in the platform (age/minors-in-group.ts), pure, so that the web app warns with it
 * while a group is typed; here it is typed with intake's relationships.
 */
export interface GroupMember extends GroupMemberFacts {
  relationship: Relationship;
}

export { isParentOrGuardianOf, minorStatuses };
export type { MinorStatus };
