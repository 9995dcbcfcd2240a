import { decodeCursor, Page, preparedStatement, RequestMeta, runPrepared, toPage } from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';

import type { Actor } from './actor';
import { AuditDetails, AuditEventEntity } from './audit-event.entity';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  /** Ids a list returned, names of fields changed: never values of the people recorded. */
  details?: AuditDetails;
}

/** Who did it: an authenticated actor, or only the request (a login attempt, the admin CLI). */
export type AuditSubject = Actor | (RequestMeta & { userId?: string | null; role?: string | null });

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: string;
}

export interface AuditEventView {
  id: string;
  occurredAt: Date;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  requestId: string | null;
  ip: string | null;
  details: AuditDetails;
}

/** An audit event as a row of audit_events (column names), for a statement that writes it with other rows. */
export interface AuditRow {
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  request_id: string;
  ip: string | null;
  details: AuditDetails;
}

/**
 * The same event record() would insert, as a row: a write that sends several tables' rows in one
 * statement (an intake) inserts its audit rows there, in the same transaction, in one round trip:
 * `INSERT INTO audit_events (<AUDIT_ROW_COLUMNS>) SELECT <AUDIT_ROW_COLUMNS> FROM
 * jsonb_populate_recordset(NULL::audit_events, $1)`.
 */
export function auditRowOf(subject: AuditSubject, entry: AuditEntry): AuditRow {
  return {
    actor_id: subject.userId ?? null,
    actor_role: subject.role ?? null,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId ?? null,
    request_id: subject.requestId,
    ip: subject.ip,
    details: entry.details ?? {},
  };
}

export const AUDIT_ROW_COLUMNS = 'actor_id, actor_role, action, entity_type, entity_id, request_id, ip, details';

const RECORD_EVENT = preparedStatement(
  `INSERT INTO audit_events (${AUDIT_ROW_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
);

/** The append-only audit log: every write and every read of a person's records goes through here. */
@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEventEntity) private readonly events: Repository<AuditEventEntity>) {}

  /** Records one event; pass the transaction's manager so the event commits with the change or not at all. */
  async record(subject: AuditSubject, entry: AuditEntry, manager?: EntityManager): Promise<void> {
    // One plain prepared statement: every read writes one, and the query builder's work showed in
    // the profile of bench:load.
    await runPrepared(manager ?? this.events.manager, RECORD_EVENT, [
      subject.userId ?? null,
      subject.role ?? null,
      entry.action,
      entry.entityType,
      entry.entityId ?? null,
      subject.requestId,
      subject.ip,
      JSON.stringify(entry.details ?? {}),
    ]);
  }

  /** Records a read of one record. */
  recordRead(actor: Actor, entityType: string, entityId: string): Promise<void> {
    return this.record(actor, { action: 'read', entityType, entityId });
  }

  /** Records a list read with the ids it returned, so a person's exposure can be traced later. */
  recordList(actor: Actor, entityType: string, ids: string[]): Promise<void> {
    return this.record(actor, { action: 'list', entityType, details: { ids } });
  }

  async list(query: AuditQuery): Promise<Page<AuditEventView>> {
    const builder = this.events
      .createQueryBuilder('e')
      .orderBy('e.id', 'DESC')
      .limit(query.limit + 1);
    if (query.entityType) builder.andWhere('e.entityType = :entityType', { entityType: query.entityType });
    if (query.entityId) {
      builder.andWhere("(e.entityId = :entityId OR e.details -> 'ids' ? :entityId)", { entityId: query.entityId });
    }
    if (query.actorId) builder.andWhere('e.actorId = :actorId', { actorId: query.actorId });
    if (query.from) builder.andWhere('e.occurredAt >= :from', { from: query.from });
    if (query.to) builder.andWhere('e.occurredAt < :to', { to: query.to });
    if (query.cursor) {
      const [lastId] = decodeCursor(query.cursor, ['bigintId']);
      builder.andWhere('e.id < :lastId', { lastId });
    }
    const rows = await builder.getMany();
    return toPage(rows, query.limit, (row) => [row.id]);
  }
}
