import type { DataSource, EntityManager } from 'typeorm';

export const MAX_FAILED_LOGINS = 10;
export const MAX_FAILED_TOTP_CODES = 5;
export const LOCKOUT_MINUTES = 15;

const COUNTERS = {
  password: { column: 'failed_login_count', max: MAX_FAILED_LOGINS },
  totp: { column: 'failed_totp_count', max: MAX_FAILED_TOTP_CODES },
} as const;

/**
 * Counts one wrong password or two-factor code against an account and locks it for
 * LOCKOUT_MINUTES once its count reaches the limit. One statement, so concurrent wrong guesses
 * cannot lose a count; locking starts a fresh count. Answers whether the account is now locked.
 */
export async function countFailedAttempt(
  db: DataSource | EntityManager,
  userId: string,
  kind: keyof typeof COUNTERS,
): Promise<boolean> {
  const { column, max } = COUNTERS[kind];
  const [rows] = (await db.query(
    `UPDATE users SET
       locked_until = CASE WHEN ${column} + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END,
       ${column} = CASE WHEN ${column} + 1 >= $2 THEN 0 ELSE ${column} + 1 END
     WHERE id = $1 RETURNING locked_until > now() AS locked`,
    [userId, max, LOCKOUT_MINUTES],
  )) as [{ locked: boolean }[], number];
  return rows[0]?.locked ?? false;
}
