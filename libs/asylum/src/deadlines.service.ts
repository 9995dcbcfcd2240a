import { Actor, AuditService } from '@albergue/access';
import { decodeCursor, Page, toPage } from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { AsylumApplicationEntity } from './asylum-application.entity';
import { OpenDeadlineView, toDeadlineView } from './asylum-application.view';
import { applicationScopeOf } from './application-scope';
import { AsylumDeadlineEntity } from './asylum-deadline.entity';
import type { DeadlineKind } from './asylum-vocabulary';
import type { DeadlinesQueryDto } from './deadlines.dto';

interface OpenDeadlineRow {
  application_id: string;
  position: number;
  kind: DeadlineKind;
  due_on: string;
  basis: string;
  rule_version: string;
  met: boolean;
  fulfilled_on: string | null;
  late: boolean;
  informative: boolean;
  open: boolean;
  person_id: string;
  jurisdiction: AsylumApplicationEntity['jurisdiction'];
  status: AsylumApplicationEntity['status'];
  lawyer_id: string;
  shelter_id: string;
}

/** Every column a lawyer's deadline list shows, as selected: dates as text, never as local-midnight Dates. */
const OPEN_DEADLINE_COLUMNS: Record<string, keyof OpenDeadlineRow> = {
  'd.application_id': 'application_id',
  'd.position': 'position',
  'd.kind': 'kind',
  'd.due_on::text': 'due_on',
  'd.basis': 'basis',
  'd.rule_version': 'rule_version',
  'd.met': 'met',
  'd.fulfilled_on::text': 'fulfilled_on',
  'd.late': 'late',
  'd.informative': 'informative',
  'd.open': 'open',
  'a.person_id': 'person_id',
  'a.jurisdiction': 'jurisdiction',
  'a.status': 'status',
  'a.lawyer_id': 'lawyer_id',
  'a.shelter_id': 'shelter_id',
};

/** Lawyers' caseloads sorted by the next deadline, read from the stored deadlines (DeadlineStore). */
@Injectable()
export class DeadlinesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Open deadlines of the applications the actor may see, soonest first; the applications listed are audited. */
  async listOpen(actor: Actor, query: DeadlinesQueryDto): Promise<Page<OpenDeadlineView>> {
    const builder = this.dataSource
      .createQueryBuilder()
      .from(AsylumDeadlineEntity, 'd')
      .innerJoin(AsylumApplicationEntity, 'a', 'a.id = d.application_id');
    for (const [column, alias] of Object.entries(OPEN_DEADLINE_COLUMNS)) {
      builder.addSelect(column, alias);
    }
    builder
      .where('d.open')
      .orderBy('d.due_on', 'ASC')
      .addOrderBy('d.application_id', 'ASC')
      .addOrderBy('d.position', 'ASC')
      .limit(query.limit + 1);
    const scope = applicationScopeOf(actor);
    if (scope) builder.andWhere(scope.sql, scope.parameters);
    if (query.dueBefore) builder.andWhere('d.due_on < :dueBefore', { dueBefore: query.dueBefore });
    if (query.lawyerId) builder.andWhere('a.lawyer_id = :lawyerId', { lawyerId: query.lawyerId });
    if (query.cursor) {
      const [dueOn, applicationId, position] = decodeCursor(query.cursor, ['date', 'uuid', 'offset']);
      builder.andWhere('(d.due_on, d.application_id, d.position) > (:dueOn::date, :applicationId::uuid, :position)', {
        dueOn,
        applicationId,
        position,
      });
    }
    const rows = await builder.getRawMany<OpenDeadlineRow>();
    const page = toPage(rows, query.limit, (row) => [row.due_on, row.application_id, row.position]);
    const items = page.items.map((row): OpenDeadlineView => ({
      applicationId: row.application_id,
      personId: row.person_id,
      jurisdiction: row.jurisdiction,
      status: row.status,
      lawyerId: row.lawyer_id,
      shelterId: row.shelter_id,
      ...toDeadlineView({
        kind: row.kind,
        dueOn: row.due_on,
        basis: row.basis,
        ruleVersion: row.rule_version,
        met: row.met,
        fulfilledOn: row.fulfilled_on,
        late: row.late,
        informative: row.informative,
        open: row.open,
      }),
    }));
    await this.audit.recordList(actor, 'asylum_application', [...new Set(items.map((item) => item.applicationId))]);
    return { items, nextCursor: page.nextCursor };
  }
}
