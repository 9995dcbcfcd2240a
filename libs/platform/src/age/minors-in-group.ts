import { BirthFacts, isAdultOn, isMinorOn } from './person-age';

/**
 * One member of an arriving group: what is known of their birth and their relationship to the head
 * (a code of the `relationships` vocabulary). Pure, so the web app checks a group while it is typed
 * with the very rule the API applies at intake.
 */
export interface GroupMemberFacts extends BirthFacts {
  relationship: string;
}

/** What the law asks the shelter to notice about a child in the group; null for anyone else. */
export type MinorStatus = 'unaccompanied_minor' | 'separated_child' | null;

/**
 * Whether `adult` is a parent or legal guardian of `child`. Relationships are to the head of the
 * household, so: the head and the head's spouse are parents of the head's `child`ren; the head's
 * `parent`s are parents of the head and of the head's `sibling`s; a `legal_guardian` is the
 * guardian of every child in the group. Anything else (an uncle, a grandparent, a smuggler, a
 * stranger met on the way) is not a parent or guardian.
 */
export function isParentOrGuardianOf(adult: string, child: string): boolean {
  if (adult === 'legal_guardian') return true;
  if (child === 'child') return adult === 'head' || adult === 'spouse';
  if (child === 'head' || child === 'sibling') return adult === 'parent';
  return false;
}

/**
 * For each member, on the day of arrival: a child (presumed one when only an estimated year is
 * known: personAgeOn) in a group with no adult is an unaccompanied minor; a child whose group has
 * adults but none who is their parent or legal guardian is a separated child (UNHCR's term; Ley de
 * Migración art. 3 calls such a child unaccompanied too). Only a person surely 18 or more counts as
 * an adult: one with no birth date or year is neither.
 */
export function minorStatuses(members: readonly GroupMemberFacts[], arrivalDate: string): MinorStatus[] {
  const adults = members.filter((member) => isAdultOn(member, arrivalDate));
  return members.map((member) => {
    if (!isMinorOn(member, arrivalDate)) return null;
    if (adults.length === 0) return 'unaccompanied_minor';
    return adults.some((adult) => isParentOrGuardianOf(adult.relationship, member.relationship))
      ? null
      : 'separated_child';
  });
}
