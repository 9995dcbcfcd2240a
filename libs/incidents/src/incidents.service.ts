import { randomUUID } from 'node:crypto';

import { Actor, AuditService, shelterScopeOf } from '@albergue/access';
import { PersonsService, SheltersService } from '@albergue/intake';
import {
  decodeCursor,
  FieldEncryption,
  IdempotencyService,
  IdempotentOutcome,
  IdempotentRequest,
  Page,
  RequestValidationError,
  toPage,
} from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { IncidentActEntity } from './incident-act.entity';
import { IncidentConsentService } from './incident-consent.service';
import { INCIDENT_FIELDS } from './incident-encrypted-columns';
import { FlaggableAct, incidentFlags } from './incident-flags';
import type { IncidentListQueryDto } from './incident-query.dto';
import { IncidentReviewEntity } from './incident-review.entity';
import { findVisibleIncident } from './incident-scope';
import type { CreateIncidentDto } from './incident.dto';
import { IncidentEntity } from './incident.entity';
import type { ActView, IncidentSummary, IncidentView } from './incident.view';
import { InvalidVictim, VictimNotFound } from './incidents.errors';
import { InvolvementEntity } from './involvement.entity';

/** Records abuse incidents and shows them to the staff of their shelter, audited. */
@Injectable()
export class IncidentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly shelters: SheltersService,
    private readonly persons: PersonsService,
    private readonly consents: IncidentConsentService,
    private readonly encryption: FieldEncryption,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
  ) {}

  /**
   * Records an incident with its acts, perpetrators and first consent in one transaction, as
   * submitted. Answers with the summary: free text is decrypted on GET /incidents/:id only.
   */
  async create(actor: Actor, dto: CreateIncidentDto): Promise<IncidentSummary> {
    return (await this.record(actor, dto)).result;
  }

  /**
   * The same, under a client's Idempotency-Key: the first request with a key records the incident
   * and stores its answer in the same transaction; later ones (a retry after a lost connection,
   * or a duplicate sent at the same time, which waits for the first) get that answer again.
   */
  createWithKey(
    actor: Actor,
    dto: CreateIncidentDto,
    idempotencyKey: string,
  ): Promise<IdempotentOutcome<IncidentSummary>> {
    return this.record(actor, dto, this.idempotency.describe('incidents', actor.userId, idempotencyKey, dto));
  }

  private async record(
    actor: Actor,
    dto: CreateIncidentDto,
    keyed?: IdempotentRequest,
  ): Promise<IdempotentOutcome<IncidentSummary>> {
    // Checked before a stored answer is replayed: a caller no longer in the shelter gets none.
    await this.shelters.findVisible(actor, dto.shelterId);
    checkIncident(dto);
    await this.consents.check(dto.consent, 'consent.');
    return this.dataSource.transaction(async (manager) => {
      if (keyed) {
        const stored = await this.idempotency.lockAndFind<IncidentSummary>(manager, keyed);
        if (stored) return { result: stored.body, replayed: true };
      }
      const victims = await this.visibleVictims(manager, actor, dto);
      const flags = incidentFlags({
        occurredOn: dto.occurredOn,
        acts: dto.acts.map((act): FlaggableAct => ({
          type: act.type,
          victim: act.victim ? { ageBand: act.victim.ageBand } : victims.get(act.victimPersonId!)!,
          perpetrators: act.perpetrators,
        })),
      });
      const seal = (text: string | undefined, field: string, rowId: string) =>
        text ? this.encryption.encrypt(text, field, rowId) : null;
      const incidentId = randomUUID();
      const incident = await manager.save(IncidentEntity, {
        id: incidentId,
        shelterId: dto.shelterId,
        occurredOn: dto.occurredOn,
        occurredOnApproximate: dto.occurredOnApproximate ?? false,
        timeOfDay: dto.timeOfDay ?? null,
        locationState: dto.location.state,
        locationMunicipality: dto.location.municipality ?? null,
        placeType: dto.location.placeType,
        locationDescriptionCiphertext: seal(dto.location.description, INCIDENT_FIELDS.locationDescription, incidentId),
        latitude: dto.location.lat ?? null,
        longitude: dto.location.lon ?? null,
        reportedTo: dto.reportedTo ?? [],
        witnessesCount: dto.witnessesCount ?? null,
        witnessesNoteCiphertext: seal(dto.witnessesNote, INCIDENT_FIELDS.witnessesNote, incidentId),
        narrativeCiphertext: this.encryption.encrypt(dto.narrative, INCIDENT_FIELDS.narrative, incidentId),
        status: 'submitted',
        ...flags,
        recordedBy: actor.userId,
      });
      const acts = dto.acts.map((act, position) => {
        const id = randomUUID();
        return {
          id,
          incidentId,
          position,
          type: act.type,
          victimPersonId: act.victimPersonId ?? null,
          victimSex: act.victim?.sex ?? null,
          victimAgeBand: act.victim?.ageBand ?? null,
          victimNationality: act.victim?.nationality ?? null,
          injuries: act.injuries ?? null,
          injuryDetailsCiphertext: seal(act.injuryDetails, INCIDENT_FIELDS.injuryDetails, id),
          medicalCareDenied: act.medicalCareDenied ?? null,
        };
      });
      await manager.insert(IncidentActEntity, acts);
      await manager.insert(
        InvolvementEntity,
        dto.acts.flatMap((act, index) =>
          act.perpetrators.map((perpetrator, position) => {
            const id = randomUUID();
            return {
              id,
              actId: acts[index].id,
              position,
              perpetratorType: perpetrator.type,
              perpetratorCount: perpetrator.count ?? null,
              descriptionCiphertext: seal(perpetrator.description, INCIDENT_FIELDS.perpetratorDescription, id),
            };
          }),
        ),
      );
      const { consent } = await this.consents.insert(manager, actor, incident.id, dto.consent);
      await this.audit.record(
        actor,
        {
          action: 'create',
          entityType: 'incident',
          entityId: incident.id,
          details: { ids: [...victims.keys()], consentLevel: consent.level, consentStatus: consent.status },
        },
        manager,
      );
      const [summary] = await this.summariesOf(manager, [incident]);
      if (keyed) await this.idempotency.store(manager, keyed, { statusCode: 201, body: summary });
      return { result: summary, replayed: false };
    });
  }

  /** One incident with its free text decrypted; the read is audited. */
  async findVisible(actor: Actor, id: string): Promise<IncidentView> {
    const manager = this.dataSource.manager;
    const incident = await findVisibleIncident(manager, actor, id);
    await this.audit.recordRead(actor, 'incident', id);
    return this.viewOf(manager, incident);
  }

  /** Incidents of the actor's shelters, latest first; the ids returned are audited. */
  async list(actor: Actor, query: IncidentListQueryDto): Promise<Page<IncidentSummary>> {
    if (query.from && query.to && query.from > query.to) {
      throw new RequestValidationError([{ field: 'to', message: 'to must not be before from' }]);
    }
    const builder = this.dataSource
      .getRepository(IncidentEntity)
      .createQueryBuilder('i')
      .select(['i.id', 'i.shelterId', 'i.occurredOn', 'i.occurredOnApproximate', 'i.timeOfDay', 'i.locationState'])
      .addSelect(['i.locationMunicipality', 'i.placeType', 'i.status', 'i.childVictim', 'i.sexualViolence'])
      .addSelect(['i.statePerpetrator', 'i.recordedBy', 'i.createdAt'])
      .orderBy('i.occurredOn', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .limit(query.limit + 1);
    const scope = shelterScopeOf(actor);
    if (scope !== null) builder.andWhere('i.shelterId = ANY(:scope)', { scope });
    if (query.shelterId) {
      await this.shelters.findVisible(actor, query.shelterId);
      builder.andWhere('i.shelterId = :shelterId', { shelterId: query.shelterId });
    }
    if (query.from) builder.andWhere('i.occurredOn >= :from', { from: query.from });
    if (query.to) builder.andWhere('i.occurredOn <= :to', { to: query.to });
    if (query.status) builder.andWhere('i.status = :status', { status: query.status });
    if (query.victimPersonId) {
      builder.andWhere(
        'EXISTS (SELECT 1 FROM incident_acts a WHERE a.incident_id = i.id AND a.victim_person_id = :victimPersonId)',
        { victimPersonId: query.victimPersonId },
      );
    }
    if (query.actType) {
      builder.andWhere('EXISTS (SELECT 1 FROM incident_acts a WHERE a.incident_id = i.id AND a.act_type = :actType)', {
        actType: query.actType,
      });
    }
    if (query.perpetratorType) {
      builder.andWhere(
        `EXISTS (SELECT 1 FROM incident_acts a JOIN incident_involvements v ON v.act_id = a.id
                  WHERE a.incident_id = i.id AND v.perpetrator_type = :perpetratorType)`,
        { perpetratorType: query.perpetratorType },
      );
    }
    if (query.cursor) {
      const [occurredOn, id] = decodeCursor(query.cursor, ['date', 'uuid']);
      builder.andWhere('(i.occurredOn, i.id) < (:occurredOn, :id)', { occurredOn, id });
    }
    const page = toPage(await builder.getMany(), query.limit, (incident) => [incident.occurredOn, incident.id]);
    const items = await this.summariesOf(this.dataSource.manager, page.items);
    await this.audit.recordList(
      actor,
      'incident',
      items.map((incident) => incident.id),
    );
    return { items, nextCursor: page.nextCursor };
  }

  /** The victims on record, visible to the actor, with what their age on the day is read from. */
  private async visibleVictims(
    manager: EntityManager,
    actor: Actor,
    dto: CreateIncidentDto,
  ): Promise<Map<string, { birthDate: string | null; estimatedBirthYear: number | null }>> {
    const ids = [...new Set(dto.acts.flatMap((act) => (act.victimPersonId ? [act.victimPersonId] : [])))];
    const found = ids.length
      ? await this.persons
          .visibleQuery(actor, manager)
          .andWhere('p.id IN (:...ids)', { ids })
          .select(['p.id', 'p.birthDate', 'p.estimatedBirthYear'])
          .getMany()
      : [];
    const victims = new Map(found.map((person) => [person.id, person]));
    dto.acts.forEach((act, index) => {
      if (act.victimPersonId && !victims.has(act.victimPersonId)) {
        throw new VictimNotFound(`acts[${index}].victimPersonId`);
      }
    });
    return victims;
  }

  private async summariesOf(manager: EntityManager, incidents: IncidentEntity[]): Promise<IncidentSummary[]> {
    if (incidents.length === 0) return [];
    const rows = (await manager.query(
      `SELECT i.id,
              ARRAY(SELECT DISTINCT a.act_type FROM incident_acts a WHERE a.incident_id = i.id ORDER BY 1) AS "actTypes",
              ARRAY(SELECT DISTINCT v.perpetrator_type FROM incident_acts a
                      JOIN incident_involvements v ON v.act_id = a.id
                     WHERE a.incident_id = i.id ORDER BY 1) AS "perpetratorTypes",
              (SELECT count(*)::int FROM incident_acts a WHERE a.incident_id = i.id) AS "actCount",
              COALESCE((SELECT c.level FROM incident_consents c WHERE c.incident_id = i.id AND c.status = 'effective'
                         ORDER BY c.version DESC LIMIT 1), 'none') AS "consentLevel",
              EXISTS (SELECT 1 FROM incident_consents c WHERE c.incident_id = i.id AND c.status = 'pending')
                AS "consentPending"
         FROM incidents i WHERE i.id = ANY($1)`,
      [incidents.map((incident) => incident.id)],
    )) as Pick<
      IncidentSummary,
      'id' | 'actTypes' | 'perpetratorTypes' | 'actCount' | 'consentLevel' | 'consentPending'
    >[];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return incidents.map((incident) => {
      const { actTypes, perpetratorTypes, actCount, consentLevel, consentPending } = byId.get(incident.id)!;
      return {
        id: incident.id,
        shelterId: incident.shelterId,
        occurredOn: incident.occurredOn,
        occurredOnApproximate: incident.occurredOnApproximate,
        timeOfDay: incident.timeOfDay,
        location: {
          state: incident.locationState,
          municipality: incident.locationMunicipality,
          placeType: incident.placeType,
        },
        status: incident.status,
        flags: flagsOf(incident),
        actTypes,
        perpetratorTypes,
        actCount,
        consentLevel,
        consentPending,
        recordedBy: incident.recordedBy,
        createdAt: incident.createdAt,
      };
    });
  }

  private async viewOf(manager: EntityManager, incident: IncidentEntity): Promise<IncidentView> {
    const open = (ciphertext: string | null, field: string, rowId: string) =>
      ciphertext === null ? null : this.encryption.decrypt(ciphertext, field, rowId);
    const acts = await manager.find(IncidentActEntity, {
      where: { incidentId: incident.id },
      relations: { perpetrators: true },
      order: { position: 'ASC', perpetrators: { position: 'ASC' } },
    });
    const consents = await this.consents.history(manager, incident.id);
    const review = await manager.findOneBy(IncidentReviewEntity, { incidentId: incident.id });
    return {
      id: incident.id,
      shelterId: incident.shelterId,
      occurredOn: incident.occurredOn,
      occurredOnApproximate: incident.occurredOnApproximate,
      timeOfDay: incident.timeOfDay,
      location: {
        state: incident.locationState,
        municipality: incident.locationMunicipality,
        placeType: incident.placeType,
        description: open(incident.locationDescriptionCiphertext, INCIDENT_FIELDS.locationDescription, incident.id),
        lat: incident.latitude,
        lon: incident.longitude,
      },
      reportedTo: incident.reportedTo,
      witnessesCount: incident.witnessesCount,
      witnessesNote: open(incident.witnessesNoteCiphertext, INCIDENT_FIELDS.witnessesNote, incident.id),
      narrative: this.encryption.decrypt(incident.narrativeCiphertext, INCIDENT_FIELDS.narrative, incident.id),
      acts: acts.map((act): ActView => ({
        id: act.id,
        type: act.type,
        victimPersonId: act.victimPersonId,
        victim:
          act.victimPersonId === null
            ? { sex: act.victimSex!, ageBand: act.victimAgeBand!, nationality: act.victimNationality }
            : null,
        injuries: act.injuries,
        injuryDetails: open(act.injuryDetailsCiphertext, INCIDENT_FIELDS.injuryDetails, act.id),
        medicalCareDenied: act.medicalCareDenied,
        perpetrators: (act.perpetrators ?? []).map((perpetrator) => ({
          type: perpetrator.perpetratorType,
          count: perpetrator.perpetratorCount,
          description: open(perpetrator.descriptionCiphertext, INCIDENT_FIELDS.perpetratorDescription, perpetrator.id),
        })),
      })),
      status: incident.status,
      flags: flagsOf(incident),
      consent: consents.inForce,
      pendingConsent: consents.pending,
      consentHistory: consents.versions,
      review: review && {
        decision: review.decision,
        note: this.encryption.decrypt(review.noteCiphertext, INCIDENT_FIELDS.reviewNote, review.id),
        reviewerId: review.reviewerId,
        reviewedAt: review.reviewedAt,
      },
      recordedBy: incident.recordedBy,
      createdAt: incident.createdAt,
      updatedAt: incident.updatedAt,
    };
  }
}

/** What validation of single fields cannot see: rules across fields, each naming its field. */
function checkIncident(dto: CreateIncidentDto): void {
  dto.acts.forEach((act, index) => {
    if (Boolean(act.victimPersonId) === Boolean(act.victim)) throw new InvalidVictim(`acts[${index}]`);
    if (act.injuryDetails && act.injuries !== true) {
      throw new RequestValidationError([
        { field: `acts[${index}].injuryDetails`, message: 'injury details need injuries: true' },
      ]);
    }
  });
  if ((dto.location.lat === undefined) !== (dto.location.lon === undefined)) {
    const field = dto.location.lat === undefined ? 'location.lat' : 'location.lon';
    throw new RequestValidationError([{ field, message: 'give lat and lon together, or neither' }]);
  }
  if (dto.reportedTo?.includes('none') && dto.reportedTo.length > 1) {
    throw new RequestValidationError([{ field: 'reportedTo', message: 'none cannot go with other values' }]);
  }
}

function flagsOf(incident: IncidentEntity) {
  return {
    childVictim: incident.childVictim,
    sexualViolence: incident.sexualViolence,
    statePerpetrator: incident.statePerpetrator,
  };
}
