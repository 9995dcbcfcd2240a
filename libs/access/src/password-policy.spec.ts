import { WeakPassword } from './access.errors';
import { assertPasswordAcceptable } from './password-policy';

const identity = { email: 'rosa.mendez@example.org', name: 'Rosa Méndez' };
const ruleOf = (password: string): string | null => {
  try {
    assertPasswordAcceptable(password, identity);
    return null;
  } catch (error) {
    if (error instanceof WeakPassword) return error.code;
    throw error;
  }
};

describe('password policy', () => {
  it.each([
    ['short1!', 'password_too_short'],
    ['ñandú-ñandú', 'password_too_short'],
    ['Password1234', 'password_too_common'],
    ['CONTRASEÑA123', 'password_too_common'],
    ['abcdefghijklmn', 'password_too_common'],
    ['999999999999', 'password_too_common'],
    ['rosa.mendez-2026', 'password_contains_identity'],
    ['mi-MENDEZ-favorita', 'password_contains_identity'],
    ['lluvia sobre el río usumacinta', null],
  ])('%s -> %s', (password, rule) => {
    expect(ruleOf(password)).toBe(rule);
  });
});
