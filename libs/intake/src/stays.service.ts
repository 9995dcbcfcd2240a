import { Actor, AuditService, shelterScopeOf } from '@albergue/access';
import { decodeCursor, FieldEncryption, NotFoundError, Page, toPage } from '@albergue/platform';
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
  person: Pick<PersonEntity, 'givenNames' | 'familyNames' | 'sex' | 'nationality' | 'birthYear'>;
}

export interface StayView extends Omit<StaySummary, 'person'> {
  reasonsForLeaving: string[];
  previousDeportations: { from: string; date?: string }[];
  intendedDestination: string | null;
  notes: string | null;
  checkoutNote: string | null;
}

/** A stay on a person's case summary: its shelter and the household it arrived with. */
export interface PersonStayView extends StayView {
  shelterCode: string;
  shelterName: string;
  household: { personId: string; relationship: string; givenNames: string; familyNames: string }[];
}

const childFlags = (vulnerabilities: string[]): Pick<StaySummary, 'unaccompaniedMinor' | 'separatedChild'> => ({
  unaccompaniedMinor: vulnerabilities.includes('unaccompanied_minor'),
  separatedChild: vulnerabilities.includes('separated_child'),
});

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
   * A person's stays in the actor's shelters (admins: all), the latest check-in first, with each
   * stay's shelter code and its household members the actor may see: what a printed case summary
   * shows. Audited as a list of stays.
   */
  async listForPerson(actor: Actor, personId: string): Promise<PersonStayView[]> {
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
    const householdIds = [...new Set(stays.flatMap((stay) => stay.householdId ?? []))];
    const members = householdIds.length
      ? ((await this.dataSource.query(
          `SELECT m.household_id, m.person_id, m.relationship, p.given_names, p.family_names
             FROM household_members m JOIN persons p ON p.id = m.person_id
            WHERE m.household_id = ANY($1::uuid[])
              AND ($2::uuid[] IS NULL OR EXISTS (
                SELECT 1 FROM stays ms WHERE ms.person_id = m.person_id AND ms.shelter_id = ANY($2::uuid[])))
            ORDER BY m.household_id, p.family_names, p.given_names, m.person_id`,
          [householdIds, scope],
        )) as {
          household_id: string;
          person_id: string;
          relationship: string;
          given_names: string;
          family_names: string;
        }[])
      : [];
    await this.audit.recordList(
      actor,
      'stay',
      stays.map((stay) => stay.id),
    );
    return stays.map((stay) => ({
      ...this.toView(stay),
      shelterCode: stay.shelter!.code,
      shelterName: stay.shelter!.name,
      household: members
        .filter((member) => member.household_id === stay.householdId)
        .map((member) => ({
          personId: member.person_id,
          relationship: member.relationship,
          givenNames: member.given_names,
          familyNames: member.family_names,
        })),
    }));
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
