import { requestMetaOf } from '@albergue/platform';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { MfaEnrollmentRequired, NotAuthenticated, RoleNotAllowed } from './access.errors';
import { AuthenticatedRequest, PUBLIC_KEY, ROLES_KEY } from './authorization.decorators';
import { AuthService } from './auth.service';
import type { Role } from './role';

/** `/me`, `/me/...` and `/auth/...` under the API's base path: all a user who must still enroll in two-factor may reach. */
const BEFORE_ENROLLMENT = /^\/api\/v\d+\/(?:me(?:\/.*)?|auth\/.*)$/;

/** True when the route (its pattern, e.g. `/api/v1/me/sessions/:id`) stays open until two-factor is on. */
export function reachableBeforeEnrollment(routePattern: string | undefined): boolean {
  return routePattern !== undefined && BEFORE_ENROLLMENT.test(routePattern);
}

/**
 * The one place where authorization happens: every route is public or names its roles. Which
 * records a caller sees is decided in each service's queries, from the actor set here.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/i.exec(header.trim()) : null;
    if (!match) throw new NotAuthenticated();
    request.actor = await this.auth.authenticate(match[1], requestMetaOf(request));
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    if (!roles.includes(request.actor.role)) throw new RoleNotAllowed();
    if (request.actor.mfaEnrollmentPending && !reachableBeforeEnrollment(request.routeOptions.url)) {
      throw new MfaEnrollmentRequired();
    }
    return true;
  }
}
