import { APP_CONFIG, AppConfig, FieldEncryption, NotFoundError } from '@albergue/platform';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { TOTP_SECRET_COLUMN } from './access-encrypted-columns';
import { InvalidTotp, TotpRequiredByPolicy, TotpStateConflict } from './access.errors';
import { countFailedAttempt } from './account-lockout';
import type { Actor } from './actor';
import { AuditService } from './audit.service';
import { RecoveryCodeEntity } from './recovery-code.entity';
import type { Role } from './role';
import { SessionCheckCache } from './session-check.cache';
import { SessionsService } from './sessions.service';
import { hashRecoveryCode, looksLikeTotp, matchTotp, newRecoveryCodes, newTotpSecret, totpUrl } from './totp';
import { UserEntity } from './user.entity';

/** The column the TOTP secret is encrypted for (FieldEncryption binds it in). */

const USER = { es: 'El usuario', en: 'The user' };

/** What a second factor given at login came to. */
export type SecondFactorOutcome = 'totp' | 'recovery_code' | 'missing' | 'wrong' | 'wrong_locked';

/** Two-factor sign-in: enrollment, confirmation, turning it off, an admin's reset, and the check at login. */
@Injectable()
export class TwoFactorService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly encryption: FieldEncryption,
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
    private readonly sessionChecks: SessionCheckCache,
  ) {}

  isRequiredFor(role: Role): boolean {
    return this.config.access.totpRequiredRoles.includes(role);
  }

  /** Starts (or starts over) an enrollment: a new secret, not yet in force until confirmed. */
  async startEnrollment(actor: Actor): Promise<{ secret: string; otpauthUrl: string }> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.lockUser(manager, actor.userId);
      if (user.totpEnabledAt) throw new TotpStateConflict('already_enabled');
      const secret = newTotpSecret();
      await manager.update(UserEntity, user.id, {
        totpSecretCiphertext: this.encryption.encrypt(secret, TOTP_SECRET_COLUMN, user.id),
      });
      await this.audit.record(
        actor,
        { action: 'totp_enrollment_started', entityType: 'user', entityId: user.id },
        manager,
      );
      return { secret, otpauthUrl: totpUrl(secret, user.email) };
    });
  }

  /** Turns two-factor on with a code of the new secret, and gives out ten fresh recovery codes. */
  async confirmEnrollment(actor: Actor, code: string): Promise<{ recoveryCodes: string[] }> {
    const enrolled = await this.dataSource.transaction(async (manager) => {
      const user = await this.lockUser(manager, actor.userId);
      if (user.totpEnabledAt) throw new TotpStateConflict('already_enabled');
      if (!user.totpSecretCiphertext) throw new TotpStateConflict('not_started');
      const secret = this.encryption.decrypt(user.totpSecretCiphertext, TOTP_SECRET_COLUMN, user.id);
      const step = looksLikeTotp(code) ? await matchTotp(secret, code, null) : null;
      if (step === null) throw new InvalidTotp();
      await manager.update(UserEntity, user.id, {
        totpEnabledAt: new Date(),
        totpLastUsedStep: String(step),
        failedTotpCount: 0,
      });
      const recoveryCodes = newRecoveryCodes();
      await manager.delete(RecoveryCodeEntity, { userId: user.id });
      await manager.insert(
        RecoveryCodeEntity,
        recoveryCodes.map((recoveryCode) => ({ userId: user.id, codeHash: hashRecoveryCode(recoveryCode) })),
      );
      await this.audit.record(actor, { action: 'totp_enabled', entityType: 'user', entityId: user.id }, manager);
      return { recoveryCodes };
    });
    // The login that had to enroll first may now reach everything its role allows.
    await this.sessionChecks.invalidateUser(actor.userId);
    return enrolled;
  }

  /** Turns two-factor off with a current code, unless the user's role requires it. */
  async disable(actor: Actor, code: string): Promise<void> {
    if (this.isRequiredFor(actor.role)) throw new TotpRequiredByPolicy();
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id: actor.userId });
    if (!user?.totpEnabledAt) throw new TotpStateConflict('not_enabled');
    const outcome = await this.checkSecondFactor(user, code);
    if (outcome !== 'totp' && outcome !== 'recovery_code') throw new InvalidTotp();
    await this.dataSource.transaction(async (manager) => {
      await this.clear(manager, user.id);
      await this.audit.record(actor, { action: 'totp_disabled', entityType: 'user', entityId: user.id }, manager);
    });
    await this.sessionChecks.invalidateUser(user.id);
  }

  /** An admin turns a user's two-factor off (a lost phone): they enroll again at their next login. */
  async resetByAdmin(userId: string, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(UserEntity, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new NotFoundError(USER);
      await this.clear(manager, user.id);
      await this.sessions.revoke(manager, { userId: user.id }, 'totp_reset');
      await this.audit.record(actor, { action: 'totp_reset', entityType: 'user', entityId: user.id }, manager);
    });
    await this.sessionChecks.invalidateUser(userId);
  }

  /**
   * Checks the code given at login (or to turn two-factor off) of a user with two-factor on: a
   * current TOTP code not used before, or an unused recovery code, each used up by the check. A
   * wrong code counts against the account, which locks after MAX_FAILED_TOTP_CODES.
   */
  async checkSecondFactor(user: UserEntity, code: string | undefined): Promise<SecondFactorOutcome> {
    const given = code?.trim() ?? '';
    if (given === '') return 'missing';
    if (looksLikeTotp(given) && user.totpSecretCiphertext) {
      const secret = this.encryption.decrypt(user.totpSecretCiphertext, TOTP_SECRET_COLUMN, user.id);
      const lastStep = user.totpLastUsedStep === null ? null : Number(user.totpLastUsedStep);
      const step = await matchTotp(secret, given, lastStep);
      // The step is taken in one statement, so two requests racing with the same code get it once.
      if (step !== null) {
        const [, taken] = (await this.dataSource.query(
          `UPDATE users SET totp_last_used_step = $2
            WHERE id = $1 AND (totp_last_used_step IS NULL OR totp_last_used_step < $2)`,
          [user.id, step],
        )) as [unknown, number];
        if (taken === 1) return 'totp';
      }
    } else if (!looksLikeTotp(given)) {
      const [, used] = (await this.dataSource.query(
        `UPDATE user_recovery_codes SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL`,
        [user.id, hashRecoveryCode(given)],
      )) as [unknown, number];
      if (used === 1) return 'recovery_code';
    }
    return (await countFailedAttempt(this.dataSource, user.id, 'totp')) ? 'wrong_locked' : 'wrong';
  }

  private async lockUser(manager: EntityManager, userId: string): Promise<UserEntity> {
    const user = await manager.findOne(UserEntity, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
    if (!user) throw new NotFoundError(USER);
    return user;
  }

  private async clear(manager: EntityManager, userId: string): Promise<void> {
    await manager.update(UserEntity, userId, {
      totpSecretCiphertext: null,
      totpEnabledAt: null,
      totpLastUsedStep: null,
      failedTotpCount: 0,
    });
    await manager.delete(RecoveryCodeEntity, { userId });
  }
}
