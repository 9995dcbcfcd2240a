import fc from 'fast-check';

import type { AsylumEvent, DecisionOutcome, Jurisdiction } from './asylum-vocabulary';
import { BusinessCalendar } from './business-calendar';
import { AsylumTimeline, computeDeadlines } from './deadline-rules';
import { addCalendarDays } from './iso-date';

const DAYS_2024_TO_2040 = 17 * 365;
const date = fc.integer({ min: 0, max: DAYS_2024_TO_2040 }).map((offset) => addCalendarDays('2024-01-01', offset));
const closures = fc.uniqueArray(date, { maxLength: 40 });
const businessDays = fc.integer({ min: 1, max: 60 });
const jurisdiction = fc.constantFrom<Jurisdiction>('MX_COMAR', 'US_AFFIRMATIVE', 'US_DEFENSIVE');

const DECISIONS: Record<Jurisdiction, DecisionOutcome[]> = {
  MX_COMAR: ['recognized', 'complementary_protection', 'denied'],
  US_AFFIRMATIVE: ['granted', 'referred_to_court', 'denied'],
  US_DEFENSIVE: ['granted', 'withholding', 'cat_protection', 'denied'],
};

/**
 * A timeline that the state machine accepts: filed, then decided (or, at COMAR, abandoned),
 * appealed and the appeal decided, with gaps of days between.
 */
const timeline = jurisdiction.chain((j) =>
  fc
    .record({
      enteredCountryOn: date,
      gaps: fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 6, maxLength: 6 }),
      steps: fc.integer({ min: 0, max: 4 }),
      viaRepresentative: fc.boolean(),
      outcome: fc.constantFrom(...DECISIONS[j]),
      appealOutcome: fc.constantFrom(...DECISIONS[j]),
      abandoned: fc.boolean(),
    })
    .map(({ enteredCountryOn, gaps, steps, viaRepresentative, outcome, appealOutcome, abandoned }): AsylumTimeline => {
      const on = (step: number) =>
        addCalendarDays(
          enteredCountryOn,
          gaps.slice(0, step + 1).reduce((a, b) => a + b, 0),
        );
      const abandonment = j === 'MX_COMAR' && abandoned;
      const events: AsylumEvent[] = [
        { type: 'filed', occurredOn: on(0), viaRepresentative: j === 'MX_COMAR' && viaRepresentative },
        abandonment
          ? { type: 'abandoned', occurredOn: on(1), notifiedOn: on(2) }
          : { type: 'decision', occurredOn: on(1), notifiedOn: on(2), outcome },
      ];
      const appealable =
        abandonment || ['denied', 'complementary_protection', 'withholding', 'cat_protection'].includes(outcome);
      if (appealable && j !== 'US_AFFIRMATIVE') {
        events.push(
          { type: 'appeal_filed', occurredOn: on(3) },
          { type: 'appeal_decision', occurredOn: on(4), notifiedOn: on(5), outcome: appealOutcome },
        );
      }
      return { jurisdiction: j, enteredCountryOn, events: events.slice(0, steps) };
    }),
);

/** The court deadlines count on the federal holidays alone; the others on the jurisdiction's calendar. */
const COURT_KINDS = ['nullity_suit', 'amparo'];

describe('business-day properties', () => {
  it('addBusinessDays lands on a business day strictly after the start', () => {
    fc.assert(
      fc.property(date, businessDays, closures, (start, n, closed) => {
        const calendar = BusinessCalendar.mexico(closed);
        const due = calendar.addBusinessDays(start, n);
        expect(due > start).toBe(true);
        expect(calendar.isBusinessDay(due)).toBe(true);
      }),
    );
  });

  it('a later start never gives an earlier due date', () => {
    fc.assert(
      fc.property(date, date, businessDays, closures, (first, second, n, closed) => {
        const [earlier, later] = first <= second ? [first, second] : [second, first];
        const calendar = BusinessCalendar.mexico(closed);
        expect(calendar.addBusinessDays(earlier, n) <= calendar.addBusinessDays(later, n)).toBe(true);
      }),
    );
  });

  it('adding closures never brings a due date earlier', () => {
    fc.assert(
      fc.property(date, businessDays, closures, closures, (start, n, some, more) => {
        const fewer = BusinessCalendar.mexico(some).addBusinessDays(start, n);
        const extra = BusinessCalendar.mexico([...some, ...more]).addBusinessDays(start, n);
        expect(extra >= fewer).toBe(true);
      }),
    );
  });

  it('rollForward keeps a business day and otherwise moves to the next one', () => {
    fc.assert(
      fc.property(date, fc.boolean(), (day, inMexico) => {
        const calendar = inMexico ? BusinessCalendar.mexico() : BusinessCalendar.unitedStates();
        const rolled = calendar.rollForward(day);
        expect(calendar.isBusinessDay(rolled)).toBe(true);
        expect(rolled === day).toBe(calendar.isBusinessDay(day));
        expect(rolled >= day).toBe(true);
      }),
    );
  });
});

describe('deadline properties', () => {
  it('every due date is a business day of the jurisdiction', () => {
    fc.assert(
      fc.property(timeline, closures, date, (application, closed, today) => {
        const calendar = BusinessCalendar.of(application.jurisdiction, closed);
        for (const deadline of computeDeadlines(application, calendar, today)) {
          const counted = COURT_KINDS.includes(deadline.kind) ? BusinessCalendar.mexico() : calendar;
          expect(counted.isBusinessDay(deadline.dueOn)).toBe(true);
        }
      }),
    );
  });

  it('a later entry never gives an earlier filing deadline', () => {
    fc.assert(
      fc.property(jurisdiction, date, fc.integer({ min: 0, max: 60 }), closures, (j, entry, delay, closed) => {
        const calendar = BusinessCalendar.of(j, closed);
        const dueAfter = (enteredCountryOn: string) =>
          computeDeadlines({ jurisdiction: j, enteredCountryOn, events: [] }, calendar, entry)[0].dueOn;
        expect(dueAfter(addCalendarDays(entry, delay)) >= dueAfter(entry)).toBe(true);
      }),
    );
  });

  // The weekly signature is left out: a closure can push a past weekly day beyond today, so the
  // "next" one may then come sooner, though each weekly day itself only moves later.
  it('adding closures never brings a deadline earlier', () => {
    fc.assert(
      fc.property(timeline, closures, closures, date, (application, some, more, today) => {
        const dueDates = (closed: string[]) =>
          computeDeadlines(application, BusinessCalendar.of(application.jurisdiction, closed), today)
            .filter((deadline) => deadline.kind !== 'signature')
            .map((deadline) => deadline.dueOn);
        const fewer = dueDates(some);
        const extra = dueDates([...some, ...more]);
        expect(extra).toHaveLength(fewer.length);
        extra.forEach((due, index) => expect(due >= fewer[index]).toBe(true));
      }),
    );
  });

  it('met and late never both hold, and an unfulfilled deadline is neither', () => {
    fc.assert(
      fc.property(timeline, date, (application, today) => {
        const calendar = BusinessCalendar.of(application.jurisdiction);
        for (const deadline of computeDeadlines(application, calendar, today)) {
          expect(deadline.met && deadline.late).toBe(false);
          expect(deadline.met || deadline.late).toBe(deadline.fulfilledOn !== null);
        }
      }),
    );
  });

  it('the weekly signature is never before today', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 800 }), closures, (filedOn, daysLater, closed) => {
        const today = addCalendarDays(filedOn, daysLater);
        const application: AsylumTimeline = {
          jurisdiction: 'MX_COMAR',
          enteredCountryOn: filedOn,
          events: [{ type: 'filed', occurredOn: filedOn }],
        };
        const signature = computeDeadlines(application, BusinessCalendar.mexico(closed), today).find(
          (deadline) => deadline.kind === 'signature',
        );
        expect(signature!.dueOn >= today).toBe(true);
        expect(signature!.dueOn > filedOn).toBe(true);
      }),
    );
  });
});
