import { Readable } from 'node:stream';

import { Actor, AuditService } from '@albergue/access';
import {
  decodeCursor,
  Language,
  NotFoundError,
  Page,
  PaginationQueryDto,
  readChunkRows,
  reportingPeriodOf,
  RequestValidationError,
  toPage,
} from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { CreateExportDto, ExportsQueryDto } from './export.dto';
import { ExportEntity } from './export.entity';
import { DeliveryView, ExportDisclosureView, ExportListItem, ExportView, toExportView } from './export.view';
import { EXPORT_FILE_CHUNKS } from './export-file-chunk.entity';
import { ExportOutboxEntity } from './export-outbox.entity';
import { DatasetNotInAgreement, ExportNotReady, UnknownPartner } from './exports.errors';
import { PartnerEntity } from './partner.entity';

const EXPORT = { es: 'La exportación', en: 'The export' };

/** Export requests, their state, their encrypted file and their disclosure log. */
@Injectable()
export class ExportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Records the export and its outbox entry together: the relay queues it even if Redis is down now. */
  async request(actor: Actor, dto: CreateExportDto): Promise<{ id: string; status: 'queued' }> {
    if (dto.from > dto.to) throw new RequestValidationError([{ field: 'to', message: 'to must not be before from' }]);
    // Counts and de-identified rows go out for fixed periods only, so that two files never differ by a few days.
    if (dto.dataset !== 'incidents_identified') reportingPeriodOf(dto.from, dto.to);
    return this.dataSource.transaction(async (manager) => {
      const partner = await manager.findOneBy(PartnerEntity, { id: dto.partnerId });
      if (!partner) throw new UnknownPartner();
      if (!partner.datasets.includes(dto.dataset)) throw new DatasetNotInAgreement(dto.dataset);
      const saved = await manager.save(ExportEntity, {
        partnerId: partner.id,
        dataset: dto.dataset,
        format: dto.format,
        from: dto.from,
        to: dto.to,
        requestedBy: actor.userId,
      });
      await manager.insert(ExportOutboxEntity, { exportId: saved.id });
      await this.audit.record(
        actor,
        { action: 'create', entityType: 'export', entityId: saved.id, details: { partnerId: partner.id } },
        manager,
      );
      return { id: saved.id, status: 'queued' as const };
    });
  }

  async get(actor: Actor, id: string, language: Language): Promise<ExportView> {
    const entity = await this.findVisible(actor, id);
    const deliveries = (await this.dataSource.query(
      `SELECT d.id, d.status, count(a.id)::int AS attempts,
              (array_agg(a.status_code ORDER BY a.attempted_at DESC))[1] AS "lastStatusCode",
              (array_agg(a.error_code ORDER BY a.attempted_at DESC))[1] AS "lastErrorCode",
              max(a.attempted_at) AS "lastAttemptAt"
         FROM webhook_deliveries d LEFT JOIN webhook_delivery_attempts a ON a.delivery_id = d.id
        WHERE d.export_id = $1 GROUP BY d.id ORDER BY d.created_at`,
      [id],
    )) as DeliveryView[];
    return toExportView(entity, deliveries, language);
  }

  /**
   * Exports newest first. Admins see every one; a partner user only those of the partners of its
   * organization, so another organization's partner id filters down to nothing, as an id of no partner does.
   */
  async list(actor: Actor, query: ExportsQueryDto, language: Language): Promise<Page<ExportListItem>> {
    const builder = this.dataSource
      .getRepository(ExportEntity)
      .createQueryBuilder('e')
      .addSelect('e.created_at::text', 'cursor_created_at')
      .orderBy('e.createdAt', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .limit(query.limit + 1);
    if (actor.role !== 'admin') {
      builder.andWhere(
        'e.partner_id IN (SELECT p.id FROM partners p WHERE p.organization_id = :organizationId)',
        // A partner user without an organization sees nothing (no partner has a null organization id equal to it).
        { organizationId: actor.organizationId },
      );
    }
    if (query.partnerId) builder.andWhere('e.partner_id = :partnerId', { partnerId: query.partnerId });
    if (query.status) builder.andWhere('e.status = :status', { status: query.status });
    if (query.cursor) {
      const [createdAt, id] = decodeCursor(query.cursor, ['pgTimestamp', 'uuid']);
      builder.andWhere('(e.created_at, e.id) < (:createdAt::timestamptz, :id::uuid)', { createdAt, id });
    }
    const { entities, raw } = await builder.getRawAndEntities<{ cursor_created_at: string }>();
    const rows = entities.map((entity, index) => ({ entity, createdAt: raw[index].cursor_created_at }));
    const page = toPage(rows, query.limit, (row) => [row.createdAt, row.entity.id]);
    return {
      items: page.items.map(({ entity }) => {
        const item: Partial<ExportView> = toExportView(entity, [], language);
        delete item.deliveries;
        return item as ExportListItem;
      }),
      nextCursor: page.nextCursor,
    };
  }

  /** The encrypted file, read a chunk at a time. */
  async download(actor: Actor, id: string): Promise<{ stream: Readable; sizeBytes: number; sha256: string }> {
    const entity = await this.findVisible(actor, id);
    if (entity.status !== 'completed' || !entity.sha256) throw new ExportNotReady(entity.status);
    await this.audit.record(actor, { action: 'download', entityType: 'export', entityId: id });
    const stream = readChunkRows(this.dataSource, EXPORT_FILE_CHUNKS, entity.id);
    return { stream, sizeBytes: Number(entity.sizeBytes), sha256: entity.sha256 };
  }

  /**
   * A page of the disclosure log, one item per act, by incident then act. The log holds a row per
   * batch of acts, unnested here: a page of a large export sorts all of its acts (a million acts
   * are 500 rows), as the log of a row per act sorted them too.
   */
  async disclosures(actor: Actor, id: string, query: PaginationQueryDto): Promise<Page<ExportDisclosureView>> {
    await this.findVisible(actor, id);
    const [incidentId, actId] = query.cursor ? decodeCursor(query.cursor, ['uuid', 'uuid']) : [null, null];
    const rows = (await this.dataSource.query(
      `SELECT b.export_id AS "exportId", b.partner_id AS "partnerId", d.incident_id AS "incidentId",
              d.act_id AS "actId", b.disclosed_at AS "disclosedAt"
         FROM export_disclosure_batches b
        CROSS JOIN LATERAL unnest(b.incident_ids, b.act_ids) AS d (incident_id, act_id)
        WHERE b.export_id = $1 AND ($2::uuid IS NULL OR (d.incident_id, d.act_id) > ($2::uuid, $3::uuid))
        ORDER BY d.incident_id, d.act_id
        LIMIT $4`,
      [id, incidentId, actId, query.limit + 1],
    )) as ExportDisclosureView[];
    return toPage(rows, query.limit, (row) => [row.incidentId, row.actId]);
  }

  /** Admins see every export; a partner user only those of partners of its organization, others look absent. */
  private async findVisible(actor: Actor, id: string): Promise<ExportEntity> {
    const entity = await this.dataSource.getRepository(ExportEntity).findOneBy({ id });
    if (!entity) throw new NotFoundError(EXPORT);
    if (actor.role === 'admin') return entity;
    const partner = await this.dataSource.getRepository(PartnerEntity).findOneBy({ id: entity.partnerId });
    if (!actor.organizationId || partner?.organizationId !== actor.organizationId) throw new NotFoundError(EXPORT);
    return entity;
  }
}
