import { Actor, AuditService } from '@albergue/access';
import { decodeCursor, Page, PaginationQueryDto, toPage } from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, MoreThan, QueryFailedError } from 'typeorm';

import { AsylumApplicationEntity } from './asylum-application.entity';
import { AsylumDeadlineEntity } from './asylum-deadline.entity';
import { ClosureExists } from './asylum.errors';
import { CalendarClosureEntity } from './calendar-closure.entity';
import type { CreateClosureDto } from './calendar-closure.dto';
import { CalendarService } from './calendar.service';
import { DeadlineStore } from './deadline-store.service';
import { todayInMexicoCity } from './mexico-city-date';

const REFRESH_BATCH = 500;

export interface ClosureView {
  date: string;
  reference: string;
  /** Empty: every COMAR office. */
  offices: string[];
  enteredBy: string;
  enteredAt: Date;
}

/** The closure days of the Mexican calendar, which admins enter from COMAR's publications. */
@Injectable()
export class CalendarClosuresService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calendars: CalendarService,
    private readonly deadlines: DeadlineStore,
    private readonly audit: AuditService,
  ) {}

  /**
   * Records a closure and, in the same transaction, recomputes every Mexican application with a
   * deadline on or after that day: a closure before a due date moves it, one after it cannot, and
   * one of other offices leaves it where it was (the recomputation finds that out).
   */
  async create(actor: Actor, dto: CreateClosureDto): Promise<ClosureView & { recomputedApplications: number }> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        await this.calendars.lockForChange(manager);
        await manager.insert(CalendarClosureEntity, {
          date: dto.date,
          reference: dto.reference,
          offices: [...new Set(dto.offices ?? [])],
          enteredBy: actor.userId,
        });
        const closure = await manager.findOneByOrFail(CalendarClosureEntity, { date: dto.date });
        const affected = (await manager
          .createQueryBuilder()
          .select('DISTINCT d.application_id', 'id')
          .from(AsylumDeadlineEntity, 'd')
          .innerJoin(AsylumApplicationEntity, 'a', 'a.id = d.application_id')
          .where("a.jurisdiction = 'MX_COMAR'")
          .andWhere('d.due_on >= :date', { date: dto.date })
          .getRawMany()) as { id: string }[];
        const today = todayInMexicoCity();
        for (let start = 0; start < affected.length; start += REFRESH_BATCH) {
          const batch = affected.slice(start, start + REFRESH_BATCH).map((row) => row.id);
          await this.deadlines.refresh(manager, batch, today);
        }
        await this.audit.record(
          actor,
          {
            action: 'create',
            entityType: 'calendar_closure',
            entityId: dto.date,
            details: { recomputedApplications: affected.length },
          },
          manager,
        );
        return { ...this.toView(closure), recomputedApplications: affected.length };
      });
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
        throw new ClosureExists(dto.date);
      }
      throw error;
    }
  }

  async list(query: PaginationQueryDto): Promise<Page<ClosureView>> {
    const after = query.cursor ? decodeCursor(query.cursor, ['date'])[0] : undefined;
    const rows = await this.dataSource.getRepository(CalendarClosureEntity).find({
      where: after ? { date: MoreThan(after) } : {},
      order: { date: 'ASC' },
      take: query.limit + 1,
    });
    const page = toPage(rows, query.limit, (row) => [row.date]);
    return { items: page.items.map((row) => this.toView(row)), nextCursor: page.nextCursor };
  }

  private toView(closure: CalendarClosureEntity): ClosureView {
    return {
      date: closure.date,
      reference: closure.reference,
      offices: closure.offices,
      enteredBy: closure.enteredBy,
      enteredAt: closure.enteredAt,
    };
  }
}
