import type { Relationship } from './intake.vocabularies';
import { GroupMember, isParentOrGuardianOf, minorStatuses } from './minors-in-group';

const ARRIVAL = '2026-03-14';
const adult = (relationship: Relationship): GroupMember => ({ relationship, birthDate: '1990-01-01' });
const child = (relationship: Relationship, birth: Partial<GroupMember> = { birthDate: '2015-01-01' }): GroupMember => ({
  relationship,
  ...birth,
});

describe('minorStatuses', () => {
  it.each<[string, GroupMember[], (string | null)[]]>([
    ['a family: parents and their child', [adult('head'), adult('spouse'), child('child')], [null, null, null]],
    ['a child alone', [child('head')], ['unaccompanied_minor']],
    ['two siblings alone', [child('head'), child('sibling')], ['unaccompanied_minor', 'unaccompanied_minor']],
    [
      'born "about 2008", alone in March 2026, is presumed a minor',
      [child('head', { estimatedBirthYear: 2008 })],
      ['unaccompanied_minor'],
    ],
    [
      'a sibling estimated 2008 is no adult: both are unaccompanied',
      [child('head', { birthDate: '2012-05-01' }), child('sibling', { estimatedBirthYear: 2008 })],
      ['unaccompanied_minor', 'unaccompanied_minor'],
    ],
    ['a child with an uncle who heads the group', [adult('head'), child('other_relative')], [null, 'separated_child']],
    ['a grandchild with a grandparent', [child('head'), adult('grandparent')], ['separated_child', null]],
    ['a child with their mother recorded as the head’s parent', [child('head'), adult('parent')], [null, null]],
    [
      'a sibling of the head with the head’s parent',
      [adult('head'), child('sibling'), adult('parent')],
      [null, null, null],
    ],
    ['a child with a legal guardian', [adult('other'), child('other'), adult('legal_guardian')], [null, null, null]],
    ['a child with an adult sibling only', [adult('head'), child('sibling')], [null, 'separated_child']],
    ['a person of unknown age is no adult', [child('head'), { relationship: 'parent' }], ['unaccompanied_minor', null]],
    ['an adult alone', [adult('head')], [null]],
  ])('%s', (_, members, expected) => {
    expect(minorStatuses(members, ARRIVAL)).toEqual(expected);
  });

  it('turns a child into an adult on the 18th birthday, not before', () => {
    const group = [adult('other'), child('head', { birthDate: '2008-03-14' })];
    expect(minorStatuses(group, '2026-03-13')).toEqual([null, 'separated_child']);
    expect(minorStatuses(group, '2026-03-14')).toEqual([null, null]);
  });

  it('lets a legal guardian be anyone’s guardian, and a head only their children’s parent', () => {
    expect(isParentOrGuardianOf('legal_guardian', 'other')).toBe(true);
    expect(isParentOrGuardianOf('head', 'child')).toBe(true);
    expect(isParentOrGuardianOf('head', 'sibling')).toBe(false);
    expect(isParentOrGuardianOf('other_relative', 'child')).toBe(false);
  });
});
