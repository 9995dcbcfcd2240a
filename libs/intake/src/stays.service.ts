import { Actor, AuditService, shelterScopeOf } from '@albergue/access';
import {
  ageInYearsSql,
  AGE_OF_MAJORITY,
  decodeCursor,
  FieldEncryption,
  MEXICO_CITY_TODAY_SQL,
  NotFoundError,
  Page,
  toPage,
} from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import type { CheckoutDto, StaysQueryDto } from './intake.dto';
import { CHECKOUT_NOTE_COLUMN, NOTES_COLUMN } from './intake-encrypted-columns';
import { CheckoutBeforeCheckin, StayAlreadyClosed } from './intake.errors';
import { PersonEntity } from './person.entity';
import { SheltersService } from './shelters.service';
import { StayEntity } from './stay.entity';

const STAY = { es: 'La estancia', en: 'The stay' };
const HOUSEHOLD = { es: 'El grupo', en: 'The group' };

export interface StaySummary {
  id: string;
  shelterId: string;
  personId: string;
  householdId: string | null;
  caseNumber: string;
  checkedInAt: Date;
  checkedOutAt: Date | null;
  destination: string | null;
  vulnerabilities: string[];
  /** A child unaccompanied, or separated from parents and guardians, when the stay began: staff look after them first. */
  unaccompaniedMinor: boolean;
  separatedChild: boolean;
  /** Age today in central Mexico by personAgeOn (the youngest possible from an estimated year); null when unknown. */
  age: number | null;
  /** Under 18 today (presumed so while in doubt): check-out asks to confirm. */
  minor: boolean;
  person: Pick<PersonEntity, 'givenNames' | 'familyNames' | 'sex' | 'nationality' | 'birthYear'>;
}

/** A member of the group a stay arrived with, and that member's stay of the same arrival. */
export interface HouseholdMemberView {
  personId: string;
  relationship: string;
  givenNames: string;
  familyNames: string;
  stayId: string;
  present: boolean;
}

/**
 * A person's stay in the caller's shelters, with its shelter and the group the person arrived with
 * (the others of it): what the person page and the printed case summary show.
 */
export interface PersonStay extends StayView {
  shelterCode: string;
  shelterName: string;
  relationship: string | null;
  household: HouseholdMemberView[];
}

export interface StayView extends Omit<StaySummary, 'person' | 'age' | 'minor'> {
  reasonsForLeaving: string[];
  previousDeportations: { from: string; date?: string }[];
  intendedDestination: string | null;
  notes: string | null;
  checkoutNote: string | null;
}

const childFlags = (vulnerabilities: string[]): Pick<StaySummary, 'unaccompaniedMinor' | 'separatedChild'> => ({
  unaccompaniedMinor: vulnerabilities.includes('unaccompanied_minor'),
  separatedChild: vulnerabilities.includes('separated_child'),
});

function ageOf(value: number | string | null): Pick<StaySummary, 'age' | 'minor'> {
  const age = value === null || value === undefined ? null : Number(value);
  return { age, minor: age !== null && age < AGE_OF_MAJORITY };
}

@Injectable()
export class StaysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly shelters: SheltersService,
    private readonly encryption: FieldEncryption,
    private readonly audit: AuditService,
  ) {}

  async findVisible(actor: Actor, id: string): Promise<StayView> {
    const stay = await this.findVisibleEntity(actor, id);
    await this.audit.recordRead(actor, 'stay', id);
    return this.toView(stay);
  }

  /**
   * The shelter in the actor's scope where the person is, or was last: the open stay first, then
   * the latest check-in. Null when the person never stayed in the actor's shelters.
   */
  async currentShelterOf(actor: Actor, personId: string): Promise<string | null> {
    const builder = this.dataSource
      .getRepository(StayEntity)
      .createQueryBuilder('s')
      .where('s.personId = :personId', { personId })
      .orderBy('s.checkedOutAt IS NULL', 'DESC')
      .addOrderBy('s.checkedInAt', 'DESC')
      .limit(1);
    const scope = shelterScopeOf(actor);
    if (scope !== null) builder.andWhere('s.shelterId = ANY(:scope)', { scope });
    return (await builder.getOne())?.shelterId ?? null;
  }

  /** True when the person has or had a stay in that shelter. */
  async hasStayIn(personId: string, shelterId: string): Promise<boolean> {
    return this.dataSource.getRepository(StayEntity).exists({ where: { personId, shelterId } });
  }

  /** A shelter's stays, newest first; `present` keeps those not checked out. */
  async listForShelter(actor: Actor, shelterId: string, query: StaysQueryDto): Promise<Page<StaySummary>> {
    await this.shelters.findVisible(actor, shelterId);
    const builder = this.dataSource
      .getRepository(StayEntity)
      .createQueryBuilder('s')
      .innerJoin(PersonEntity, 'p', 'p.id = s.personId')
      .select(['s.id', 's.shelterId', 's.personId', 's.householdId', 's.caseNumber', 's.checkedInAt'])
      .addSelect(['s.checkedOutAt', 's.destination', 's.vulnerabilities'])
      .addSelect(['p.givenNames', 'p.familyNames', 'p.sex', 'p.nationality', 'p.birthYear'])
      .addSelect(ageInYearsSql('p.birth_date', 'p.estimated_birth_year', MEXICO_CITY_TODAY_SQL), 'age')
      .where('s.shelterId = :shelterId', { shelterId })
      .orderBy('s.checkedInAt', 'DESC')
      .addOrderBy('s.id', 'DESC')
      .limit(query.limit + 1);
    if (query.present === true) builder.andWhere('s.checkedOutAt IS NULL');
    if (query.present === false) builder.andWhere('s.checkedOutAt IS NOT NULL');
    if (query.cursor) {
      const [checkedInAt, id] = decodeCursor(query.cursor, ['timestamp', 'uuid']);
      builder.andWhere('(s.checkedInAt, s.id) < (:checkedInAt, :id)', { checkedInAt, id });
    }
    const { entities, raw } = await builder.getRawAndEntities();
    const rows: StaySummary[] = entities.map((stay, index) => ({
      id: stay.id,
      shelterId: stay.shelterId,
      personId: stay.personId,
      householdId: stay.householdId,
      caseNumber: stay.caseNumber,
      checkedInAt: stay.checkedInAt,
      checkedOutAt: stay.checkedOutAt,
      destination: stay.destination,
      vulnerabilities: stay.vulnerabilities,
      ...childFlags(stay.vulnerabilities),
      ...ageOf(raw[index].age),
      person: {
        givenNames: raw[index].p_given_names,
        familyNames: raw[index].p_family_names,
        sex: raw[index].p_sex,
        nationality: raw[index].p_nationality,
        birthYear: raw[index].p_birth_year,
      },
    }));
    const page = toPage(rows, query.limit, (stay) => [stay.checkedInAt.toISOString(), stay.id]);
    await this.audit.recordList(
      actor,
      'stay',
      page.items.map((stay) => stay.id),
    );
    return page;
  }

  async checkout(actor: Actor, id: string, dto: CheckoutDto): Promise<StayView> {
    return this.dataSource.transaction(async (manager) => {
      const stay = await this.findVisibleEntity(actor, id, true, manager);
      if (stay.checkedOutAt) throw new StayAlreadyClosed();
      const departedAt = new Date(dto.departedAt);
      if (departedAt < stay.checkedInAt) throw new CheckoutBeforeCheckin();
      const patch: Partial<StayEntity> = {
        checkedOutAt: departedAt,
        destination: dto.destination,
        checkoutNoteCiphertext: dto.note ? this.encryption.encrypt(dto.note, CHECKOUT_NOTE_COLUMN, id) : null,
      };
      await manager.update(StayEntity, id, patch);
      await this.audit.record(
        actor,
        { action: 'checkout', entityType: 'stay', entityId: id, details: { destination: dto.destination } },
        manager,
      );
      return this.toView({ ...stay, ...patch });
    });
  }

  /**
   * Records the departure of everyone of a group (a household) still present in the caller's
   * shelters, in one transaction: all of them or none. A group the caller cannot see is 404; a
   * group nobody of which is present is 409.
   */
  async checkoutHousehold(actor: Actor, householdId: string, dto: CheckoutDto): Promise<{ items: StayView[] }> {
    return this.dataSource.transaction(async (manager) => {
      const builder = manager
        .getRepository(StayEntity)
        .createQueryBuilder('s')
        .where('s.householdId = :householdId', { householdId })
        .orderBy('s.checkedInAt', 'ASC')
        .addOrderBy('s.caseNumber', 'ASC')
        .setLock('pessimistic_write');
      const scope = shelterScopeOf(actor);
      if (scope !== null) builder.andWhere('s.shelterId = ANY(:scope)', { scope });
      const stays = await builder.getMany();
      if (stays.length === 0) throw new NotFoundError(HOUSEHOLD);
      const open = stays.filter((stay) => !stay.checkedOutAt);
      if (open.length === 0) throw new StayAlreadyClosed();
      const departedAt = new Date(dto.departedAt);
      if (open.some((stay) => departedAt < stay.checkedInAt)) throw new CheckoutBeforeCheckin();
      const views: StayView[] = [];
      for (const stay of open) {
        const patch: Partial<StayEntity> = {
          checkedOutAt: departedAt,
          destination: dto.destination,
          checkoutNoteCiphertext: dto.note ? this.encryption.encrypt(dto.note, CHECKOUT_NOTE_COLUMN, stay.id) : null,
        };
        await manager.update(StayEntity, stay.id, patch);
        await this.audit.record(
          actor,
          {
            action: 'checkout',
            entityType: 'stay',
            entityId: stay.id,
            details: { destination: dto.destination, householdId },
          },
          manager,
        );
        views.push(this.toView({ ...stay, ...patch }));
      }
      return { items: views };
    });
  }

  /**
   * A person's stays in the caller's shelters, newest first, each with the group that arrived with
   * it (only members whose stay of that arrival the caller may see). A person the caller may not
   * see is 404 (checked by the caller of this method).
   */
  async listForPerson(actor: Actor, personId: string): Promise<{ items: PersonStay[]; nextCursor: null }> {
    const builder = this.dataSource
      .getRepository(StayEntity)
      .createQueryBuilder('s')
      .innerJoinAndSelect('s.shelter', 'shelter')
      .where('s.personId = :personId', { personId })
      .orderBy('s.checkedInAt', 'DESC')
      .addOrderBy('s.id', 'DESC');
    const scope = shelterScopeOf(actor);
    if (scope !== null) builder.andWhere('s.shelterId = ANY(:scope)', { scope });
    const stays = await builder.getMany();
    const householdIds = [...new Set(stays.flatMap((stay) => (stay.householdId ? [stay.householdId] : [])))];
    const members = householdIds.length
      ? ((await this.dataSource.query(
          `SELECT hm.household_id, hm.person_id, hm.relationship, p.given_names, p.family_names,
                  s.id AS stay_id, s.checked_out_at
             FROM household_members hm
             JOIN persons p ON p.id = hm.person_id
             JOIN stays s ON s.household_id = hm.household_id AND s.person_id = hm.person_id
            WHERE hm.household_id = ANY($1) AND ($2::uuid[] IS NULL OR s.shelter_id = ANY($2))
            ORDER BY s.checked_in_at, s.case_number`,
          [householdIds, scope],
        )) as {
          household_id: string;
          person_id: string;
          relationship: string;
          given_names: string;
          family_names: string;
          stay_id: string;
          checked_out_at: Date | null;
        }[])
      : [];
    const items = stays.map((stay): PersonStay => {
      const group = members.filter((member) => member.household_id === stay.householdId);
      return {
        ...this.toView(stay),
        shelterCode: stay.shelter!.code,
        shelterName: stay.shelter!.name,
        relationship: group.find((member) => member.person_id === personId)?.relationship ?? null,
        household: group
          .filter((member) => member.person_id !== personId)
          .map((member) => ({
            personId: member.person_id,
            relationship: member.relationship,
            givenNames: member.given_names,
            familyNames: member.family_names,
            stayId: member.stay_id,
            present: member.checked_out_at === null,
          })),
      };
    });
    await this.audit.recordList(
      actor,
      'stay',
      items.map((stay) => stay.id),
    );
    return { items, nextCursor: null };
  }

  /** The shelters where the person has stayed, the latest check-in first. */
  async shelterHistoryOf(personId: string, manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows = (await manager.query(
      'SELECT shelter_id FROM stays WHERE person_id = $1 GROUP BY shelter_id ORDER BY max(checked_in_at) DESC',
      [personId],
    )) as { shelter_id: string }[];
    return rows.map((row) => row.shelter_id);
  }

  /** A stay of the actor's shelters (locked for update when asked); any other answers 404. */
  async findVisibleEntity(actor: Actor, id: string, lock = false, manager = this.dataSource.manager) {
    const builder = manager.getRepository(StayEntity).createQueryBuilder('s').where('s.id = :id', { id });
    const scope = shelterScopeOf(actor);
    if (scope !== null) builder.andWhere('s.shelterId = ANY(:scope)', { scope });
    if (lock) builder.setLock('pessimistic_write');
    const stay = await builder.getOne();
    if (!stay) throw new NotFoundError(STAY);
    return stay;
  }

  private toView(stay: StayEntity): StayView {
    return {
      id: stay.id,
      shelterId: stay.shelterId,
      personId: stay.personId,
      householdId: stay.householdId,
      caseNumber: stay.caseNumber,
      checkedInAt: stay.checkedInAt,
      checkedOutAt: stay.checkedOutAt,
      destination: stay.destination,
      vulnerabilities: stay.vulnerabilities,
      ...childFlags(stay.vulnerabilities),
      reasonsForLeaving: stay.reasonsForLeaving,
      previousDeportations: stay.previousDeportations,
      intendedDestination: stay.intendedDestination,
      notes: stay.notesCiphertext ? this.encryption.decrypt(stay.notesCiphertext, NOTES_COLUMN, stay.id) : null,
      checkoutNote: stay.checkoutNoteCiphertext
        ? this.encryption.decrypt(stay.checkoutNoteCiphertext, CHECKOUT_NOTE_COLUMN, stay.id)
        : null,
    };
  }
}
