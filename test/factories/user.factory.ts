import { randomBytes } from 'node:crypto';

import { Role, UsersService, UserView } from '@albergue/access';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { generateSync } from 'otplib';

export const TEST_PASSWORD = 'lluvia sobre el río usumacinta';

export interface UserOptions {
  role: Role;
  shelterIds?: string[];
  organizationId?: string;
  name?: string;
  active?: boolean;
}

/** Creates a user straight through the service (as the admin CLI does) with a known password. */
export async function createUser(app: NestFastifyApplication, options: UserOptions): Promise<UserView> {
  return app.get(UsersService).create(
    {
      email: `${options.role}-${randomBytes(4).toString('hex')}@test.albergue.example`,
      name: options.name ?? `Staff ${options.role}`,
      password: TEST_PASSWORD,
      role: options.role,
      shelterIds:
        options.shelterIds ?? (['coordinator', 'shelter_worker'].includes(options.role) ? [randomUuid()] : []),
      organizationId: options.organizationId ?? (options.role === 'partner' ? randomUuid() : undefined),
      active: options.active,
    },
    { userId: null, role: null, requestId: 'test-factory', ip: null },
  );
}

export function randomUuid(): string {
  return crypto.randomUUID();
}

export interface LoggedIn {
  user: UserView;
  accessToken: string;
  refreshToken: string;
  headers: { authorization: string };
}

export async function logIn(app: NestFastifyApplication, user: UserView, password = TEST_PASSWORD): Promise<LoggedIn> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: user.email, password },
  });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const body = response.json<{ accessToken: string; refreshToken: string }>();
  return { user, ...body, headers: { authorization: `Bearer ${body.accessToken}` } };
}

/** A user of the given role, logged in. */
export async function loggedInUser(app: NestFastifyApplication, options: UserOptions): Promise<LoggedIn> {
  return logIn(app, await createUser(app, options));
}

/** The TOTP code of `secret` for the step `stepsAhead` after the current one (the API accepts -1..+1). */
export function totpCode(secret: string, stepsAhead = 0): string {
  return generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + stepsAhead * 30 });
}

export interface TwoFactorEnrollment {
  secret: string;
  recoveryCodes: string[];
}

/** Turns two-factor on for a logged-in user with the current code (so the next code is one step ahead). */
export async function enrollTotp(app: NestFastifyApplication, session: LoggedIn): Promise<TwoFactorEnrollment> {
  const started = await app.inject({ method: 'POST', url: '/api/v1/me/totp', headers: session.headers });
  if (started.statusCode !== 201) throw new Error(`enrollment failed: ${started.statusCode} ${started.body}`);
  const { secret } = started.json<{ secret: string }>();
  const confirmed = await app.inject({
    method: 'POST',
    url: '/api/v1/me/totp/confirm',
    headers: session.headers,
    payload: { totp: totpCode(secret) },
  });
  if (confirmed.statusCode !== 200) throw new Error(`confirmation failed: ${confirmed.statusCode} ${confirmed.body}`);
  return { secret, recoveryCodes: confirmed.json<{ recoveryCodes: string[] }>().recoveryCodes };
}
