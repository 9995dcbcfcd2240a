import { randomUUID } from 'node:crypto';

import { Actor, AuditService, shelterScopeOf } from '@albergue/access';
import { PersonsService, PersonView, StaysService } from '@albergue/intake';
import { APP_CONFIG, AppConfig, decodeCursor, FieldEncryption, NotFoundError, Page, toPage } from '@albergue/platform';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';

import { DirectoryService } from './directory.service';
import { DirectoryServiceEntity } from './directory-service.entity';
import { REASON_COLUMN, STATUS_NOTE_COLUMN } from './referral-encrypted-columns';
import { isOverdue } from './referral-overdue';
import { allowedTransitionsFrom, sideOfTransition } from './referral-transitions';
import type { ChangeReferralStatusDto, CreateReferralDto, InboxQueryDto, ReferralsQueryDto } from './referral.dto';
import { ReferralEntity, ReferralStatusChangeEntity } from './referral.entity';
import type { InboxReferralView, OverdueCount, ReferralSummary, ReferralView } from './referral.view';
import { DEFAULT_SHARED_FIELDS, REFERRABLE_SERVICE_STATUSES, URGENCIES } from './referral.vocabularies';
import {
  ConsentRequired,
  NoReferringShelter,
  ReferralTransitionNotAllowed,
  ServiceNotReferrable,
  TransitionOfTheOtherSide,
  UnknownReferenceField,
} from './referrals.errors';

const REFERRAL = { es: 'La canalización', en: 'The referral' };

/** The answer a status change gives each side: the shelter's full view, the organization's inbox view. */
export type ReferralAnswer = ReferralView | InboxReferralView;

/**
 * Referrals, seen by the referring shelter's staff (admins: all) and, for referrals to its own
 * services, by the receiving organization's partner users (only the person fields shared).
 */
/** A declined or cancelled referral no longer shows the organization anything of the person. */
function sharesPerson(status: ReferralEntity['status']): boolean {
  return status !== 'declined' && status !== 'cancelled';
}

@Injectable()
export class ReferralsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly directory: DirectoryService,
    private readonly persons: PersonsService,
    private readonly stays: StaysService,
    private readonly encryption: FieldEncryption,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, dto: CreateReferralDto): Promise<ReferralView> {
    if (dto.consentObtained !== true) throw new ConsentRequired();
    if (!(await this.persons.isVisible(actor, dto.personId))) {
      throw new UnknownReferenceField('personId', { es: 'La persona', en: 'The person' });
    }
    const service = await this.directory.findService(dto.serviceId);
    if (!service) throw new UnknownReferenceField('serviceId', { es: 'El servicio', en: 'The service' });
    if (!REFERRABLE_SERVICE_STATUSES.includes(service.status)) throw new ServiceNotReferrable(service.status);
    const fromShelterId = await this.referringShelter(actor, dto);
    return this.dataSource.transaction(async (manager) => {
      const now = new Date();
      const referralId = randomUUID();
      const referral = await manager.save(ReferralEntity, {
        id: referralId,
        personId: dto.personId,
        fromShelterId,
        serviceId: service.id,
        reasonCiphertext: this.encryption.encrypt(dto.reason, REASON_COLUMN, referralId),
        urgency: dto.urgency,
        sharedFields: [...new Set(dto.sharedFields ?? DEFAULT_SHARED_FIELDS)],
        consentObtained: true,
        consentTakenBy: actor.userId,
        consentTakenAt: now,
        status: 'pending',
      });
      await manager.insert(ReferralStatusChangeEntity, {
        referralId: referral.id,
        fromStatus: null,
        toStatus: 'pending',
        noteCiphertext: null,
        changedBy: actor.userId,
        changedAt: now,
      });
      await this.audit.record(
        actor,
        {
          action: 'create',
          entityType: 'referral',
          entityId: referral.id,
          details: { personId: dto.personId, serviceId: service.id, sharedFields: referral.sharedFields },
        },
        manager,
      );
      return this.toView(referral, service, manager);
    });
  }

  async findVisible(actor: Actor, id: string): Promise<ReferralView> {
    const row = await this.senderQuery(actor).andWhere('r.id = :id', { id }).getOne();
    if (!row) throw new NotFoundError(REFERRAL);
    await this.audit.recordRead(actor, 'referral', id);
    return this.toView(row, row.service!);
  }

  /** The referring side's list, newest first. */
  async list(actor: Actor, query: ReferralsQueryDto): Promise<Page<ReferralSummary>> {
    const builder = this.senderQuery(actor)
      .orderBy('r.createdAt', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .limit(query.limit + 1);
    if (query.personId) builder.andWhere('r.personId = :personId', { personId: query.personId });
    if (query.status) builder.andWhere('r.status = :status', { status: query.status });
    if (query.overdue !== undefined) {
      builder.andWhere(`${query.overdue ? '' : 'NOT '}(${this.overdueSql()})`, this.overdueParameters());
    }
    if (query.cursor) {
      // The cursor names the last row only: its timestamp is read back at full (microsecond)
      // precision, which a JavaScript date would round and so skip rows of the same millisecond.
      const [id] = decodeCursor(query.cursor, ['uuid']);
      builder.andWhere('(r.createdAt, r.id) < (SELECT created_at, id FROM referrals WHERE id = :cursorId)', {
        cursorId: id,
      });
    }
    const rows = await builder.getMany();
    const page = toPage(
      rows.map((row) => this.toSummary(row, row.service!)),
      query.limit,
      (referral) => [referral.id],
    );
    await this.audit.recordList(
      actor,
      'referral',
      page.items.map((referral) => referral.id),
    );
    return page;
  }

  /** A partner's inbox: referrals to its organization's services, with only the shared person fields. */
  async inbox(actor: Actor, query: InboxQueryDto): Promise<Page<InboxReferralView>> {
    const builder = this.receiverQuery(actor)
      .orderBy('r.createdAt', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .limit(query.limit + 1);
    if (query.status) builder.andWhere('r.status = :status', { status: query.status });
    if (query.cursor) {
      // The cursor names the last row only: its timestamp is read back at full (microsecond)
      // precision, which a JavaScript date would round and so skip rows of the same millisecond.
      const [id] = decodeCursor(query.cursor, ['uuid']);
      builder.andWhere('(r.createdAt, r.id) < (SELECT created_at, id FROM referrals WHERE id = :cursorId)', {
        cursorId: id,
      });
    }
    const rows = await builder.getMany();
    const persons = new Map(
      (await this.persons.findForDisclosure([...new Set(rows.map((row) => row.personId))])).map((p) => [p.id, p]),
    );
    const page = toPage(
      rows.map((row) => this.toInboxView(row, persons.get(row.personId))),
      query.limit,
      (referral) => [referral.id],
    );
    await this.audit.recordList(
      actor,
      'referral',
      page.items.map((referral) => referral.id),
    );
    // What of a person went to the organization is traceable from the person, too.
    const disclosed = rows
      .slice(0, query.limit)
      .filter((row) => sharesPerson(row.status))
      .map((row) => row.personId);
    if (disclosed.length > 0) await this.audit.recordList(actor, 'person', [...new Set(disclosed)]);
    return page;
  }

  async changeStatus(actor: Actor, id: string, dto: ChangeReferralStatusDto): Promise<ReferralAnswer> {
    const receiving = actor.role === 'partner';
    const answer = await this.dataSource.transaction(async (manager) => {
      const builder = receiving ? this.receiverQuery(actor, manager) : this.senderQuery(actor, manager);
      const referral = await builder
        .andWhere('r.id = :id', { id })
        .setLock('pessimistic_write', undefined, ['r'])
        .getOne();
      if (!referral) throw new NotFoundError(REFERRAL);
      const side = sideOfTransition(referral.status, dto.status);
      if (side === null) {
        throw new ReferralTransitionNotAllowed(referral.status, dto.status, allowedTransitionsFrom(referral.status));
      }
      if (side !== (receiving ? 'receiver' : 'sender')) throw new TransitionOfTheOtherSide(dto.status, side);
      const from = referral.status;
      await manager.update(ReferralEntity, id, { status: dto.status });
      const changeId = randomUUID();
      await manager.insert(ReferralStatusChangeEntity, {
        id: changeId,
        referralId: id,
        fromStatus: from,
        toStatus: dto.status,
        noteCiphertext: dto.note ? this.encryption.encrypt(dto.note, STATUS_NOTE_COLUMN, changeId) : null,
        changedBy: actor.userId,
      });
      await this.audit.record(
        actor,
        { action: 'status_change', entityType: 'referral', entityId: id, details: { from, to: dto.status } },
        manager,
      );
      const updated = { ...referral, status: dto.status };
      if (!receiving) return this.toView(updated, referral.service!, manager);
      if (!sharesPerson(updated.status)) return this.toInboxView(updated, undefined);
      const [person] = await this.persons.findForDisclosure([referral.personId]);
      await this.audit.record(actor, { action: 'read', entityType: 'person', entityId: referral.personId }, manager);
      return this.toInboxView(updated, person);
    });
    return answer;
  }

  /** Overdue referrals per referring shelter in the caller's scope, by urgency. */
  async overdueCounts(actor: Actor): Promise<{ items: OverdueCount[] }> {
    const builder = this.dataSource
      .getRepository(ReferralEntity)
      .createQueryBuilder('r')
      .select('r.fromShelterId', 'shelterId')
      .addSelect('r.urgency', 'urgency')
      .addSelect('count(*)::int', 'count')
      .where(this.overdueSql(), this.overdueParameters())
      .groupBy('r.fromShelterId')
      .addGroupBy('r.urgency')
      .orderBy('r.fromShelterId');
    const scope = shelterScopeOf(actor);
    if (scope !== null) builder.andWhere('r.fromShelterId = ANY(:scope)', { scope });
    const rows = await builder.getRawMany<{ shelterId: string; urgency: string; count: number }>();
    const counts = new Map<string, OverdueCount>();
    for (const row of rows) {
      const count = counts.get(row.shelterId) ?? {
        shelterId: row.shelterId,
        emergency: 0,
        urgent: 0,
        routine: 0,
        total: 0,
      };
      count[row.urgency as (typeof URGENCIES)[number]] = row.count;
      count.total += row.count;
      counts.set(row.shelterId, count);
    }
    return { items: [...counts.values()] };
  }

  private async referringShelter(actor: Actor, dto: CreateReferralDto): Promise<string> {
    if (dto.shelterId) {
      const scope = shelterScopeOf(actor);
      const mine = scope === null || scope.includes(dto.shelterId);
      if (!mine || !(await this.stays.hasStayIn(dto.personId, dto.shelterId))) {
        throw new UnknownReferenceField('shelterId', {
          es: 'El albergue (con estancia de la persona)',
          en: 'The shelter (with a stay of the person)',
        });
      }
      return dto.shelterId;
    }
    const shelterId = await this.stays.currentShelterOf(actor, dto.personId);
    if (!shelterId) throw new NoReferringShelter();
    return shelterId;
  }

  private senderQuery(actor: Actor, manager: EntityManager = this.dataSource.manager) {
    const builder = this.baseQuery(manager);
    const scope = shelterScopeOf(actor);
    if (scope !== null) builder.andWhere('r.fromShelterId = ANY(:scope)', { scope });
    return builder;
  }

  /** Referrals to the services of the partner's organization; none for a partner without one. */
  private receiverQuery(actor: Actor, manager: EntityManager = this.dataSource.manager) {
    return this.baseQuery(manager).andWhere('svc.organizationId = :organizationId', {
      organizationId: actor.organizationId ?? '00000000-0000-0000-0000-000000000000',
    });
  }

  private baseQuery(manager: EntityManager): SelectQueryBuilder<ReferralEntity> {
    return manager.getRepository(ReferralEntity).createQueryBuilder('r').innerJoinAndSelect('r.service', 'svc');
  }

  private overdueSql(): string {
    return (
      "r.status = 'pending' AND r.created_at < now() - make_interval(days => " +
      'CASE r.urgency WHEN :emergency THEN :emergencyDays::int WHEN :urgent THEN :urgentDays::int ELSE :routineDays::int END)'
    );
  }

  private overdueParameters() {
    const days = this.config.referrals.overdueDays;
    return {
      emergency: 'emergency',
      urgent: 'urgent',
      emergencyDays: days.emergency,
      urgentDays: days.urgent,
      routineDays: days.routine,
    };
  }

  private toSummary(referral: ReferralEntity, service: DirectoryServiceEntity): ReferralSummary {
    return {
      id: referral.id,
      personId: referral.personId,
      fromShelterId: referral.fromShelterId,
      serviceId: referral.serviceId,
      organizationId: service.organizationId,
      urgency: referral.urgency,
      status: referral.status,
      sharedFields: referral.sharedFields,
      overdue: isOverdue(referral, this.config.referrals.overdueDays, new Date()),
      createdAt: referral.createdAt,
      updatedAt: referral.updatedAt,
    };
  }

  private async toView(
    referral: ReferralEntity,
    service: DirectoryServiceEntity,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ReferralView> {
    const history = await manager.find(ReferralStatusChangeEntity, {
      where: { referralId: referral.id },
      order: { changedAt: 'ASC', id: 'ASC' },
    });
    return {
      ...this.toSummary(referral, service),
      reason: this.encryption.decrypt(referral.reasonCiphertext, REASON_COLUMN, referral.id),
      consentObtained: referral.consentObtained,
      consentTakenBy: referral.consentTakenBy,
      consentTakenAt: referral.consentTakenAt,
      history: history.map((change) => ({
        fromStatus: change.fromStatus,
        toStatus: change.toStatus,
        note: change.noteCiphertext
          ? this.encryption.decrypt(change.noteCiphertext, STATUS_NOTE_COLUMN, change.id)
          : null,
        changedBy: change.changedBy,
        changedAt: change.changedAt,
      })),
    };
  }

  private toInboxView(referral: ReferralEntity, person: PersonView | undefined): InboxReferralView {
    const shared: InboxReferralView['person'] = {};
    for (const field of referral.sharedFields) {
      if (!person || !sharesPerson(referral.status)) break;
      shared[field] =
        field === 'birthYear'
          ? person.birthDate
            ? Number(person.birthDate.slice(0, 4))
            : person.estimatedBirthYear
          : person[field];
    }
    return {
      id: referral.id,
      fromShelterId: referral.fromShelterId,
      serviceId: referral.serviceId,
      urgency: referral.urgency,
      status: referral.status,
      reason: this.encryption.decrypt(referral.reasonCiphertext, REASON_COLUMN, referral.id),
      overdue: isOverdue(referral, this.config.referrals.overdueDays, new Date()),
      createdAt: referral.createdAt,
      person: shared,
    };
  }
}
