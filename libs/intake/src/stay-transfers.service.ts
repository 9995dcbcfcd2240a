import { Actor, AuditService, canSeeShelter, shelterScopeOf } from '@albergue/access';
import { decodeCursor, NotFoundError, Page, toPage } from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';

import {
  StayAlreadyClosed,
  TransferAlreadyPending,
  TransferDestinationInvalid,
  TransferNotPending,
} from './intake.errors';
import type { TransferStatus } from './intake.vocabularies';
import { ShelterEntity } from './shelter.entity';
import { SheltersService } from './shelters.service';
import type { CreateStayTransferDto, TransfersQueryDto } from './stay-transfer.dto';
import { StayTransferEntity } from './stay-transfer.entity';
import { StaysService } from './stays.service';

const TRANSFER = { es: 'El traslado', en: 'The transfer' };

/** What a transfer shows each side: the receiving shelter sees the person as the handover grants, no more. */
export interface TransferView {
  id: string;
  status: TransferStatus;
  fromShelter: { id: string; code: string };
  toShelter: { id: string; code: string };
  /** The stay handed over: shown to the sending side only. */
  stayId: string | null;
  /** The stay the receiving shelter opened: shown to the receiving side only. */
  acceptedStayId: string | null;
  offeredAt: Date;
  decidedAt: Date | null;
  /** Enough for the receiving desk to recognise the person when they arrive. */
  person: {
    id: string;
    givenNames: string;
    familyNames: string;
    sex: string;
    birthYear: number | null;
    nationality: string;
  };
}

interface TransferRow {
  id: string;
  status: TransferStatus;
  stay_id: string;
  person_id: string;
  from_shelter_id: string;
  from_code: string;
  to_shelter_id: string;
  to_code: string;
  accepted_stay_id: string | null;
  offered_at: Date;
  decided_at: Date | null;
  given_names: string;
  family_names: string;
  sex: string;
  birth_year: number | null;
  nationality: string;
}

const TRANSFER_COLUMNS = `t.id, t.status, t.stay_id, t.person_id, t.from_shelter_id, fs.code AS from_code,
       t.to_shelter_id, ts.code AS to_code, t.accepted_stay_id, t.offered_at, t.decided_at,
       p.given_names, p.family_names, p.sex, p.birth_year, p.nationality
  FROM stay_transfers t
  JOIN shelters fs ON fs.id = t.from_shelter_id
  JOIN shelters ts ON ts.id = t.to_shelter_id
  JOIN persons p ON p.id = t.person_id`;

/**
 * Transfers between shelters: the person's current shelter hands them over (POST /stays/:id/transfer),
 * the receiving shelter accepts by registering them at intake. The receiving side cannot force a
 * transfer alone: without a handover, a person of another shelter is not theirs to register.
 */
@Injectable()
export class StayTransfersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly stays: StaysService,
    private readonly shelters: SheltersService,
    private readonly audit: AuditService,
  ) {}

  /** The sending side: staff of the stay's shelter hand the person over to another shelter. */
  async offer(actor: Actor, stayId: string, dto: CreateStayTransferDto): Promise<TransferView> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const stay = await this.stays.findVisibleEntity(actor, stayId, true, manager);
        if (stay.checkedOutAt) throw new StayAlreadyClosed();
        if (dto.toShelterId === stay.shelterId) throw new TransferDestinationInvalid('is the stay’s own shelter');
        if (!(await manager.existsBy(ShelterEntity, { id: dto.toShelterId }))) {
          throw new TransferDestinationInvalid('no shelter has this id');
        }
        const transfer = await manager.save(StayTransferEntity, {
          stayId: stay.id,
          personId: stay.personId,
          fromShelterId: stay.shelterId,
          toShelterId: dto.toShelterId,
          offeredBy: actor.userId,
        });
        await this.audit.record(
          actor,
          {
            action: 'transfer_offer',
            entityType: 'stay_transfer',
            entityId: transfer.id,
            details: { ids: [stay.personId, stay.id], fromShelterId: stay.shelterId, toShelterId: dto.toShelterId },
          },
          manager,
        );
        return this.toView(actor, (await this.rows(manager, 't.id = $1', [transfer.id]))[0]);
      });
    } catch (error) {
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { constraint?: string }).constraint === 'stay_transfers_one_pending_per_person'
      ) {
        throw new TransferAlreadyPending();
      }
      throw error;
    }
  }

  /** Transfers into or out of the caller's shelters, newest first; the persons shown are audited. */
  async list(actor: Actor, query: TransfersQueryDto): Promise<Page<TransferView>> {
    if (query.shelterId) await this.shelters.findVisible(actor, query.shelterId);
    const scope = query.shelterId ? [query.shelterId] : shelterScopeOf(actor);
    const conditions = ['t.status = $1'];
    const parameters: unknown[] = [query.status];
    if (scope !== null) {
      parameters.push(scope);
      conditions.push(
        `(t.to_shelter_id = ANY($${parameters.length}) OR t.from_shelter_id = ANY($${parameters.length}))`,
      );
    }
    if (query.cursor) {
      const [offeredAt, id] = decodeCursor(query.cursor, ['timestamp', 'uuid']);
      parameters.push(offeredAt, id);
      // The cursor holds milliseconds (a JS Date); Postgres keeps microseconds: compare and sort at
      // the cursor's precision, or rows within one millisecond of a page's last would be skipped.
      conditions.push(
        `(date_trunc('milliseconds', t.offered_at), t.id) < ($${parameters.length - 1}::timestamptz, $${parameters.length}::uuid)`,
      );
    }
    parameters.push(query.limit + 1);
    const rows = await this.rows(
      this.dataSource.manager,
      `${conditions.join(' AND ')} ORDER BY date_trunc('milliseconds', t.offered_at) DESC, t.id DESC LIMIT $${parameters.length}`,
      parameters,
    );
    const page = toPage(
      rows.map((row) => this.toView(actor, row)),
      query.limit,
      (view) => [view.offeredAt.toISOString(), view.id],
    );
    await this.audit.record(actor, {
      action: 'list',
      entityType: 'stay_transfer',
      details: { ids: page.items.flatMap((view) => [view.id, view.person.id]) },
    });
    return page;
  }

  /** Either side withdraws a pending transfer (the sender changed their mind, the receiver has no room). */
  async cancel(actor: Actor, id: string): Promise<TransferView> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = await this.rows(manager, 't.id = $1 FOR UPDATE OF t', [id]);
      if (!row || !(canSeeShelter(actor, row.from_shelter_id) || canSeeShelter(actor, row.to_shelter_id))) {
        throw new NotFoundError(TRANSFER);
      }
      if (row.status !== 'pending') throw new TransferNotPending();
      const decidedAt = new Date();
      await manager.update(StayTransferEntity, id, { status: 'cancelled', decidedBy: actor.userId, decidedAt });
      await this.audit.record(
        actor,
        {
          action: 'transfer_cancel',
          entityType: 'stay_transfer',
          entityId: id,
          details: { ids: [row.person_id], fromShelterId: row.from_shelter_id, toShelterId: row.to_shelter_id },
        },
        manager,
      );
      return this.toView(actor, { ...row, status: 'cancelled', decided_at: decidedAt });
    });
  }

  /** The pending transfers of these persons into this shelter, locked until the intake that accepts them ends. */
  async lockPendingInto(manager: EntityManager, shelterId: string, personIds: string[]): Promise<StayTransferEntity[]> {
    if (personIds.length === 0) return [];
    return manager
      .getRepository(StayTransferEntity)
      .createQueryBuilder('t')
      .where("t.status = 'pending' AND t.toShelterId = :shelterId AND t.personId = ANY(:personIds)", {
        shelterId,
        personIds,
      })
      .setLock('pessimistic_write')
      .getMany();
  }

  /** The receiving side's intake accepts the transfer: audited as the receiving shelter's act. */
  async accept(manager: EntityManager, actor: Actor, transfer: StayTransferEntity, acceptedStayId: string) {
    await manager.update(StayTransferEntity, transfer.id, {
      status: 'accepted',
      decidedBy: actor.userId,
      decidedAt: new Date(),
      acceptedStayId,
    });
    await this.audit.record(
      actor,
      {
        action: 'transfer_accept',
        entityType: 'stay_transfer',
        entityId: transfer.id,
        details: {
          ids: [transfer.personId, transfer.stayId, acceptedStayId],
          fromShelterId: transfer.fromShelterId,
          toShelterId: transfer.toShelterId,
        },
      },
      manager,
    );
  }

  private async rows(manager: EntityManager, where: string, parameters: unknown[]): Promise<TransferRow[]> {
    return (await manager.query(`SELECT ${TRANSFER_COLUMNS} WHERE ${where}`, parameters)) as TransferRow[];
  }

  private toView(actor: Actor, row: TransferRow): TransferView {
    return {
      id: row.id,
      status: row.status,
      fromShelter: { id: row.from_shelter_id, code: row.from_code },
      toShelter: { id: row.to_shelter_id, code: row.to_code },
      stayId: canSeeShelter(actor, row.from_shelter_id) ? row.stay_id : null,
      acceptedStayId: canSeeShelter(actor, row.to_shelter_id) ? row.accepted_stay_id : null,
      offeredAt: row.offered_at,
      decidedAt: row.decided_at,
      person: {
        id: row.person_id,
        givenNames: row.given_names,
        familyNames: row.family_names,
        sex: row.sex,
        birthYear: row.birth_year,
        nationality: row.nationality,
      },
    };
  }
}
