import { decodeCursor, NotFoundError, Page, PaginationQueryDto, toPage } from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';

import type { Actor } from './actor';
import { AuditService } from './audit.service';
import { AuthSessionEntity } from './auth-session.entity';
import { SessionCheckCache } from './session-check.cache';

const SESSION = { es: 'La sesión', en: 'The session' };

export interface SessionView {
  id: string;
  createdAt: Date;
  /** The last login or token refresh of this login. */
  lastUsedAt: Date | null;
  /** The client that logged in (its User-Agent). */
  userAgent: string | null;
  /** The login this request comes from. */
  current: boolean;
}

/** A user's logins: listing them, ending one, and ending all of them. */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly sessionChecks: SessionCheckCache,
  ) {}

  /** The caller's open logins, newest first. */
  async listOwn(actor: Actor, query: PaginationQueryDto): Promise<Page<SessionView>> {
    const builder = this.dataSource
      .getRepository(AuthSessionEntity)
      .createQueryBuilder('s')
      .where('s.user_id = :userId AND s.revoked_at IS NULL AND s.expires_at > now()', { userId: actor.userId })
      .orderBy("date_trunc('milliseconds', s.created_at)", 'DESC')
      .addOrderBy('s.id', 'DESC')
      .limit(query.limit + 1);
    if (query.cursor) {
      const [createdAt, id] = decodeCursor(query.cursor, ['timestamp', 'uuid']);
      // Milliseconds, as the cursor (a JS Date) holds them: Postgres keeps microseconds.
      builder.andWhere("(date_trunc('milliseconds', s.created_at), s.id) < (:createdAt, :id)", { createdAt, id });
    }
    const page = toPage(await builder.getMany(), query.limit, (session) => [
      session.createdAt.toISOString(),
      session.id,
    ]);
    return {
      items: page.items.map((session) => ({
        id: session.id,
        createdAt: session.createdAt,
        lastUsedAt: session.lastUsedAt,
        userAgent: session.userAgent,
        current: session.id === actor.sessionId,
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** Ends one of the caller's own logins; another user's, or one already ended, is 404. */
  async endOwn(actor: Actor, sessionId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const result = await manager.update(
        AuthSessionEntity,
        { id: sessionId, userId: actor.userId, revokedAt: IsNull() },
        { revokedAt: new Date(), revokedReason: 'ended_by_user' },
      );
      if (!result.affected) throw new NotFoundError(SESSION);
      await this.audit.record(
        actor,
        { action: 'session_ended', entityType: 'user', entityId: actor.userId, details: { sessionId } },
        manager,
      );
    });
    await this.sessionChecks.invalidateUser(actor.userId);
  }

  /** Ends logins: one (`id`) or every open one of a user (`userId`), but for `exceptId` when given. */
  async revoke(
    manager: EntityManager,
    where: { id: string } | { userId: string; exceptId?: string },
    reason: string,
  ): Promise<void> {
    const builder = manager
      .createQueryBuilder()
      .update(AuthSessionEntity)
      .set({ revokedAt: new Date(), revokedReason: reason })
      .where('revoked_at IS NULL');
    if ('id' in where) builder.andWhere('id = :id', { id: where.id });
    else {
      builder.andWhere('user_id = :userId', { userId: where.userId });
      if (where.exceptId) builder.andWhere('id <> :exceptId', { exceptId: where.exceptId });
    }
    await builder.execute();
  }
}
