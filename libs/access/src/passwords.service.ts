import { createHash, randomBytes } from 'node:crypto';

import { NotFoundError, RequestMeta } from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';

import { InvalidResetToken, WrongCurrentPassword } from './access.errors';
import { countFailedAttempt } from './account-lockout';
import type { Actor } from './actor';
import { AuditService } from './audit.service';
import { hashPassword, verifyPassword } from './password-hasher';
import { assertPasswordAcceptable } from './password-policy';
import { PasswordResetTokenEntity } from './password-reset-token.entity';
import { SessionCheckCache } from './session-check.cache';
import { SessionsService } from './sessions.service';
import { UserEntity } from './user.entity';

export const PASSWORD_RESET_HOURS = 24;

const USER = { es: 'El usuario', en: 'The user' };

const hashToken = (token: string): Buffer => createHash('sha256').update(token).digest();

/** Password changes: an admin's one-time reset token, its use, and a user changing their own. */
@Injectable()
export class PasswordsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
    private readonly sessionChecks: SessionCheckCache,
  ) {}

  /** A one-time token, valid PASSWORD_RESET_HOURS, shown once; it replaces any earlier unused one. */
  async issueResetToken(userId: string, actor: Actor): Promise<{ resetToken: string; expiresAt: Date }> {
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(UserEntity, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new NotFoundError(USER);
      await manager.update(PasswordResetTokenEntity, { userId, usedAt: IsNull() }, { usedAt: new Date() });
      const resetToken = randomBytes(32).toString('base64url');
      const expiresAt = new Date(Date.now() + PASSWORD_RESET_HOURS * 3600 * 1000);
      await manager.insert(PasswordResetTokenEntity, {
        userId,
        tokenHash: hashToken(resetToken),
        createdBy: actor.userId,
        expiresAt,
      });
      await this.audit.record(
        actor,
        {
          action: 'password_reset_issued',
          entityType: 'user',
          entityId: userId,
          details: { expiresAt: expiresAt.toISOString() },
        },
        manager,
      );
      return { resetToken, expiresAt };
    });
  }

  /** Sets a new password with a reset token, which then stops working, and ends every login of the user. */
  async resetWithToken(resetToken: string, newPassword: string, meta: RequestMeta): Promise<void> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const token = await manager.findOne(PasswordResetTokenEntity, {
        where: { tokenHash: hashToken(resetToken) },
        lock: { mode: 'pessimistic_write' },
      });
      const user = token && (await manager.findOneBy(UserEntity, { id: token.userId }));
      if (!token || !user || token.usedAt || token.expiresAt <= new Date()) return { refusedUserId: user?.id ?? null };
      assertPasswordAcceptable(newPassword, user, 'newPassword');
      await manager.update(UserEntity, user.id, {
        passwordHash: await hashPassword(newPassword),
        failedLoginCount: 0,
        failedTotpCount: 0,
        lockedUntil: null,
      });
      await manager.update(PasswordResetTokenEntity, token.id, { usedAt: new Date() });
      await this.sessions.revoke(manager, { userId: user.id }, 'password_reset');
      await this.audit.record(
        { ...meta, userId: user.id, role: user.role },
        { action: 'password_reset', entityType: 'user', entityId: user.id },
        manager,
      );
      return { refusedUserId: undefined, userId: user.id };
    });
    if ('userId' in outcome && outcome.userId) await this.sessionChecks.invalidateUser(outcome.userId);
    if (outcome.refusedUserId !== undefined) {
      await this.audit.record(
        { ...meta, userId: null, role: null },
        { action: 'password_reset_refused', entityType: 'user', entityId: outcome.refusedUserId },
      );
      throw new InvalidResetToken();
    }
  }

  /** Changes the caller's own password; their other logins end, this one stays. */
  async changeOwn(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id: actor.userId });
    if (!user) throw new NotFoundError(USER);
    if (!(await verifyPassword(user.passwordHash, currentPassword))) {
      // A stolen access token must not be a way to guess the password without the lockout.
      await countFailedAttempt(this.dataSource, user.id, 'password');
      await this.audit.record(actor, {
        action: 'password_change_refused',
        entityType: 'user',
        entityId: user.id,
      });
      throw new WrongCurrentPassword();
    }
    assertPasswordAcceptable(newPassword, user, 'newPassword');
    const passwordHash = await hashPassword(newPassword);
    await this.dataSource.transaction(async (manager) => {
      await manager.update(UserEntity, user.id, { passwordHash });
      await this.sessions.revoke(manager, { userId: user.id, exceptId: actor.sessionId }, 'password_changed');
      await this.audit.record(actor, { action: 'password_changed', entityType: 'user', entityId: user.id }, manager);
    });
    await this.sessionChecks.invalidateUser(user.id);
  }
}
