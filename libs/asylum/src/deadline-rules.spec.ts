import type { AsylumEvent, DeadlineKind, Jurisdiction } from './asylum-vocabulary';
import { BusinessCalendar } from './business-calendar';
import { AsylumTimeline, computeDeadlines, Deadline, isLateFiling, RULE_VERSION } from './deadline-rules';

const TODAY = '2026-01-05';

function deadlinesOf(application: AsylumTimeline, closures: string[] = [], today = TODAY): Deadline[] {
  return computeDeadlines(application, BusinessCalendar.of(application.jurisdiction, closures), today);
}

function deadline(application: AsylumTimeline, kind: DeadlineKind, closures: string[] = [], today = TODAY): Deadline {
  const found = deadlinesOf(application, closures, today).filter((candidate) => candidate.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
}

const comar = (enteredCountryOn: string, events: AsylumEvent[] = []): AsylumTimeline => ({
  jurisdiction: 'MX_COMAR',
  enteredCountryOn,
  events,
});
const filedViaRepresentative = (occurredOn: string): AsylumEvent => ({
  type: 'filed',
  occurredOn,
  viaRepresentative: true,
});
const deniedOn = (occurredOn: string, notifiedOn?: string): AsylumEvent => ({
  type: 'decision',
  occurredOn,
  notifiedOn,
  outcome: 'denied',
});
const us = (jurisdiction: Jurisdiction, enteredCountryOn: string, events: AsylumEvent[] = []): AsylumTimeline => ({
  jurisdiction,
  enteredCountryOn,
  events,
});

describe('deadline dates on real calendars (expected dates counted by hand)', () => {
  it.each<[string, AsylumTimeline, DeadlineKind, string[], string]>([
    [
      // Entry Fri 18 Dec. Dec 21-24 = 1-4, 25 holiday, Dec 28-31 = 5-8, 1 Jan holiday, Jan 4-8 = 9-13,
      // Jan 11-15 = 14-18, 18-22 = 19-23, 25-29 = 24-28, Mon 1 Feb 2027 (first Monday) holiday, Feb 2 = 29, Feb 3 = 30.
      'COMAR filing over Christmas, New Year and the first Monday of February 2027',
      comar('2026-12-18'),
      'comar_filing',
      [],
      '2027-02-03',
    ],
    [
      // Entry Sat 6 Jun: day 1 is Mon 8 Jun. Six full weeks without holidays: Jun 8-12 = 1-5 ... Jul 13-17 = 26-30.
      'COMAR filing after an entry on a Saturday',
      comar('2026-06-06'),
      'comar_filing',
      [],
      '2026-07-17',
    ],
    [
      // Entry Fri 5 Jun counts from the same Monday 8 Jun as a Saturday entry.
      'COMAR filing after an entry on the Friday before',
      comar('2026-06-05'),
      'comar_filing',
      [],
      '2026-07-17',
    ],
    [
      // Entry Fri 7 Aug. Aug 10-14 = 1-5, 17-21 = 6-10, 24-28 = 11-15, Aug 31-Sep 4 = 16-20, Sep 7-11 = 21-25,
      // Sep 14-15 = 26-27, Wed 16 Sep holiday, Sep 17-18 = 28-29, Mon Sep 21 = 30.
      'COMAR filing over 16 September',
      comar('2026-08-07'),
      'comar_filing',
      [],
      '2026-09-21',
    ],
    [
      // Entry Mon 19 Aug 2030. Aug 20-23 = 1-4, 26-30 = 5-9, Sep 2-6 = 10-14, 9-13 = 15-19, Mon 16 Sep holiday,
      // Sep 17-20 = 20-23, 23-27 = 24-28, Mon 30 Sep = 29, Tue 1 Oct 2030 (inauguration) holiday, Wed 2 Oct = 30.
      'COMAR filing over 1 October 2030, an inauguration holiday',
      comar('2030-08-19'),
      'comar_filing',
      [],
      '2030-10-02',
    ],
    [
      // Entry Tue 19 Aug 2031. Aug 20-22 = 1-3, 25-29 = 4-8, Sep 1-5 = 9-13, 8-12 = 14-18, Mon 15 = 19,
      // Tue 16 Sep holiday, Sep 17-19 = 20-22, 22-26 = 23-27, Sep 29-30 = 28-29, Wed 1 Oct 2031 (a working day) = 30.
      'COMAR filing on 1 October 2031, a working day',
      comar('2031-08-19'),
      'comar_filing',
      [],
      '2031-10-01',
    ],
    [
      // Filed Fri 27 Sep 2030: Mon 30 Sep = 1, Tue 1 Oct holiday, Oct 2 = 2, Oct 3 = 3.
      'ratification over 1 October 2030',
      comar('2030-09-02', [filedViaRepresentative('2030-09-27')]),
      'ratification',
      [],
      '2030-10-03',
    ],
    [
      // Filed Fri 26 Sep 2031: Sep 29 = 1, Sep 30 = 2, Wed 1 Oct = 3.
      'ratification on 1 October 2031',
      comar('2031-09-01', [filedViaRepresentative('2031-09-26')]),
      'ratification',
      [],
      '2031-10-01',
    ],
    [
      // Filed Thu 12 Mar 2026: Fri 13 = 1, Mon 16 Mar (third Monday of March) holiday, Mar 17 = 2, Mar 18 = 3.
      'ratification over the third Monday of March 2026',
      comar('2026-03-02', [filedViaRepresentative('2026-03-12')]),
      'ratification',
      [],
      '2026-03-18',
    ],
    [
      // Filed Thu 11 Mar 2027: Fri 12 = 1, Mon 15 Mar (third Monday of March) holiday, Mar 16 = 2, Mar 17 = 3.
      'ratification over the third Monday of March 2027',
      comar('2027-03-01', [filedViaRepresentative('2027-03-11')]),
      'ratification',
      [],
      '2027-03-17',
    ],
    [
      // Filed Mon 14 Sep: Sep 15 = 1, Wed 16 Sep holiday, Sep 17 = 2, Sep 18 = 3.
      'ratification over 16 September',
      comar('2026-09-01', [filedViaRepresentative('2026-09-14')]),
      'ratification',
      [],
      '2026-09-18',
    ],
    [
      // Filed Mon 8 Jun: Jun 9-11 = 1-3; the admin closes Thu 11 Jun, so Fri 12 Jun = 3.
      'ratification moved by a closure on its last day',
      comar('2026-06-01', [filedViaRepresentative('2026-06-08')]),
      'ratification',
      ['2026-06-11'],
      '2026-06-12',
    ],
    [
      // Filed Mon 19 Oct: Oct 20-23 = 1-4, 26-30 = 5-9, Nov 2-6 = 10-14, 9-13 = 15-19, Mon 16 Nov (third Monday)
      // holiday, Nov 17-20 = 20-23, 23-27 = 24-28, Nov 30-Dec 4 = 29-33, Dec 7-11 = 34-38, 14-18 = 39-43, Dec 21-22 = 44-45.
      'COMAR decision term over the third Monday of November 2026',
      comar('2026-10-01', [{ type: 'filed', occurredOn: '2026-10-19' }]),
      'comar_decision',
      [],
      '2026-12-22',
    ],
    [
      // Notified Fri 23 Jan 2026: Jan 26-30 = 1-5, Mon 2 Feb (first Monday) holiday, Feb 3-6 = 6-9, 9-13 = 10-14, Feb 16 = 15.
      'COMAR appeal over the first Monday of February 2026',
      comar('2025-10-01', [{ type: 'filed', occurredOn: '2025-10-20' }, deniedOn('2026-01-21', '2026-01-23')]),
      'appeal',
      [],
      '2026-02-16',
    ],
    [
      // Notified Mon 13 Jan 2025: Jan 14-17 = 1-4, 20-24 = 5-9, 27-31 = 10-14, Mon 3 Feb holiday, Tue 4 Feb = 15.
      'COMAR appeal over the first Monday of February 2025',
      comar('2024-10-01', [{ type: 'filed', occurredOn: '2024-10-14' }, deniedOn('2025-01-13')]),
      'appeal',
      [],
      '2025-02-04',
    ],
    [
      // Notified Wed 1 Nov 2028: Nov 2-3 = 1-2, 6-10 = 3-7, 13-17 = 8-12, Mon 20 Nov (third Monday) holiday, Nov 21-23 = 13-15.
      'COMAR appeal over the third Monday of November 2028',
      comar('2028-07-03', [{ type: 'filed', occurredOn: '2028-07-20' }, deniedOn('2028-11-01')]),
      'appeal',
      [],
      '2028-11-23',
    ],
    [
      // Notified Fri 20 Mar 2026: Mar 23-27 = 1-5, Mar 30-Apr 3 = 6-10, Apr 6-10 = 11-15.
      'COMAR appeal with no closure',
      comar('2025-12-01', [{ type: 'filed', occurredOn: '2025-12-15' }, deniedOn('2026-03-20')]),
      'appeal',
      [],
      '2026-04-10',
    ],
    [
      // Same, COMAR closed on Holy Thursday and Friday (2-3 Apr): Mar 23-27 = 1-5, Mar 30-Apr 1 = 6-8,
      // Apr 6-10 = 9-13, Apr 13-14 = 14-15.
      'COMAR appeal moved by the Holy Week closure an admin entered',
      comar('2025-12-01', [{ type: 'filed', occurredOn: '2025-12-15' }, deniedOn('2026-03-20')]),
      'appeal',
      ['2026-04-02', '2026-04-03'],
      '2026-04-14',
    ],
    [
      // Last arrival 15 Mar 2025; one year later is Sunday 15 Mar 2026, so Monday 16 Mar.
      'US one-year filing rolled past a weekend',
      us('US_AFFIRMATIVE', '2025-03-15'),
      'us_one_year_filing',
      [],
      '2026-03-16',
    ],
    [
      // One year after 19 Jun 2025 is Friday 19 Jun 2026, Juneteenth: Monday 22 Jun.
      'US one-year filing rolled past Juneteenth',
      us('US_DEFENSIVE', '2025-06-19'),
      'us_one_year_filing',
      [],
      '2026-06-22',
    ],
    [
      // One year after 3 Jul 2025 is Friday 3 Jul 2026, Independence Day observed (4 Jul is a Saturday): Monday 6 Jul.
      'US one-year filing rolled past an observed Independence Day and a weekend',
      us('US_AFFIRMATIVE', '2025-07-03'),
      'us_one_year_filing',
      [],
      '2026-07-06',
    ],
    [
      // 29 Feb 2024 + 1 year = 28 Feb 2025, a Friday and a business day.
      'US one-year filing from 29 February',
      us('US_AFFIRMATIVE', '2024-02-29'),
      'us_one_year_filing',
      [],
      '2025-02-28',
    ],
    [
      // Decision Tue 27 Oct + 30 days = Thu 26 Nov 2026, Thanksgiving: Friday 27 Nov.
      'BIA appeal rolled past Thanksgiving',
      us('US_DEFENSIVE', '2025-01-10', [{ type: 'filed', occurredOn: '2025-06-02' }, deniedOn('2026-10-27')]),
      'bia_appeal',
      [],
      '2026-11-27',
    ],
    [
      // Decision Wed 25 Nov + 30 days = Fri 25 Dec 2026, Christmas: Monday 28 Dec.
      'BIA appeal rolled past Christmas and a weekend',
      us('US_DEFENSIVE', '2025-01-10', [{ type: 'filed', occurredOn: '2025-06-02' }, deniedOn('2026-11-25')]),
      'bia_appeal',
      [],
      '2026-12-28',
    ],
    [
      // Decision Wed 20 May + 30 days = Fri 19 Jun 2026, Juneteenth: Monday 22 Jun.
      'BIA appeal rolled past Juneteenth',
      us('US_DEFENSIVE', '2025-01-10', [{ type: 'filed', occurredOn: '2025-06-02' }, deniedOn('2026-05-20')]),
      'bia_appeal',
      [],
      '2026-06-22',
    ],
    [
      // Decision Wed 1 Dec 2021 + 30 days = Fri 31 Dec, New Year 2022 observed: Sat, Sun, then Monday 3 Jan 2022.
      'BIA appeal rolled past New Year observed on 31 December',
      us('US_DEFENSIVE', '2021-01-10', [{ type: 'filed', occurredOn: '2021-06-01' }, deniedOn('2021-12-01')]),
      'bia_appeal',
      [],
      '2022-01-03',
    ],
    [
      // Decision Sat 19 Dec 2026 + 30 days = Mon 18 Jan 2027, Martin Luther King Jr. Day: Tuesday 19 Jan.
      'BIA appeal rolled past Martin Luther King Jr. Day; US closures are not applied',
      us('US_DEFENSIVE', '2026-01-10', [{ type: 'filed', occurredOn: '2026-06-01' }, deniedOn('2026-12-19')]),
      'bia_appeal',
      [],
      '2027-01-19',
    ],
  ])('%s', (_case, application, kind, closures, dueOn) => {
    expect(deadline(application, kind, closures).dueOn).toBe(dueOn);
  });
});

describe('deadlines of a timeline', () => {
  it('gives a new COMAR application only its filing deadline, open, with its basis and rule version', () => {
    expect(deadlinesOf(comar('2026-12-18'))).toEqual([
      {
        kind: 'comar_filing',
        dueOn: '2027-02-03',
        basis: expect.stringContaining('art. 18'),
        ruleVersion: RULE_VERSION,
        met: false,
        fulfilledOn: null,
        late: false,
        informative: false,
        open: true,
      },
    ]);
  });

  it('follows a COMAR application filed through a representative, ratified, interviewed and still pending', () => {
    const application = comar('2026-06-06', [
      filedViaRepresentative('2026-07-13'),
      { type: 'ratified', occurredOn: '2026-07-16' },
      { type: 'interview_scheduled', occurredOn: '2026-08-03' },
    ]);
    // Filed Mon 13 Jul: ratification Jul 14-16 = 1-3; decision term 45 business days from Jul 14:
    // Jul 14-17 = 1-4, Jul 20 - Sep 11 = 8 weeks = 5-44, Sep 14 = 45.
    // Weekly signature from Jul 13: Jul 20, 27, Aug 3, 10, 17 ...; today Wed 12 Aug -> Mon 17 Aug.
    expect(deadlinesOf(application, [], '2026-08-12')).toEqual([
      expect.objectContaining({
        kind: 'comar_filing',
        dueOn: '2026-07-17',
        met: true,
        fulfilledOn: '2026-07-13',
        open: false,
      }),
      expect.objectContaining({ kind: 'ratification', dueOn: '2026-07-16', met: true, late: false, open: false }),
      expect.objectContaining({
        kind: 'comar_decision',
        dueOn: '2026-09-14',
        met: false,
        informative: true,
        open: true,
        basis: expect.stringContaining('art. 24'),
      }),
      expect.objectContaining({ kind: 'signature', dueOn: '2026-08-17', met: false, open: true, informative: false }),
    ]);
  });

  it('asks no ratification for a filing in person', () => {
    const kinds = deadlinesOf(comar('2026-06-06', [{ type: 'filed', occurredOn: '2026-06-10' }])).map((d) => d.kind);
    expect(kinds).toEqual(['comar_filing', 'comar_decision', 'signature']);
  });

  it('records a late filing and a late ratification as fulfilled but not met', () => {
    const application = comar('2026-06-06', [
      filedViaRepresentative('2026-07-20'),
      { type: 'ratified', occurredOn: '2026-07-24' },
    ]);
    expect(deadline(application, 'comar_filing')).toMatchObject({
      dueOn: '2026-07-17',
      met: false,
      late: true,
      fulfilledOn: '2026-07-20',
      open: false,
    });
    // Filed Mon 20 Jul: Jul 21-23 = 1-3.
    expect(deadline(application, 'ratification')).toMatchObject({ dueOn: '2026-07-23', met: false, late: true });
  });

  it('keeps a missed ratification open while the application waits in status filed', () => {
    const application = comar('2026-06-06', [filedViaRepresentative('2026-07-13')]);
    expect(deadline(application, 'ratification', [], '2026-08-01')).toMatchObject({
      met: false,
      late: false,
      open: true,
    });
  });

  it('opens a COMAR appeal after a denial, from the notification, and meets it with an appeal filed in time', () => {
    const denied = comar('2025-12-01', [
      { type: 'filed', occurredOn: '2025-12-15' },
      deniedOn('2026-03-18', '2026-03-20'),
    ]);
    expect(deadline(denied, 'appeal')).toMatchObject({ dueOn: '2026-04-10', open: true, met: false });
    expect(deadline(denied, 'comar_decision')).toMatchObject({ met: false, late: true, fulfilledOn: '2026-03-18' });
    expect(deadlinesOf(denied).map((d) => d.kind)).not.toContain('signature');

    const appealed = {
      ...denied,
      events: [...denied.events, { type: 'appeal_filed' as const, occurredOn: '2026-04-10' }],
    };
    expect(deadline(appealed, 'appeal')).toMatchObject({
      met: true,
      late: false,
      fulfilledOn: '2026-04-10',
      open: false,
    });
  });

  it('opens a COMAR appeal after complementary protection, which refuses refugee status, but not after recognition', () => {
    const events: AsylumEvent[] = [
      { type: 'filed', occurredOn: '2025-12-15' },
      { type: 'decision', occurredOn: '2026-03-20', outcome: 'complementary_protection' },
    ];
    expect(deadline(comar('2025-12-01', events), 'appeal').dueOn).toBe('2026-04-10');
    const recognized: AsylumEvent[] = [
      events[0],
      { type: 'decision', occurredOn: '2026-03-20', outcome: 'recognized' },
    ];
    expect(deadlinesOf(comar('2025-12-01', recognized)).map((d) => d.kind)).toEqual(['comar_filing', 'comar_decision']);
  });

  it('closes the unmet deadlines of a withdrawn application', () => {
    const withdrawn = comar('2026-06-06', [{ type: 'withdrawn', occurredOn: '2026-06-20' }]);
    expect(deadlinesOf(withdrawn)).toEqual([
      expect.objectContaining({ kind: 'comar_filing', met: false, open: false }),
    ]);
  });

  it('places the weekly signature on the next weekly day on or after today, rolled past holidays', () => {
    // Filed Wed 9 Sep 2026: weekly days Sep 16 (holiday, so Thu 17), Sep 23, Sep 30.
    const pending = comar('2026-08-20', [{ type: 'filed', occurredOn: '2026-09-09' }]);
    expect(deadline(pending, 'signature', [], '2026-09-09').dueOn).toBe('2026-09-17');
    expect(deadline(pending, 'signature', [], '2026-09-17').dueOn).toBe('2026-09-17');
    expect(deadline(pending, 'signature', [], '2026-09-18').dueOn).toBe('2026-09-23');
    expect(deadline(pending, 'signature', [], '2026-09-23').dueOn).toBe('2026-09-23');
  });

  it('keeps a weekly signature that a closure pushed past today', () => {
    // Filed Wed 2 Dec 2026: weekly days Dec 9, 16, 23, 30. With COMAR closed Dec 21-24 (and 25 a holiday),
    // Dec 23 rolls to Mon 28 Dec, which is still ahead on Sat 26 Dec; without the closure the next is Dec 30.
    const pending = comar('2026-11-20', [{ type: 'filed', occurredOn: '2026-12-02' }]);
    const closures = ['2026-12-21', '2026-12-22', '2026-12-23', '2026-12-24'];
    expect(deadline(pending, 'signature', closures, '2026-12-26').dueOn).toBe('2026-12-28');
    expect(deadline(pending, 'signature', [], '2026-12-26').dueOn).toBe('2026-12-30');
  });

  it('keeps the signature going through a missed signature and a transfer, and stops it at abandonment', () => {
    const events: AsylumEvent[] = [
      { type: 'filed', occurredOn: '2026-09-09' },
      { type: 'signature_missed', occurredOn: '2026-09-17' },
      { type: 'transferred', occurredOn: '2026-09-18' },
    ];
    expect(deadline(comar('2026-08-20', events), 'signature', [], '2026-09-18').dueOn).toBe('2026-09-23');
    const abandoned = comar('2026-08-20', [...events, { type: 'abandoned', occurredOn: '2026-10-01' }]);
    expect(deadlinesOf(abandoned, [], '2026-10-02').map((d) => [d.kind, d.open])).toEqual([
      ['comar_filing', false],
      ['comar_decision', false],
      ['abandonment_appeal', true],
    ]);
  });

  it('opens a recurso de revisión after an abandonment ruling, from its notification, on COMAR’s calendar', () => {
    // Notified Fri 20 Mar 2026: Mar 23-27 = 1-5, Mar 30-Apr 3 = 6-10, Apr 6-10 = 11-15.
    const abandoned = comar('2025-12-01', [
      { type: 'filed', occurredOn: '2025-12-15' },
      { type: 'abandoned', occurredOn: '2026-03-18', notifiedOn: '2026-03-20' },
    ]);
    const appeal = deadline(abandoned, 'abandonment_appeal');
    expect(appeal).toMatchObject({
      dueOn: '2026-04-10',
      open: true,
      met: false,
      late: false,
      ruleVersion: RULE_VERSION,
    });
    expect(appeal.basis).toMatch(/Ley sobre Refugiados.*art\. 25.*Ley Federal de Procedimiento Administrativo/);
    // A COMAR closure on Wed 25 Mar gives one more day.
    expect(deadline(abandoned, 'abandonment_appeal', ['2026-03-25']).dueOn).toBe('2026-04-13');
    const appealed = comar('2025-12-01', [...abandoned.events, { type: 'appeal_filed', occurredOn: '2026-04-13' }]);
    expect(deadline(appealed, 'abandonment_appeal')).toMatchObject({ met: false, late: true, open: false });
  });

  it.each<[string, string, string[], string, string]>([
    // Notified Fri 5 Jun 2026. Amparo: Jun 8-12 = 1-5, 15-19 = 6-10, 22-26 = 11-15.
    // Nullity suit: Jun 29-Jul 3 = 16-20, Jul 6-10 = 21-25, 13-17 = 26-30.
    ['without holidays', '2026-06-05', [], '2026-06-26', '2026-07-17'],
    // Notified Fri 4 Sep 2026. Amparo: Sep 7-11 = 1-5, 14-15 = 6-7, Wed 16 Sep holiday, 17-18 = 8-9,
    // 21-25 = 10-14, Mon 28 = 15. Nullity: Sep 29-Oct 2 = 16-19, Oct 5-9 = 20-24, 12-16 = 25-29, Mon 19 = 30.
    ['over 16 September', '2026-09-04', [], '2026-09-28', '2026-10-19'],
    // A COMAR closure does not close the courts.
    ['through a COMAR closure', '2026-09-04', ['2026-09-08', '2026-09-22'], '2026-09-28', '2026-10-19'],
  ])(
    'opens the juicio contencioso and the amparo after an adverse appeal ruling, %s',
    (_, notifiedOn, closures, amparoDue, nullityDue) => {
      const ruled = comar('2025-12-01', [
        { type: 'filed', occurredOn: '2025-12-15' },
        deniedOn('2026-03-18'),
        { type: 'appeal_filed', occurredOn: '2026-03-25' },
        { type: 'appeal_decision', occurredOn: notifiedOn, notifiedOn, outcome: 'denied' },
      ]);
      const amparo = deadline(ruled, 'amparo', closures);
      const nullity = deadline(ruled, 'nullity_suit', closures);
      expect(amparo).toMatchObject({ dueOn: amparoDue, open: true, met: false, ruleVersion: RULE_VERSION });
      expect(nullity).toMatchObject({ dueOn: nullityDue, open: true, met: false, ruleVersion: RULE_VERSION });
      expect(amparo.basis).toMatch(/Ley de Amparo, arts\. 17/);
      expect(nullity.basis).toMatch(/Ley Federal de Procedimiento Contencioso Administrativo, art\. 13/);
    },
  );

  it('takes one road to court: an amparo filed in time meets its deadline and closes the juicio contencioso', () => {
    const ruled = comar('2025-12-01', [
      { type: 'filed', occurredOn: '2025-12-15' },
      deniedOn('2026-03-18'),
      { type: 'appeal_filed', occurredOn: '2026-03-25' },
      { type: 'appeal_decision', occurredOn: '2026-06-05', outcome: 'complementary_protection' },
      { type: 'amparo_filed', occurredOn: '2026-06-26' },
    ]);
    expect(deadline(ruled, 'amparo')).toMatchObject({ met: true, late: false, open: false, fulfilledOn: '2026-06-26' });
    expect(deadline(ruled, 'nullity_suit')).toMatchObject({ met: false, late: false, open: false, fulfilledOn: null });
  });

  it('gives no court deadline after an appeal that recognized the refugee', () => {
    const recognized = comar('2025-12-01', [
      { type: 'filed', occurredOn: '2025-12-15' },
      deniedOn('2026-03-18'),
      { type: 'appeal_filed', occurredOn: '2026-03-25' },
      { type: 'appeal_decision', occurredOn: '2026-06-05', outcome: 'recognized' },
    ]);
    const kinds = deadlinesOf(recognized).map((d) => d.kind);
    expect(kinds).not.toContain('amparo');
    expect(kinds).not.toContain('nullity_suit');
  });

  it('gives US applications the one-year deadline, and a BIA appeal only to defensive ones after a refusal', () => {
    const events: AsylumEvent[] = [
      { type: 'filed', occurredOn: '2025-06-02' },
      { type: 'decision', occurredOn: '2026-10-27', outcome: 'withholding' },
    ];
    expect(deadlinesOf(us('US_DEFENSIVE', '2025-01-10', events))).toEqual([
      expect.objectContaining({ kind: 'us_one_year_filing', dueOn: '2026-01-12', met: true, open: false }),
      expect.objectContaining({
        kind: 'bia_appeal',
        dueOn: '2026-11-27',
        open: true,
        basis: expect.stringContaining('1003.38(b)'),
      }),
    ]);
    const granted: AsylumEvent[] = [events[0], { type: 'decision', occurredOn: '2026-10-27', outcome: 'granted' }];
    expect(deadlinesOf(us('US_DEFENSIVE', '2025-01-10', granted)).map((d) => d.kind)).toEqual(['us_one_year_filing']);
    const referred: AsylumEvent[] = [
      events[0],
      { type: 'decision', occurredOn: '2026-10-27', outcome: 'referred_to_court' },
    ];
    expect(deadlinesOf(us('US_AFFIRMATIVE', '2025-01-10', referred)).map((d) => d.kind)).toEqual([
      'us_one_year_filing',
    ]);
  });

  it('counts the BIA appeal from the decision, not from a later notification', () => {
    const events: AsylumEvent[] = [{ type: 'filed', occurredOn: '2025-06-02' }, deniedOn('2026-10-27', '2026-11-03')];
    expect(deadline(us('US_DEFENSIVE', '2025-01-10', events), 'bia_appeal').dueOn).toBe('2026-11-27');
  });

  it('refuses a calendar of the wrong country and dates that do not exist', () => {
    expect(() => computeDeadlines(comar('2026-06-06'), BusinessCalendar.unitedStates(), TODAY)).toThrow(/MX calendar/);
    expect(() => deadlinesOf(comar('2026-06-31'))).toThrow(
      expect.objectContaining({
        code: 'invalid_date',
        errors: [expect.objectContaining({ field: 'enteredCountryOn' })],
      }),
    );
    expect(() => deadlinesOf(comar('2026-06-06', [{ type: 'filed', occurredOn: '2026-13-01' }]))).toThrow(
      expect.objectContaining({ errors: [expect.objectContaining({ field: 'events[0].occurredOn' })] }),
    );
  });
});

describe('isLateFiling', () => {
  const mexico = BusinessCalendar.mexico();
  const unitedStates = BusinessCalendar.unitedStates();

  it('is late only after the last day of the COMAR term', () => {
    const application = { jurisdiction: 'MX_COMAR' as const, enteredCountryOn: '2026-12-18' };
    expect(isLateFiling(application, '2027-02-03', mexico)).toBe(false);
    expect(isLateFiling(application, '2027-02-04', mexico)).toBe(true);
  });

  it('lets a COMAR closure give one more day', () => {
    const application = { jurisdiction: 'MX_COMAR' as const, enteredCountryOn: '2026-12-18' };
    expect(isLateFiling(application, '2027-02-04', BusinessCalendar.mexico(['2027-01-15']))).toBe(false);
  });

  it('is late in the US only after the rolled one-year day', () => {
    const application = { jurisdiction: 'US_AFFIRMATIVE' as const, enteredCountryOn: '2025-03-15' };
    expect(isLateFiling(application, '2026-03-16', unitedStates)).toBe(false);
    expect(isLateFiling(application, '2026-03-17', unitedStates)).toBe(true);
  });
});
