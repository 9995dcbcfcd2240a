import { FlaggableAct, incidentFlags, IncidentFlags } from './incident-flags';

const act = (overrides: Partial<FlaggableAct> = {}): FlaggableAct => ({
  type: 'robbery',
  victim: { ageBand: '26-59' },
  perpetrators: [{ type: 'organized_crime' }],
  ...overrides,
});
const none: IncidentFlags = { childVictim: false, sexualViolence: false, statePerpetrator: false };

describe('incidentFlags', () => {
  it.each<[string, string, FlaggableAct[], Partial<IncidentFlags>]>([
    ['an adult robbed by a cartel', '2026-03-14', [act()], {}],
    ['no acts recorded yet', '2026-03-14', [], {}],
    ['a child by age band', '2026-03-14', [act(), act({ victim: { ageBand: '12-17' } })], { childVictim: true }],
    ['a young adult by age band', '2026-03-14', [act({ victim: { ageBand: '18-25' } })], {}],
    ['an anonymous victim of unknown age', '2026-03-14', [act({ victim: { ageBand: 'unknown' } })], {}],
    ['17 on the day, 18 today', '2025-06-09', [act({ victim: { birthDate: '2007-06-10' } })], { childVictim: true }],
    ['18 on their birthday', '2025-06-10', [act({ victim: { birthDate: '2007-06-10' } })], {}],
    ['an infant', '2026-01-20', [act({ victim: { birthDate: '2025-05-01' } })], { childVictim: true }],
    ['a person whose birth is unknown', '2026-03-14', [act({ victim: { birthDate: null } })], {}],
    [
      'born in 2008, maybe not yet 18',
      '2026-03-14',
      [act({ victim: { estimatedBirthYear: 2008 } })],
      { childVictim: true },
    ],
    ['born in 2007, surely 18', '2026-03-14', [act({ victim: { estimatedBirthYear: 2007 } })], {}],
    ['sexual violence', '2026-03-14', [act(), act({ type: 'sexual_violence' })], { sexualViolence: true }],
    ['torture is not sexual violence', '2026-03-14', [act({ type: 'torture' })], {}],
    [
      'an INM agent among the perpetrators',
      '2026-03-14',
      [act({ type: 'extortion', perpetrators: [{ type: 'smuggler' }, { type: 'inm_agent' }] })],
      { statePerpetrator: true },
    ],
    [
      'the National Guard',
      '2026-03-14',
      [act({ perpetrators: [{ type: 'national_guard' }] })],
      { statePerpetrator: true },
    ],
    [
      'municipal police on another act',
      '2026-03-14',
      [act(), act({ type: 'bribe_demand', perpetrators: [{ type: 'municipal_police' }] })],
      { statePerpetrator: true },
    ],
    ['soldiers', '2026-03-14', [act({ perpetrators: [{ type: 'military' }] })], { statePerpetrator: true }],
    ['railway guards are not the state', '2026-03-14', [act({ perpetrators: [{ type: 'private_security' }] })], {}],
    ['an unknown perpetrator', '2026-03-14', [act({ perpetrators: [{ type: 'unknown' }] })], {}],
    [
      'a girl raped by state police',
      '2024-11-02',
      [act({ type: 'sexual_violence', victim: { ageBand: '12-17' }, perpetrators: [{ type: 'state_police' }] })],
      { childVictim: true, sexualViolence: true, statePerpetrator: true },
    ],
  ])('%s', (_, occurredOn, acts, expected) => {
    expect(incidentFlags({ occurredOn, acts })).toEqual({ ...none, ...expected });
  });

  it('refuses a date that is not ISO', () => {
    expect(() =>
      incidentFlags({ occurredOn: '14/03/2026', acts: [act({ victim: { birthDate: '2010-01-01' } })] }),
    ).toThrow(RangeError);
  });
});
