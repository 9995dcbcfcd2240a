import { isOverdue } from './referral-overdue';
import { allowedTransitionsFrom, sideOfTransition } from './referral-transitions';
import { REFERRAL_STATUSES } from './referral.vocabularies';

describe('referral lifecycle', () => {
  it('lets the organization answer and the shelter cancel only while the referral is open', () => {
    expect(allowedTransitionsFrom('pending').sort()).toEqual(['accepted', 'cancelled', 'declined']);
    expect(allowedTransitionsFrom('accepted').sort()).toEqual(['cancelled', 'completed', 'no_show']);
    for (const closed of ['declined', 'completed', 'no_show', 'cancelled'] as const) {
      expect(allowedTransitionsFrom(closed)).toEqual([]);
    }
    expect(sideOfTransition('pending', 'accepted')).toBe('receiver');
    expect(sideOfTransition('accepted', 'cancelled')).toBe('sender');
    expect(REFERRAL_STATUSES.filter((to) => sideOfTransition('pending', to) !== null)).not.toContain('completed');
  });
});

describe('isOverdue', () => {
  const limits = { emergency: 1, urgent: 3, routine: 10 };
  const now = new Date('2026-11-20T12:00:00Z');
  const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 3600 * 1000);

  it.each([
    ['emergency', 1.1, 'pending', true],
    ['emergency', 0.9, 'pending', false],
    ['urgent', 3.1, 'pending', true],
    ['urgent', 2.9, 'pending', false],
    ['routine', 10.1, 'pending', true],
    ['routine', 9.9, 'pending', false],
    ['emergency', 30, 'accepted', false],
  ] as const)('%s referral %s days old, %s -> overdue %s', (urgency, age, status, expected) => {
    expect(isOverdue({ urgency, status, createdAt: daysAgo(age) }, limits, now)).toBe(expected);
  });
});
