import { requestMetaOf } from '@albergue/platform';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { NotAuthenticated, RoleNotAllowed } from './access.errors';
import { AuthenticatedRequest, PUBLIC_KEY, ROLES_KEY } from './authorization.decorators';
import { AuthService } from './auth.service';
import type { Role } from './role';

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
    return true;
  }
}
