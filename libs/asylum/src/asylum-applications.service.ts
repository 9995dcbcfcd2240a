import { Actor, AuditService, canSeeShelter, UsersService } from '@albergue/access';
import { PersonsService, SheltersService, StaysService } from '@albergue/intake';
import { decodeCursor, DomainError, FieldEncryption, NotFoundError, Page, toPage } from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';

import { applicationScopeOf } from './application-scope';
import { AsylumApplicationDependentEntity, AsylumApplicationEntity } from './asylum-application.entity';
import type { AsylumApplicationsQueryDto, CreateAsylumApplicationDto } from './asylum-application.dto';
import { AsylumApplicationView, AsylumEventView, toDeadlineView } from './asylum-application.view';
import { EVENT_NOTE_COLUMN, LATE_JUSTIFICATION_COLUMN } from './asylum-encrypted-columns';
import { AsylumEventEntity } from './asylum-event.entity';
import {
  LawyerNotAssignable,
  PersonNotAvailable,
  PrincipalAmongDependents,
  ShelterNotAvailable,
} from './asylum.errors';
import { allowedEvents, initialStatus } from './asylum-state-machine';
import { DeadlineStore } from './deadline-store.service';
import { todayInMexicoCity } from './mexico-city-date';

const APPLICATION = { es: 'La solicitud de asilo', en: 'The asylum application' };

function nullIfNotFound(error: unknown): null {
  if (error instanceof DomainError && error.kind === 'not_found') return null;
  throw error;
}

/** Asylum applications, each seen by admins, the coordinators of its shelter and its own lawyer. */
@Injectable()
export class AsylumApplicationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly persons: PersonsService,
    private readonly stays: StaysService,
    private readonly shelters: SheltersService,
    private readonly users: UsersService,
    private readonly deadlines: DeadlineStore,
    private readonly encryption: FieldEncryption,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, dto: CreateAsylumApplicationDto): Promise<AsylumApplicationView> {
    const lawyerId = await this.assignableLawyer(actor, dto.lawyerId);
    const dependentIds = dto.dependentIds ?? [];
    const principalAt = dependentIds.indexOf(dto.personId);
    if (principalAt >= 0) throw new PrincipalAmongDependents(`dependentIds[${principalAt}]`);
    return this.dataSource.transaction(async (manager) => {
      const ids = [dto.personId, ...dependentIds];
      const visible = await this.persons
        .visibleQuery(actor, manager)
        .andWhere('p.id IN (:...applicationPersonIds)', { applicationPersonIds: ids })
        .getMany();
      const principal = visible.find((person) => person.id === dto.personId);
      if (!principal) throw new PersonNotAvailable('personId');
      dependentIds.forEach((id, index) => {
        if (!visible.some((person) => person.id === id)) throw new PersonNotAvailable(`dependentIds[${index}]`);
      });
      const shelterId = await this.followingShelter(actor, manager, dto.personId, dto.shelterId);
      const application = await manager.save(AsylumApplicationEntity, {
        personId: dto.personId,
        jurisdiction: dto.jurisdiction,
        office: dto.office ?? null,
        enteredCountryOn: dto.enteredCountryOn,
        grounds: dto.grounds,
        nationality: principal.nationality,
        lawyerId,
        shelterId,
        status: initialStatus(dto.jurisdiction),
        createdBy: actor.userId,
      });
      if (dependentIds.length) {
        await manager.insert(
          AsylumApplicationDependentEntity,
          dependentIds.map((personId) => ({ applicationId: application.id, personId })),
        );
      }
      await this.deadlines.refresh(manager, [application.id], todayInMexicoCity());
      await this.audit.record(
        actor,
        {
          action: 'create',
          entityType: 'asylum_application',
          entityId: application.id,
          details: { ids, jurisdiction: dto.jurisdiction },
        },
        manager,
      );
      return this.toView(manager, application, { withEvents: true });
    });
  }

  /** One application with its timeline; the read is audited. */
  async findVisible(actor: Actor, id: string): Promise<AsylumApplicationView> {
    const application = await this.findVisibleEntity(actor, id);
    await this.audit.recordRead(actor, 'asylum_application', id);
    return this.toView(this.dataSource.manager, application, { withEvents: true });
  }

  async list(actor: Actor, query: AsylumApplicationsQueryDto): Promise<Page<AsylumApplicationView>> {
    const builder = this.visibleQuery(actor)
      .addSelect('a.created_at::text', 'cursor_created_at')
      .orderBy('a.createdAt', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(query.limit + 1);
    if (query.lawyerId) builder.andWhere('a.lawyer_id = :lawyerId', { lawyerId: query.lawyerId });
    if (query.status) builder.andWhere('a.status = :status', { status: query.status });
    if (query.personId) {
      builder.andWhere(
        `(a.person_id = :personId OR EXISTS (
           SELECT 1 FROM asylum_application_dependents ad WHERE ad.application_id = a.id AND ad.person_id = :personId))`,
        { personId: query.personId },
      );
    }
    if (query.cursor) {
      const [createdAt, id] = decodeCursor(query.cursor, ['pgTimestamp', 'uuid']);
      builder.andWhere('(a.created_at, a.id) < (:createdAt::timestamptz, :id::uuid)', { createdAt, id });
    }
    const { entities, raw } = await builder.getRawAndEntities<{ cursor_created_at: string }>();
    const rows = entities.map((application, index) => ({ application, createdAt: raw[index].cursor_created_at }));
    const page = toPage(rows, query.limit, (row) => [row.createdAt, row.application.id]);
    const items = await this.toViews(
      this.dataSource.manager,
      page.items.map((row) => row.application),
    );
    await this.audit.recordList(
      actor,
      'asylum_application',
      items.map((item) => item.id),
    );
    return { items, nextCursor: page.nextCursor };
  }

  /** An application in the actor's scope, optionally locked for the caller's transaction; any other is 404. */
  async findVisibleEntity(
    actor: Actor,
    id: string,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<AsylumApplicationEntity> {
    const builder = this.visibleQuery(actor, manager).andWhere('a.id = :id', { id });
    if (lock) builder.setLock('pessimistic_write');
    const application = await builder.getOne();
    if (!application) throw new NotFoundError(APPLICATION);
    return application;
  }

  async toView(
    manager: EntityManager,
    application: AsylumApplicationEntity,
    options: { withEvents: boolean },
  ): Promise<AsylumApplicationView> {
    const [view] = await this.toViews(manager, [application]);
    if (!options.withEvents) return view;
    const events = await manager.find(AsylumEventEntity, {
      where: { applicationId: application.id },
      order: { sequence: 'ASC' },
    });
    return { ...view, events: events.map((event) => this.toEventView(event)) };
  }

  private visibleQuery(actor: Actor, manager: EntityManager = this.dataSource.manager) {
    const builder = manager.getRepository(AsylumApplicationEntity).createQueryBuilder('a');
    const scope = applicationScopeOf(actor);
    if (scope) builder.where(scope.sql, scope.parameters);
    return builder;
  }

  private async toViews(
    manager: EntityManager,
    applications: AsylumApplicationEntity[],
  ): Promise<AsylumApplicationView[]> {
    const ids = applications.map((application) => application.id);
    const deadlines = await this.deadlines.ofApplications(manager, ids);
    const dependents = ids.length
      ? await manager.find(AsylumApplicationDependentEntity, { where: { applicationId: In(ids) } })
      : [];
    return applications.map((application) => ({
      id: application.id,
      personId: application.personId,
      dependentIds: dependents.filter((row) => row.applicationId === application.id).map((row) => row.personId),
      jurisdiction: application.jurisdiction,
      office: application.office,
      enteredCountryOn: application.enteredCountryOn,
      grounds: application.grounds,
      nationality: application.nationality,
      lawyerId: application.lawyerId,
      shelterId: application.shelterId,
      status: application.status,
      allowedEvents: allowedEvents(application.jurisdiction, application.status),
      deadlines: (deadlines.get(application.id) ?? []).map(toDeadlineView),
      createdAt: application.createdAt,
      updatedAt: application.updatedAt,
    }));
  }

  private toEventView(event: AsylumEventEntity): AsylumEventView {
    return {
      id: event.id,
      type: event.type,
      occurredOn: event.occurredOn,
      notifiedOn: event.notifiedOn,
      outcome: event.outcome,
      viaRepresentative: event.viaRepresentative,
      late: event.late,
      lateJustification: event.lateJustificationCiphertext
        ? this.encryption.decrypt(event.lateJustificationCiphertext, LATE_JUSTIFICATION_COLUMN, event.id)
        : null,
      note: event.noteCiphertext ? this.encryption.decrypt(event.noteCiphertext, EVENT_NOTE_COLUMN, event.id) : null,
      recordedBy: event.recordedBy,
      recordedAt: event.recordedAt,
    };
  }

  /** A lawyer's case is their own; anyone else names an active lawyer. */
  private async assignableLawyer(actor: Actor, lawyerId: string | undefined): Promise<string> {
    if (actor.role === 'lawyer') {
      if (lawyerId !== undefined && lawyerId !== actor.userId) {
        throw new LawyerNotAssignable('a lawyer may only take applications on themselves');
      }
      return actor.userId;
    }
    if (lawyerId === undefined) throw new LawyerNotAssignable('name the lawyer who follows the case');
    const lawyer = await this.users.findOne(lawyerId).catch(nullIfNotFound);
    if (!lawyer || lawyer.role !== 'lawyer' || !lawyer.active) {
      throw new LawyerNotAssignable('no active lawyer has this id');
    }
    return lawyer.id;
  }

  /**
   * The shelter given, if the caller may see it; else the shelter of the principal's latest stay
   * that the caller may see (a coordinator keeps the case in their own shelters).
   */
  private async followingShelter(
    actor: Actor,
    manager: EntityManager,
    personId: string,
    shelterId: string | undefined,
  ): Promise<string> {
    if (shelterId !== undefined) {
      const visible = await this.shelters.findVisible(actor, shelterId).catch(nullIfNotFound);
      if (!visible) throw new ShelterNotAvailable('no shelter you can see has this id');
      return visible.id;
    }
    const history = await this.stays.shelterHistoryOf(personId, manager);
    const latest = actor.role === 'coordinator' ? history.find((id) => canSeeShelter(actor, id)) : history[0];
    if (!latest) throw new ShelterNotAvailable('the person has no stay in a shelter: give shelterId');
    return latest;
  }
}
