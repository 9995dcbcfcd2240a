import { randomUUID } from 'node:crypto';

import { Actor, AUDIT_ROW_COLUMNS, AuditService, auditRowOf, canSeeShelter } from '@albergue/access';
import {
  FieldEncryption,
  IDEMPOTENCY_CLAIM,
  IDEMPOTENCY_KEY_TTL_HOURS,
  IdempotencyService,
  IdempotentOutcome,
  IdempotentRequest,
  preparedStatement,
  runPrepared,
  StoredAnswer,
} from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';

import type { CreateIntakeDto } from './intake.dto';
import { NOTES_COLUMN } from './intake-encrypted-columns';
import { DuplicateMember, InvalidIntakeMember, OpenStayElsewhere, PersonErased, UnknownPerson } from './intake.errors';
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

/**
 * The answer an Idempotency-Key keeps: the intake's answer without its case numbers, which a replay
 * reads back from the stays. It is stored before the stays are numbered, so that the shelter's
 * counter is held for no round trip but the commit's.
 */
type StoredIntakeAnswer = Omit<IntakeResult, 'stays'> & { stays: { id: string; personId: string }[] };

/** What an intake has read and decided before it writes. */
interface Registration {
  actor: Actor;
  dto: CreateIntakeDto;
  shelter: { id: string; code: string };
  keyed?: IdempotentRequest;
  matches: PersonMatch[][];
  overCapacity: boolean;
}

/** The columns of a new person that an intake writes (the others take their defaults). */
const PERSON_COLUMNS =
  'id, given_names, family_names, aliases, sex, gender_identity, birth_date, estimated_birth_year, nationality, ' +
  'place_of_origin, languages, phone_ciphertext, phone_index, search_name, birth_year';
/** The columns of a stay that come from the request (besides ids, shelter, household and case number). */
const STAY_COLUMNS =
  'checked_in_at, reasons_for_leaving, vulnerabilities, previous_deportations, intended_destination, notes_ciphertext';

/**
 * The statement that writes a group (see `writeGroup`): the key's claim, persons, household,
 * members, audit rows, the shelter's counter, taken last, and the numbered stays. Postgres runs a
 * data-modifying CTE that nothing reads only after the main statement, so the counter reads
 * `written` to have the other writes (persons above all: their indexes and the name vocabulary's
 * trigger) done before it takes the counter's row, which it then holds only for the stays and the
 * commit.
 */
const WRITE_GROUP = preparedStatement(
  `WITH claimed AS (${IDEMPOTENCY_CLAIM('$10', '$11')}
   ), go AS (
     SELECT NOT $12::boolean OR EXISTS (SELECT 1 FROM claimed) AS ok
   ), persons_added AS (
     INSERT INTO persons (${PERSON_COLUMNS})
     SELECT ${PERSON_COLUMNS} FROM jsonb_populate_recordset(NULL::persons, $1) WHERE (SELECT ok FROM go)
     RETURNING 1
   ), household AS (
     INSERT INTO households (id) SELECT $2::uuid WHERE (SELECT ok FROM go) RETURNING 1
   ), members AS (
     INSERT INTO household_members (household_id, person_id, relationship)
     SELECT $2::uuid, person_id, relationship FROM jsonb_populate_recordset(NULL::household_members, $3)
      WHERE (SELECT ok FROM go)
     RETURNING 1
   ), audit AS (
     INSERT INTO audit_events (${AUDIT_ROW_COLUMNS})
     SELECT ${AUDIT_ROW_COLUMNS} FROM jsonb_populate_recordset(NULL::audit_events, $4) WHERE (SELECT ok FROM go)
     RETURNING 1
   ), written AS (
     SELECT (SELECT count(*) FROM persons_added) + (SELECT count(*) FROM household) +
            (SELECT count(*) FROM members) + (SELECT count(*) FROM audit) AS n
   ), counter AS (
     INSERT INTO case_number_sequences (shelter_id, year, last_value)
     SELECT $5::uuid, $6::int, $7::int WHERE (SELECT ok FROM go) AND (SELECT n FROM written) >= 0
     ON CONFLICT (shelter_id, year) DO UPDATE SET last_value = case_number_sequences.last_value + EXCLUDED.last_value
     RETURNING last_value
   )
   INSERT INTO stays (id, shelter_id, person_id, household_id, case_number, ${STAY_COLUMNS})
   SELECT s.id, $5::uuid, s.person_id, $2::uuid, $8 || '-' || $6::int || '-' || lpad(n::text, greatest(6, length(n::text)), '0'),
          ${STAY_COLUMNS.replace(/(\w+)/g, 's.$1')}
     FROM jsonb_populate_recordset(NULL::stays, $9) WITH ORDINALITY s
    CROSS JOIN counter
    CROSS JOIN LATERAL (SELECT counter.last_value - $7::int + s.ordinality AS n) numbered
   RETURNING id, case_number`,
);

/** A prepared person as a row of persons (PERSON_COLUMNS), for jsonb_populate_recordset. */
function personRowOf(person: PersonEntity): Record<string, unknown> {
  return {
    id: person.id,
    given_names: person.givenNames,
    family_names: person.familyNames,
    aliases: person.aliases,
    sex: person.sex,
    gender_identity: person.genderIdentity,
    birth_date: person.birthDate,
    estimated_birth_year: person.estimatedBirthYear,
    nationality: person.nationality,
    place_of_origin: person.placeOfOrigin,
    languages: person.languages,
    phone_ciphertext: person.phoneCiphertext,
    phone_index: person.phoneIndex,
    search_name: person.searchName,
    birth_year: person.birthYear,
  };
}

/** The ids of the earlier records an answer shows. */
const shownIn = (warnings: IntakeWarning[]): string[] =>
  warnings.flatMap((warning) => warning.matches?.map((match) => match.person.id) ?? []);

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
    private readonly idempotency: IdempotencyService,
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
  intakeWithKey(actor: Actor, dto: CreateIntakeDto, idempotencyKey: string): Promise<IdempotentOutcome<IntakeResult>> {
    return this.register(actor, dto, this.idempotency.describe('intake', actor.userId, idempotencyKey, dto));
  }

  private async register(
    actor: Actor,
    dto: CreateIntakeDto,
    keyed?: IdempotentRequest,
  ): Promise<IdempotentOutcome<IntakeResult>> {
    const shelter = await this.shelters.findVisible(actor, dto.shelterId);
    this.checkMembers(dto);
    const existingIds = dto.members.flatMap((member) => (member.personId ? [member.personId] : []));
    // New persons are checked and their rows made (phones encrypted) before anything is written.
    const newPersons = dto.members.map((member, index) =>
      member.person ? this.persons.prepare(member.person, `members[${index}].person`) : null,
    );
    // A group of new persons only, with a key: a retry is answered before anything else is done.
    if (keyed && existingIds.length === 0) {
      const replay = await this.replayOf(this.dataSource.manager, await this.storedAnswer(keyed));
      if (replay) return replay;
    }
    // The reads come first, outside the writes, so that these hold their locks (the shelter's
    // case-number counter above all) only for the writes: the search for earlier records of each
    // new person, and whether the group takes the shelter over its capacity.
    const [matches, overCapacity] = await Promise.all([
      this.earlierRecordsOf(newPersons, existingIds),
      this.shelters.overCapacityWith(shelter, dto.members.length),
    ]);
    const registration: Registration = { actor, dto, shelter, keyed, matches, overCapacity };
    const outcome = await this.refusalsAudited(actor, dto, () =>
      existingIds.length === 0
        ? this.registerNew(registration, newPersons as PersonEntity[])
        : this.registerWithKnown(registration, newPersons, existingIds),
    );

    // A replay shows the stored earlier records again: audited again.
    const shown = shownIn(outcome.result.warnings);
    if (outcome.replayed && shown.length > 0) {
      await this.audit.record(actor, { action: 'match', entityType: 'person', details: { ids: shown } });
    }
    return outcome;
  }

  /**
   * New persons only (most arrivals, every row of a bulk import): nothing to check or lock first, so
   * the group is written by one statement, in autocommit, and the counter is held for that
   * statement's own work and its commit, no round trip to the API. A key another request claimed
   * meanwhile: that request has committed by the time the claim returns, so its answer is replayed.
   */
  private async registerNew(
    registration: Registration,
    members: PersonEntity[],
  ): Promise<IdempotentOutcome<IntakeResult>> {
    const manager = this.dataSource.manager;
    const written = await this.constraintsMapped(() => this.writeGroup(manager, registration, members));
    if (written) return written;
    const replay = await this.replayOf(manager, await this.storedAnswer(registration.keyed!));
    if (!replay) throw new Error('an Idempotency-Key claimed by another request has no stored answer');
    return replay;
  }

  /**
   * A group with a returning person: in a transaction that takes the key's lock, checks the known
   * persons and locks them (and their open stays) before the group is written.
   */
  private registerWithKnown(
    registration: Registration,
    newPersons: (PersonEntity | null)[],
    existingIds: string[],
  ): Promise<IdempotentOutcome<IntakeResult>> {
    const { actor, dto, shelter, keyed } = registration;
    return this.inTransaction(async (manager) => {
      if (keyed) {
        const replay = await this.replayOf(manager, await this.idempotency.lockAndFind(manager, keyed));
        if (replay) return replay;
      }
      // A known person is the caller's to register when the caller may see them, or when their
      // shelter handed them over to this one (a pending transfer, accepted by this intake).
      const handedOver = await this.transfers.lockPendingInto(manager, shelter.id, existingIds);
      const allowed = new Set(handedOver.map((transfer) => transfer.personId));
      const visible = await this.persons
        .visibleQuery(actor, manager)
        .select('p.id')
        .andWhere('p.id IN (:...ids)', { ids: existingIds })
        .getMany();
      for (const person of visible) allowed.add(person.id);
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
      await this.closeOrRefuseOpenStays(
        manager,
        actor,
        dto,
        existingIds,
        shelter.id,
        new Date(dto.arrivedAt),
        handedOver,
      );
      const members = dto.members.map(
        (member, index) => newPersons[index] ?? existing.find((person) => person.id === member.personId)!,
      );
      // Under the key's lock, taken above: the statement's claim of the key always succeeds.
      const written = (await this.writeGroup(manager, registration, members))!;
      for (const transfer of handedOver) {
        const accepted = written.result.stays.find((stay) => stay.personId === transfer.personId)!;
        await this.transfers.accept(manager, actor, transfer, accepted.id);
      }
      return written;
    });
  }

  /**
   * Writes the group in one statement: the key's claim and stored answer, persons, household,
   * members, audit rows (the intake's and the earlier records it shows) and the stays, numbered from
   * the shelter's counter for the year, taken last and held until the commit. Intakes into one
   * shelter wait for each other that long and no longer; a refused or failed intake rolls its
   * numbers back, so they stay gapless. With a key another request has claimed meanwhile (it waited
   * for that request to commit), nothing is written and the answer is null: replay the other's.
   */
  private async writeGroup(
    manager: EntityManager,
    { actor, dto, shelter, keyed, matches, overCapacity }: Registration,
    members: PersonEntity[],
  ): Promise<IdempotentOutcome<IntakeResult> | null> {
    // The arrival's local date, as written with its offset: case numbers and ages follow it.
    const arrivalDate = dto.arrivedAt.slice(0, 10);
    const minors = minorStatuses(
      members.map((person, index) => ({
        birthDate: person.birthDate,
        estimatedBirthYear: person.estimatedBirthYear,
        relationship: dto.members[index].relationship,
      })),
      arrivalDate,
    );
    const householdId = randomUUID();
    const stays = members.map((person, index) => {
      const vulnerabilities = new Set([...dto.vulnerabilities, ...(dto.members[index].vulnerabilities ?? [])]);
      if (minors[index]) vulnerabilities.add(minors[index]);
      const id = randomUUID();
      return {
        id,
        person_id: person.id,
        checked_in_at: new Date(dto.arrivedAt),
        reasons_for_leaving: [...new Set(dto.reasonsForLeaving)],
        vulnerabilities: [...vulnerabilities],
        previous_deportations: dto.previousDeportations.map(({ from, date }) => (date ? { from, date } : { from })),
        intended_destination: dto.intendedDestination ?? null,
        notes_ciphertext: dto.notes ? this.encryption.encrypt(dto.notes, NOTES_COLUMN, id) : null,
      };
    });
    const warnings = this.warningsFor(dto, members, stays, matches, overCapacity);
    const shown = shownIn(warnings);
    const auditRows = [
      auditRowOf(actor, {
        action: 'intake',
        entityType: 'household',
        entityId: householdId,
        details: {
          ids: [...members.map((person) => person.id), ...stays.map((stay) => stay.id)],
          newPersons: dto.members.filter((member) => !member.personId).length,
        },
      }),
      // The earlier records the answer shows, audited with the registration that shows them.
      ...(shown.length ? [auditRowOf(actor, { action: 'match', entityType: 'person', details: { ids: shown } })] : []),
    ];
    const answer: StoredIntakeAnswer = {
      householdId,
      stays: stays.map((stay) => ({ id: stay.id, personId: stay.person_id })),
      warnings,
    };
    const keyRows = keyed ? [this.idempotency.rowOf(keyed, { statusCode: 201, body: answer })] : [];
    const numbered = await runPrepared<{ id: string; case_number: string }>(manager, WRITE_GROUP, [
      JSON.stringify(members.flatMap((person, index) => (dto.members[index].person ? [personRowOf(person)] : []))),
      householdId,
      JSON.stringify(
        members.map((person, index) => ({ person_id: person.id, relationship: dto.members[index].relationship })),
      ),
      JSON.stringify(auditRows),
      shelter.id,
      Number(arrivalDate.slice(0, 4)),
      members.length,
      shelter.code,
      JSON.stringify(stays),
      JSON.stringify(keyRows),
      IDEMPOTENCY_KEY_TTL_HOURS,
      keyRows.length > 0,
    ]);
    if (numbered.length === 0) return null;
    const caseNumbers = new Map(numbered.map((row) => [row.id, row.case_number]));
    return {
      result: {
        householdId,
        stays: answer.stays.map((stay) => ({ ...stay, caseNumber: caseNumbers.get(stay.id)! })),
        warnings,
      },
      replayed: false,
    };
  }

  /** What was stored for a key, read without its lock (a group of new persons claims it in its statement). */
  private storedAnswer(keyed: IdempotentRequest): Promise<StoredAnswer<StoredIntakeAnswer> | null> {
    return this.idempotency.find<StoredIntakeAnswer>(this.dataSource.manager, keyed);
  }

  /** The replay of a stored answer, with the case numbers its stays were given; null when nothing was stored. */
  private async replayOf(
    manager: EntityManager,
    stored: StoredAnswer<StoredIntakeAnswer> | null,
  ): Promise<IdempotentOutcome<IntakeResult> | null> {
    return stored ? { result: await this.withCaseNumbers(manager, stored.body), replayed: true } : null;
  }

  /** A stored answer with the case numbers its stays were given (answers stored before they were left out hold them too). */
  private async withCaseNumbers(manager: EntityManager, answer: StoredIntakeAnswer): Promise<IntakeResult> {
    const rows = (await manager.query('SELECT id, case_number FROM stays WHERE id = ANY($1::uuid[])', [
      answer.stays.map((stay) => stay.id),
    ])) as { id: string; case_number: string }[];
    const caseNumbers = new Map(rows.map((row) => [row.id, row.case_number]));
    return {
      ...answer,
      stays: answer.stays.map((stay) => ({
        id: stay.id,
        personId: stay.personId,
        caseNumber: caseNumbers.get(stay.id)!,
      })),
    };
  }

  /** Possible earlier records of each new person (none for a known one), read before the write transaction. */
  private async earlierRecordsOf(newPersons: (PersonEntity | null)[], knownIds: string[]): Promise<PersonMatch[][]> {
    const found: PersonMatch[][] = [];
    for (const person of newPersons) {
      found.push(
        person
          ? await this.matching.findMatches(
              {
                givenNames: person.givenNames,
                familyNames: person.familyNames,
                sex: person.sex,
                birthDate: person.birthDate ?? undefined,
                birthYear: person.estimatedBirthYear ?? undefined,
                nationality: person.nationality,
              },
              5,
              { excludeIds: knownIds },
            )
          : [],
      );
    }
    return found;
  }

  /**
   * Possible earlier records of each new person, unaccompanied minors, separated children, a
   * shelter over capacity: the answer a keyed intake stores too.
   */
  private warningsFor(
    dto: CreateIntakeDto,
    members: PersonEntity[],
    stays: { person_id: string; vulnerabilities: string[] }[],
    matches: PersonMatch[][],
    overCapacity: boolean,
  ): IntakeWarning[] {
    const warnings: IntakeWarning[] = [];
    matches.forEach((found, index) => {
      if (found.length) {
        warnings.push({
          code: 'possible_previous_record',
          memberIndex: index,
          personId: members[index].id,
          matchedPersonIds: found.map((match) => match.person.id),
          matches: found,
        });
      }
    });
    stays.forEach((stay, index) => {
      for (const code of ['unaccompanied_minor', 'separated_child'] as const) {
        if (stay.vulnerabilities.includes(code)) warnings.push({ code, memberIndex: index, personId: stay.person_id });
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
  private inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.constraintsMapped(() => this.dataSource.transaction(work));
  }

  /** Two intakes of one person at once: the second is refused as one with an open stay elsewhere. */
  private async constraintsMapped<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
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
