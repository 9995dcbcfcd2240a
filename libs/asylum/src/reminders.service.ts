import type { Actor } from '@albergue/access';
import { decodeCursor, NotFoundError, Page, PaginationQueryDto, toPage } from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { AsylumReminderEntity } from './asylum-reminder.entity';

export interface ReminderView {
  id: string;
  applicationId: string;
  deadlineKind: string;
  dueOn: string;
  threshold: number;
  createdAt: Date;
  /** Null while unread. */
  readAt: Date | null;
}

const REMINDER = { es: 'El recordatorio', en: 'The reminder' };

/** The reminders the daily job recorded for the caller, newest first. */
@Injectable()
export class RemindersService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async listOwn(actor: Actor, query: PaginationQueryDto): Promise<Page<ReminderView>> {
    const builder = this.dataSource
      .getRepository(AsylumReminderEntity)
      .createQueryBuilder('r')
      .addSelect('r.created_at::text', 'cursor_created_at')
      .where('r.lawyer_id = :lawyerId', { lawyerId: actor.userId })
      .orderBy('r.createdAt', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .limit(query.limit + 1);
    if (query.cursor) {
      const [createdAt, id] = decodeCursor(query.cursor, ['pgTimestamp', 'uuid']);
      builder.andWhere('(r.created_at, r.id) < (:createdAt::timestamptz, :id::uuid)', { createdAt, id });
    }
    const { entities, raw } = await builder.getRawAndEntities<{ cursor_created_at: string }>();
    const rows = entities.map((reminder, index) => ({ reminder, createdAt: raw[index].cursor_created_at }));
    const page = toPage(rows, query.limit, (row) => [row.createdAt, row.reminder.id]);
    return {
      items: page.items.map(({ reminder }) => ({
        id: reminder.id,
        applicationId: reminder.applicationId,
        deadlineKind: reminder.deadlineKind,
        dueOn: reminder.dueOn,
        threshold: reminder.threshold,
        createdAt: reminder.createdAt,
        readAt: reminder.readAt,
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** How many of the caller's reminders are unread. */
  async unreadCount(actor: Actor): Promise<{ unread: number }> {
    const [{ unread }] = (await this.dataSource.query(
      'SELECT count(*)::int AS unread FROM asylum_reminders WHERE lawyer_id = $1 AND read_at IS NULL',
      [actor.userId],
    )) as { unread: number }[];
    return { unread };
  }

  /** Marks one of the caller's reminders read (again: no change); anyone else's is 404. */
  async markRead(actor: Actor, id: string): Promise<void> {
    const rows = (await this.dataSource.query(
      `UPDATE asylum_reminders SET read_at = coalesce(read_at, now())
        WHERE id = $1 AND lawyer_id = $2 RETURNING id`,
      [id, actor.userId],
    )) as [unknown[], number];
    if (rows[1] === 0) throw new NotFoundError(REMINDER);
  }
}
