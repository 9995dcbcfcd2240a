import { DELIVERIES_QUEUE, webhookBackoff } from './exports.queues';

describe('webhookBackoff', () => {
  it('waits 5 s, 5 min, 30 min, 2 h, 5 h, 10 h between attempts', () => {
    expect([1, 2, 3, 4, 5, 6].map(webhookBackoff)).toEqual([
      5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000,
    ]);
  });

  it('tries once and then once after each wait', () => {
    expect(DELIVERIES_QUEUE.options.attempts).toBe(7);
  });
});
