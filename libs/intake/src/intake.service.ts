import { randomUUID } from 'node:crypto';

import { Actor, AuditService, canSeeShelter } from '@albergue/access';
import { FieldEncryption } from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';

import { HouseholdEntity, HouseholdMemberEntity } from './household.entity';
import type { CreateIntakeDto } from './intake.dto';
import { NOTES_COLUMN } from './intake-encrypted-columns';
import { DuplicateMember, InvalidIntakeMember, OpenStayElsewhere, PersonErased, UnknownPerson } from './intake.errors';
import { IdempotentRequest, IntakeIdempotencyService } from './intake-idempotency.service';
import { MatchingService, PersonMatch } from './matching.service';
import { minorStatuses } from './minors-in-group';
import { PersonEntity } from './person.entity';
import { PersonsService } from './persons.service';
import { SheltersService } from './shelters.service';
import { StayTransferEntity } from './stay-transfer.entity';
import { StayTransfersService } from './stay-transfers.service';
import { StayEntity } from './stay.entity';

export interface IntakeWarning {
  code: 'possible_previous_record' | 'unaccompanied_minor' | 'separated_child' | 'over_capacity';
  /** The member of the request the warning is about, and the person recorded for them. */
  memberIndex?: number;
  personId?: string;
  /** possible_previous_record: the earlier records meant, best first, and why each was suggested. */
  matchedPersonIds?: string[];
  matches?: PersonMatch[];
}

export interface IntakeResult {
  householdId: string;
  stays: { id: string; personId: string; caseNumber: string }[];
  warnings: IntakeWarning[];
}

/** An intake's answer, and whether it is the stored answer to an earlier request with the same key. */
export interface KeyedIntakeResult {
  result: IntakeResult;
  replayed: boolean;
}

interface OpenStay {
  id: string;
  person_id: string;
  case_number: string;
  shelter_id: string;
  code: string;
  checked_in_at: Date;
}

/** Registers an arriving group in one transaction: persons, household, a stay and a case number each. */
@Injectable()
export class IntakeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly shelters: SheltersService,
    private readonly persons: PersonsService,
    private readonly matching: MatchingService,
    private readonly encryption: FieldEncryption,
    private readonly audit: AuditService,
    private readonly idempotency: IntakeIdempotencyService,
    private readonly transfers: StayTransfersService,
  ) {}

  async intake(actor: Actor, dto: CreateIntakeDto): Promise<IntakeResult> {
    return (await this.register(actor, dto)).result;
  }

  /**
   * The same, under a client's Idempotency-Key: the first request with a key registers the group
   * and stores its answer in the same transaction; later ones (a retry after a lost connection,
   * or a duplicate sent at the same time, which waits for the first) get that answer again.
   */
  intakeWithKey(actor: Actor, dto: CreateIntakeDto, idempotencyKey: string): Promise<KeyedIntakeResult> {
    return this.register(actor, dto, this.idempotency.describe(actor, idempotencyKey, dto));
  }

  private async register(actor: Actor, dto: CreateIntakeDto, keyed?: IdempotentRequest): Promise<KeyedIntakeResult> {
    const shelter = await this.shelters.findVisible(actor, dto.shelterId);
    this.checkMembers(dto);
    // The arrival's local date, as written with its offset: case numbers and ages follow it.
    const arrivalDate = dto.arrivedAt.slice(0, 10);
    const arrivedAt = new Date(dto.arrivedAt);

    const outcome = await this.refusalsAudited(actor, dto, () =>
      this.inTransaction(async (manager) => {
        if (keyed) {
          const stored = await this.idempotency.lockAndFind<IntakeResult>(manager, keyed);
          if (stored) return { result: stored.body, replayed: true };
        }
        const existingIds = dto.members.flatMap((member) => (member.personId ? [member.personId] : []));
        // A known person is the caller's to register when the caller may see them, or when their
        // shelter handed them over to this one (a pending transfer, accepted by this intake).
        const handedOver = await this.transfers.lockPendingInto(manager, shelter.id, existingIds);
        const allowed = new Set(handedOver.map((transfer) => transfer.personId));
        if (existingIds.length) {
          const visible = await this.persons
            .visibleQuery(actor, manager)
            .select('p.id')
            .andWhere('p.id IN (:...ids)', { ids: existingIds })
            .getMany();
          for (const person of visible) allowed.add(person.id);
        }
        const existing = allowed.size
          ? await manager
              .getRepository(PersonEntity)
              .createQueryBuilder('p')
              .where('p.id IN (:...ids)', { ids: [...allowed] })
              // Conflicts with retention's FOR UPDATE: retention never erases a person this intake admits.
              .setLock('for_key_share')
              .getMany()
          : [];
        dto.members.forEach((member, index) => {
          const known = existing.find((person) => person.id === member.personId);
          // The same answer for a person who does not exist and one of another shelter: nothing leaks.
          if (member.personId && !known) throw new UnknownPerson(`members[${index}].personId`);
          if (known?.erasedAt) throw new PersonErased(known.erasedAt, `members[${index}].personId`);
        });
        await this.closeOrRefuseOpenStays(manager, actor, dto, existingIds, shelter.id, arrivedAt, handedOver);

        const members: PersonEntity[] = [];
        for (const [index, member] of dto.members.entries()) {
          members.push(
            member.personId
              ? existing.find((person) => person.id === member.personId)!
              : await this.persons.create(manager, member.person!, `members[${index}].person`),
          );
        }
        const minors = minorStatuses(
          members.map((person, index) => ({
            birthDate: person.birthDate,
            estimatedBirthYear: person.estimatedBirthYear,
            relationship: dto.members[index].relationship,
          })),
          arrivalDate,
        );

        const household = await manager.getRepository(HouseholdEntity).save({});
        await manager.insert(
          HouseholdMemberEntity,
          members.map((person, index) => ({
            householdId: household.id,
            personId: person.id,
            relationship: dto.members[index].relationship,
          })),
        );

        const year = Number(arrivalDate.slice(0, 4));
        const [{ last_value: last }] = (await manager.query(
          `INSERT INTO case_number_sequences (shelter_id, year, last_value) VALUES ($1, $2, $3)
         ON CONFLICT (shelter_id, year) DO UPDATE SET last_value = case_number_sequences.last_value + EXCLUDED.last_value
         RETURNING last_value`,
          [shelter.id, year, members.length],
        )) as { last_value: number }[];
        const first = last - members.length + 1;
        const stays = members.map((person, index) => {
          const vulnerabilities = new Set([...dto.vulnerabilities, ...(dto.members[index].vulnerabilities ?? [])]);
          if (minors[index]) vulnerabilities.add(minors[index]);
          const id = randomUUID();
          return manager.create(StayEntity, {
            id,
            shelterId: shelter.id,
            personId: person.id,
            householdId: household.id,
            caseNumber: `${shelter.code}-${year}-${String(first + index).padStart(6, '0')}`,
            checkedInAt: arrivedAt,
            reasonsForLeaving: [...new Set(dto.reasonsForLeaving)],
            vulnerabilities: [...vulnerabilities],
            previousDeportations: dto.previousDeportations.map(({ from, date }) => (date ? { from, date } : { from })),
            intendedDestination: dto.intendedDestination ?? null,
            notesCiphertext: dto.notes ? this.encryption.encrypt(dto.notes, NOTES_COLUMN, id) : null,
          });
        });
        await manager.insert(StayEntity, stays);
        for (const transfer of handedOver) {
          const accepted = stays.find((stay) => stay.personId === transfer.personId)!;
          await this.transfers.accept(manager, actor, transfer, accepted.id);
        }
        await this.audit.record(
          actor,
          {
            action: 'intake',
            entityType: 'household',
            entityId: household.id,
            details: {
              ids: [...members.map((person) => person.id), ...stays.map((stay) => stay.id)],
              newPersons: dto.members.filter((member) => !member.personId).length,
            },
          },
          manager,
        );
        const present = (await manager.query(
          'SELECT count(*)::int AS n FROM stays WHERE shelter_id = $1 AND checked_out_at IS NULL',
          [shelter.id],
        )) as { n: number }[];
        const result: IntakeResult = {
          householdId: household.id,
          stays: stays.map((stay) => ({ id: stay.id, personId: stay.personId, caseNumber: stay.caseNumber })),
          warnings: await this.warningsFor(manager, dto, members, stays, present[0].n > shelter.capacity),
        };
        if (keyed) await this.idempotency.store(manager, keyed, { statusCode: 201, body: result });
        return { result, replayed: false };
      }),
    );

    const shown = outcome.result.warnings.flatMap((warning) => warning.matches?.map((match) => match.person.id) ?? []);
    if (shown.length > 0) {
      await this.audit.record(actor, { action: 'match', entityType: 'person', details: { ids: shown } });
    }
    return outcome;
  }

  /**
   * Possible earlier records of each new person, unaccompanied minors, separated children, a
   * shelter over capacity.
   * Read in the intake's transaction, so that the stored answer of a keyed intake holds them too.
   */
  private async warningsFor(
    manager: EntityManager,
    dto: CreateIntakeDto,
    members: PersonEntity[],
    stays: StayEntity[],
    overCapacity: boolean,
  ): Promise<IntakeWarning[]> {
    const warnings: IntakeWarning[] = [];
    const groupIds = members.map((person) => person.id);
    for (const [index, member] of dto.members.entries()) {
      if (member.personId) continue;
      const person = members[index];
      const matches = await this.matching.findMatches(
        {
          givenNames: person.givenNames,
          familyNames: person.familyNames,
          sex: person.sex,
          birthDate: person.birthDate ?? undefined,
          birthYear: person.estimatedBirthYear ?? undefined,
          nationality: person.nationality,
        },
        5,
        { manager, excludeIds: groupIds },
      );
      if (matches.length) {
        warnings.push({
          code: 'possible_previous_record',
          memberIndex: index,
          personId: person.id,
          matchedPersonIds: matches.map((match) => match.person.id),
          matches,
        });
      }
    }
    stays.forEach((stay, index) => {
      for (const code of ['unaccompanied_minor', 'separated_child'] as const) {
        if (stay.vulnerabilities.includes(code)) warnings.push({ code, memberIndex: index, personId: stay.personId });
      }
    });
    if (overCapacity) warnings.push({ code: 'over_capacity' });
    return warnings;
  }

  /**
   * An intake refused because a known person has an open stay elsewhere still tells the caller
   * something about that person, and one naming a person the caller may not see is an attempt to
   * reach her: both refusals are audited, outside the rolled-back transaction.
   */
  private async refusalsAudited<T>(actor: Actor, dto: CreateIntakeDto, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof OpenStayElsewhere || error instanceof UnknownPerson) {
        const ids = dto.members.flatMap((member) => (member.personId ? [member.personId] : []));
        await this.audit.record(actor, {
          action: 'intake_refused',
          entityType: 'person',
          details: { ids, reason: error.code },
        });
      }
      throw error;
    }
  }

  private checkMembers(dto: CreateIntakeDto): void {
    const seen = new Set<string>();
    dto.members.forEach((member, index) => {
      if (Boolean(member.personId) === Boolean(member.person)) {
        throw new InvalidIntakeMember(`members[${index}]`, 'give either personId or person, not both or neither');
      }
      if (member.personId) {
        if (seen.has(member.personId)) throw new DuplicateMember(`members[${index}].personId`);
        seen.add(member.personId);
      }
    });
  }

  private async closeOrRefuseOpenStays(
    manager: EntityManager,
    actor: Actor,
    dto: CreateIntakeDto,
    personIds: string[],
    shelterId: string,
    arrivedAt: Date,
    handedOver: StayTransferEntity[],
  ): Promise<void> {
    if (personIds.length === 0) return;
    const open = (await manager.query(
      `SELECT s.id, s.person_id, s.case_number, s.shelter_id, sh.code, s.checked_in_at
         FROM stays s JOIN shelters sh ON sh.id = s.shelter_id
        WHERE s.person_id = ANY($1) AND s.checked_out_at IS NULL
        FOR UPDATE OF s`,
      [personIds],
    )) as OpenStay[];
    for (const stay of open) {
      const index = dto.members.findIndex((member) => member.personId === stay.person_id);
      const transfer = handedOver.find((offer) => offer.personId === stay.person_id);
      // A stay closes as a transfer when its shelter handed the person over to this one, or when the
      // caller runs both shelters and asks for it: never one of another shelter on the caller's word.
      const canTransfer =
        stay.shelter_id !== shelterId &&
        stay.checked_in_at <= arrivedAt &&
        (transfer?.fromShelterId === stay.shelter_id ||
          (dto.closeOpenStaysAsTransferred === true && canSeeShelter(actor, stay.shelter_id)));
      if (!canTransfer) {
        // The stay itself is named only to those who may see it; others learn the shelter's
        // code, which the network-wide match view shows anyway.
        const visible = canSeeShelter(actor, stay.shelter_id);
        throw new OpenStayElsewhere(`members[${index}].personId`, {
          id: visible ? stay.id : null,
          caseNumber: visible ? stay.case_number : null,
          shelterCode: stay.code,
        });
      }
      await manager.update(StayEntity, stay.id, { checkedOutAt: arrivedAt, destination: 'transferred' });
      await this.audit.record(
        actor,
        {
          action: 'checkout',
          entityType: 'stay',
          entityId: stay.id,
          details: { destination: 'transferred', shelterId: stay.shelter_id, transferId: transfer?.id ?? null },
        },
        manager,
      );
    }
  }

  /** Runs the unit of work; two intakes racing for the same person meet the open-stay index and get 409. */
  private async inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { constraint?: string }).constraint === 'stays_one_open_per_person'
      ) {
        throw new OpenStayElsewhere('members', { id: null, caseNumber: null, shelterCode: 'in progress' });
      }
      throw error;
    }
  }
}
