import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { Actor } from './actor';
import type { Role } from './role';

export const ROLES_KEY = 'albergue:roles';
export const PUBLIC_KEY = 'albergue:public';

/** The roles that may call a route. Every route declares its roles or @Public(): the API refuses to start otherwise. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** A route anyone may call without a token (health, login, refresh, docs). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

export interface AuthenticatedRequest extends FastifyRequest {
  actor?: Actor;
}

/** The authenticated caller, set by the AuthGuard. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  return actor;
});
