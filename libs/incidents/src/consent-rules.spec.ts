import { ConsentReach, raisesConsent } from './consent-rules';

const P1 = '11111111-1111-4111-8111-111111111111';
const P2 = '22222222-2222-4222-8222-222222222222';
const consent = (level: ConsentReach['level'], recipients: string[] = [], unmatchedRecipients = 0): ConsentReach => ({
  level,
  recipients,
  unmatchedRecipients,
});

describe('raisesConsent', () => {
  it.each([
    ['identified at the report', consent('identified', [P1]), null],
    ['anonymous to identified', consent('identified', [P1]), consent('anonymous', [P1])],
    ['a withdrawal to identified', consent('identified'), consent('none')],
    ['a recipient added', consent('identified', [P1, P2]), consent('identified', [P1])],
    ['a recipient swapped', consent('anonymous', [P2]), consent('anonymous', [P1])],
    ['a list dropped for anyone', consent('anonymous'), consent('identified', [P1])],
    ['anyone after the names that matched no one', consent('anonymous'), consent('anonymous', [], 2)],
    ['names to a recipient where they went to no one', consent('identified', [P1]), consent('identified')],
  ])('holds back %s', (_, next, inForce) => {
    expect(raisesConsent(next, inForce)).toBe(true);
  });

  it.each([
    ['anonymous at the report', consent('anonymous'), null],
    ['a withdrawal', consent('none'), consent('identified', [P1])],
    ['identified to anonymous, same recipients', consent('anonymous', [P1]), consent('identified', [P1])],
    ['a recipient removed', consent('identified', [P1]), consent('identified', [P1, P2])],
    ['a list where anyone was allowed', consent('anonymous', [P1]), consent('anonymous')],
    ['anonymous again after a withdrawal', consent('anonymous'), consent('none')],
  ])('lets %s take effect at once', (_, next, inForce) => {
    expect(raisesConsent(next, inForce)).toBe(false);
  });
});
