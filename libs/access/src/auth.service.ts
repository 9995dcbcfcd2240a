import { APP_CONFIG, AppConfig, RequestMeta } from '@albergue/platform';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { InvalidCredentials, InvalidRefreshToken, MfaRequired, NotAuthenticated } from './access.errors';
import { countFailedAttempt } from './account-lockout';
import type { Actor } from './actor';
import { AuditService } from './audit.service';
import { AuthSessionEntity } from './auth-session.entity';
import { decoyPasswordHash, verifyPassword } from './password-hasher';
import { RefreshTokenEntity } from './refresh-token.entity';
import { SessionCheck, SessionCheckCache } from './session-check.cache';
import { SessionsService } from './sessions.service';
import { ACCESS_TOKEN_TTL_SECONDS, TokenService } from './token.service';
import { TwoFactorService } from './two-factor.service';
import { UserEntity } from './user.entity';
import { toUserView, UserView } from './user.view';

export const SESSION_DAYS = 7;

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: UserView;
  /** The user's role needs two-factor sign-in and it is not on yet: these tokens reach only /me* and /auth/*. */
  mfaEnrollmentRequired: boolean;
}

export interface LoginAttempt {
  email: string;
  password: string;
  /** A current TOTP code or an unused recovery code, for users with two-factor on. */
  totp?: string;
  /** The client's User-Agent, shown in the user's list of logins. */
  userAgent?: string;
}

/** Logins, refresh-token rotation with reuse detection, logout, and the check of every access token. */
@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
    private readonly twoFactor: TwoFactorService,
    private readonly sessionChecks: SessionCheckCache,
  ) {}

  async login({ email, password, totp, userAgent }: LoginAttempt, meta: RequestMeta): Promise<TokenPair> {
    const users = this.dataSource.getRepository(UserEntity);
    const user = await users.findOneBy({ email: email.trim().toLowerCase() });
    if (!user) {
      await verifyPassword(await decoyPasswordHash(), password);
      return this.refuseLogin(meta, null, 'unknown_email');
    }
    if (user.lockedUntil && user.lockedUntil > new Date()) {
      // As slow as a wrong password, so the answer's timing does not tell a locked account apart.
      await verifyPassword(await decoyPasswordHash(), password);
      return this.refuseLogin(meta, user, 'locked');
    }
    if (!(await verifyPassword(user.passwordHash, password))) {
      const locked = await countFailedAttempt(this.dataSource, user.id, 'password');
      return this.refuseLogin(meta, user, locked ? 'wrong_password_locked' : 'wrong_password');
    }
    if (!user.active) return this.refuseLogin(meta, user, 'inactive');
    let secondFactor: 'totp' | 'recovery_code' | null = null;
    if (user.totpEnabledAt) {
      const outcome = await this.twoFactor.checkSecondFactor(user, totp);
      if (outcome !== 'totp' && outcome !== 'recovery_code') {
        return this.refuseLogin(
          meta,
          user,
          outcome === 'missing' ? 'mfa_missing' : `mfa_${outcome}`,
          new MfaRequired(),
        );
      }
      secondFactor = outcome;
    }

    return this.dataSource.transaction(async (manager) => {
      await manager.update(UserEntity, user.id, { failedLoginCount: 0, failedTotpCount: 0, lockedUntil: null });
      const session = await manager.save(AuthSessionEntity, {
        userId: user.id,
        expiresAt: new Date(Date.now() + SESSION_DAYS * 24 * 3600 * 1000),
        lastUsedAt: new Date(),
        userAgent: userAgent?.slice(0, 200) || null,
      });
      await this.audit.record(
        { ...meta, userId: user.id, role: user.role },
        { action: 'login', entityType: 'user', entityId: user.id, details: { sessionId: session.id, secondFactor } },
        manager,
      );
      return this.issueTokens(manager, user, session.id);
    });
  }

  async refresh(refreshToken: string, meta: RequestMeta): Promise<TokenPair> {
    const hash = this.tokens.hashRefreshToken(refreshToken);
    const outcome = await this.dataSource.transaction(async (manager) => {
      const token = await manager.findOne(RefreshTokenEntity, {
        where: { tokenHash: hash },
        lock: { mode: 'pessimistic_write' },
      });
      if (!token) return { refused: 'unknown_token' as const };
      const session = await manager.findOne(AuthSessionEntity, {
        where: { id: token.sessionId },
        lock: { mode: 'pessimistic_write' },
      });
      const user = session && (await manager.findOneBy(UserEntity, { id: session.userId }));
      if (!session || !user) return { refused: 'unknown_token' as const };
      const subject = { ...meta, userId: user.id, role: user.role };
      if (token.usedAt) {
        // A refresh token that comes back was copied: end the whole login, thief and owner alike.
        await this.sessions.revoke(manager, { id: session.id }, 'refresh_token_reused');
        await this.audit.record(
          subject,
          { action: 'refresh_token_reused', entityType: 'user', entityId: user.id, details: { sessionId: session.id } },
          manager,
        );
        return { refused: 'reused' as const, userId: user.id };
      }
      if (session.revokedAt || session.expiresAt <= new Date() || !user.active) {
        return { refused: 'session_ended' as const };
      }
      await manager.update(RefreshTokenEntity, token.id, { usedAt: new Date() });
      await manager.update(AuthSessionEntity, session.id, { lastUsedAt: new Date() });
      await this.audit.record(
        subject,
        { action: 'refresh', entityType: 'user', entityId: user.id, details: { sessionId: session.id } },
        manager,
      );
      return { tokens: await this.issueTokens(manager, user, session.id) };
    });
    if ('tokens' in outcome && outcome.tokens) return outcome.tokens;
    if (outcome.refused === 'reused') await this.sessionChecks.invalidateUser(outcome.userId);
    throw new InvalidRefreshToken();
  }

  /** Ends the login the refresh token belongs to, if it is the caller's own. */
  async logout(actor: Actor, refreshToken: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const token = await manager.findOneBy(RefreshTokenEntity, {
        tokenHash: this.tokens.hashRefreshToken(refreshToken),
      });
      const session = token && (await manager.findOneBy(AuthSessionEntity, { id: token.sessionId }));
      if (!session || session.userId !== actor.userId) throw new InvalidRefreshToken();
      await this.sessions.revoke(manager, { id: session.id }, 'logout');
      await this.audit.record(
        actor,
        { action: 'logout', entityType: 'user', entityId: actor.userId, details: { sessionId: session.id } },
        manager,
      );
    });
    await this.sessionChecks.invalidateUser(actor.userId);
  }

  /**
   * Checks an access token against the database, so that deactivating a user, ending a login or
   * changing a role or shelters takes effect with the next request. The answer may come from the
   * session check cache, which every such change clears on every instance (SessionCheckCache).
   */
  async authenticate(accessToken: string, meta: RequestMeta): Promise<Actor> {
    const claims = this.tokens.verifyAccessToken(accessToken);
    const check = await this.sessionChecks.check(claims.sub, claims.sid, async () => {
      const rows = (await this.dataSource.query(
        `SELECT u.role, u.shelter_ids AS "shelterIds", u.organization_id AS "organizationId",
                (u.totp_enabled_at IS NULL AND u.role = ANY($3::text[])) AS "mfaEnrollmentPending",
                s.expires_at AS "expiresAt"
           FROM users u JOIN auth_sessions s ON s.user_id = u.id
          WHERE u.id = $1 AND s.id = $2 AND u.active AND s.revoked_at IS NULL AND s.expires_at > now()`,
        [claims.sub, claims.sid, this.config.access.totpRequiredRoles],
      )) as (SessionCheck & { expiresAt: Date })[];
      return rows[0];
    });
    if (!check) throw new NotAuthenticated();
    return { ...meta, ...check, userId: claims.sub, sessionId: claims.sid };
  }

  private async issueTokens(manager: EntityManager, user: UserEntity, sessionId: string): Promise<TokenPair> {
    const refresh = this.tokens.newRefreshToken();
    await manager.insert(RefreshTokenEntity, { sessionId, tokenHash: refresh.hash });
    return {
      accessToken: this.tokens.signAccessToken(user.id, sessionId),
      refreshToken: refresh.token,
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      user: toUserView(user),
      mfaEnrollmentRequired: !user.totpEnabledAt && this.twoFactor.isRequiredFor(user.role),
    };
  }

  private async refuseLogin(
    meta: RequestMeta,
    user: UserEntity | null,
    reason: string,
    error: InvalidCredentials | MfaRequired = new InvalidCredentials(),
  ): Promise<never> {
    await this.audit.record(
      { ...meta, userId: user?.id ?? null, role: user?.role ?? null },
      { action: 'login_failed', entityType: 'user', entityId: user?.id ?? null, details: { reason } },
    );
    throw error;
  }
}
