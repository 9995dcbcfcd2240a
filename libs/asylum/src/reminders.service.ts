import type { Actor } from '@albergue/access';
import { decodeCursor, Page, PaginationQueryDto, toPage } from '@albergue/platform';
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
}

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
      })),
      nextCursor: page.nextCursor,
    };
  }
}
