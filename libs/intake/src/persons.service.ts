import { randomUUID } from 'node:crypto';

import { Actor, AuditService, shelterScopeOf } from '@albergue/access';
import {
  decodeCursor,
  encodeCursor,
  FieldEncryption,
  foldName,
  normalizePhone,
  NotFoundError,
  Page,
  searchNameOf,
} from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';

import { PHONE_COLUMN } from './intake-encrypted-columns';
import { BirthYearContradiction, PersonErased } from './intake.errors';
import { forgetNameWords, searchNameWords } from './name-words';
import type { CreatePersonDto, PersonSearchQueryDto, UpdatePersonDto } from './person.dto';
import { PersonEntity } from './person.entity';
import { PersonVisibilityRegistry } from './person-visibility.registry';
import { PersonSummary, PersonView, toPersonSummary } from './person.view';

const PERSON = { es: 'La persona', en: 'The person' };

/** Persons, network-wide, seen by each actor only where they have or had a stay in the actor's shelters. */
@Injectable()
export class PersonsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly encryption: FieldEncryption,
    private readonly audit: AuditService,
    private readonly visibility: PersonVisibilityRegistry,
  ) {}

  /** Creates a person inside the caller's transaction (an intake creates a whole group at once). */
  async create(manager: EntityManager, dto: CreatePersonDto, field = 'person'): Promise<PersonEntity> {
    // insert, not save: with the id chosen here (its phone is bound to it), save would first look
    // the row up by id, one more round trip per person of every intake. RETURNING fills the defaults.
    const person = this.prepare(dto, field);
    await manager.insert(PersonEntity, person);
    return person;
  }

  /**
   * A new person's row, checked (a birth year contradicting the birth date is refused, naming
   * `field`) and with its phone encrypted, not yet written: an intake writes its whole group in
   * one statement (personRowOf).
   */
  prepare(dto: CreatePersonDto, field = 'person'): PersonEntity {
    const id = randomUUID();
    return Object.assign(new PersonEntity(), { id, ...this.columnsFor(dto, field, id) });
  }

  /** POST /persons: a person on their own, audited. */
  async createAudited(actor: Actor, dto: CreatePersonDto): Promise<PersonView> {
    return this.dataSource.transaction(async (manager) => {
      const person = await this.create(manager, dto, '');
      await this.audit.record(actor, { action: 'create', entityType: 'person', entityId: person.id }, manager);
      return this.toView(person);
    });
  }

  async findVisible(actor: Actor, id: string): Promise<PersonView> {
    const person = await this.visibleQuery(actor).andWhere('p.id = :id', { id }).getOne();
    if (!person) throw new NotFoundError(PERSON);
    await this.audit.recordRead(actor, 'person', id);
    return this.toView(person);
  }

  /** True when the actor may see the person (no audit: the caller records what it does with it). */
  async isVisible(actor: Actor, id: string): Promise<boolean> {
    return (await this.visibleQuery(actor).andWhere('p.id = :id', { id }).getCount()) > 0;
  }

  /**
   * Persons by id, decrypted, outside any shelter scope: only for a module that has already
   * decided what the caller may see of them (a referral's shared fields) and audits it.
   */
  async findForDisclosure(ids: string[]): Promise<PersonView[]> {
    if (ids.length === 0) return [];
    const persons = await this.dataSource
      .getRepository(PersonEntity)
      .createQueryBuilder('p')
      .where('p.id = ANY(:ids)', { ids })
      .getMany();
    return persons.map((person) => this.toView(person));
  }

  async search(actor: Actor, query: PersonSearchQueryDto): Promise<Page<PersonSummary>> {
    // An erased record has nothing left to find a person by; it still opens by id.
    const builder = this.visibleQuery(actor).andWhere('p.erasedAt IS NULL');
    const folded = query.q ? foldName(query.q) : '';
    if (folded) {
      builder
        .andWhere(':q <% p.searchName', { q: folded })
        .addSelect('word_similarity(:q, p.searchName)', 'rank')
        .orderBy('rank', 'DESC');
    } else {
      builder.orderBy('p.createdAt', 'DESC');
    }
    builder.addOrderBy('p.id', 'ASC');
    if (query.nationality) builder.andWhere('p.nationality = :nationality', { nationality: query.nationality });
    if (query.phone) {
      builder.andWhere('p.phoneIndex = :phoneIndex', {
        phoneIndex: this.encryption.blindIndex(normalizePhone(query.phone), PHONE_COLUMN),
      });
    }
    const [offset] = query.cursor ? decodeCursor(query.cursor, ['offset']) : [0];
    const rows = await builder
      .offset(offset)
      .limit(query.limit + 1)
      .getMany();
    const items = rows.slice(0, query.limit).map(toPersonSummary);
    await this.audit.recordList(
      actor,
      'person',
      items.map((person) => person.id),
    );
    return { items, nextCursor: rows.length > query.limit ? encodeCursor([offset + query.limit]) : null };
  }

  async update(actor: Actor, id: string, dto: UpdatePersonDto): Promise<PersonView> {
    return this.dataSource.transaction(async (manager) => {
      const person = await this.visibleQuery(actor, manager)
        .andWhere('p.id = :id', { id })
        .setLock('pessimistic_write', undefined, ['p'])
        .getOne();
      if (!person) throw new NotFoundError(PERSON);
      if (person.erasedAt) throw new PersonErased(person.erasedAt);
      const merged: CreatePersonDto = {
        givenNames: dto.givenNames ?? person.givenNames,
        familyNames: dto.familyNames ?? person.familyNames,
        aliases: dto.aliases ?? person.aliases,
        sex: dto.sex ?? person.sex,
        genderIdentity: dto.genderIdentity ?? person.genderIdentity ?? undefined,
        birthDate: dto.birthDate ?? person.birthDate ?? undefined,
        estimatedBirthYear: dto.estimatedBirthYear ?? person.estimatedBirthYear ?? undefined,
        nationality: dto.nationality ?? person.nationality,
        placeOfOrigin: dto.placeOfOrigin ?? person.placeOfOrigin ?? undefined,
        languages: dto.languages ?? person.languages,
      };
      const columns = this.columnsFor(merged, '', id);
      if (dto.phone === undefined) {
        delete columns.phoneCiphertext;
        delete columns.phoneIndex;
      } else {
        Object.assign(columns, this.phoneColumns(dto.phone, id));
      }
      await manager.update(PersonEntity, id, columns);
      const kept = new Set(searchNameWords(columns.searchName ?? ''));
      await forgetNameWords(
        manager,
        searchNameWords(person.searchName).filter((word) => !kept.has(word)),
      );
      const changed = Object.keys(dto).filter((key) => (dto as Record<string, unknown>)[key] !== undefined);
      await this.audit.record(
        actor,
        { action: 'update', entityType: 'person', entityId: id, details: { changed } },
        manager,
      );
      return this.toView({ ...person, ...columns } as PersonEntity);
    });
  }

  /**
   * Persons the actor may see: admins all; others those with a stay, past or present, in their
   * shelters (lawyers have none), and those another module's rule grants them
   * (PersonVisibilityRegistry: a lawyer's clients).
   */
  visibleQuery(actor: Actor, manager: EntityManager = this.dataSource.manager): SelectQueryBuilder<PersonEntity> {
    const builder = manager.getRepository(PersonEntity).createQueryBuilder('p');
    const scope = shelterScopeOf(actor);
    if (scope !== null) {
      const extra = this.visibility.conditionsFor(actor);
      builder.where(
        new Brackets((visible) => {
          visible.where('EXISTS (SELECT 1 FROM stays s WHERE s.person_id = p.id AND s.shelter_id = ANY(:scope))', {
            scope,
          });
          for (const condition of extra) visible.orWhere(condition.sql, condition.parameters);
        }),
      );
    }
    return builder;
  }

  toView(person: PersonEntity): PersonView {
    return {
      ...toPersonSummary(person),
      phone: person.phoneCiphertext ? this.encryption.decrypt(person.phoneCiphertext, PHONE_COLUMN, person.id) : null,
    };
  }

  private columnsFor(dto: CreatePersonDto, field: string, id: string): Partial<PersonEntity> {
    const prefix = field ? `${field}.` : '';
    if (
      dto.birthDate &&
      dto.estimatedBirthYear !== undefined &&
      Number(dto.birthDate.slice(0, 4)) !== dto.estimatedBirthYear
    ) {
      throw new BirthYearContradiction(`${prefix}estimatedBirthYear`);
    }
    const aliases = dto.aliases ?? [];
    return {
      givenNames: dto.givenNames,
      familyNames: dto.familyNames ?? '',
      aliases,
      sex: dto.sex,
      genderIdentity: dto.genderIdentity ?? null,
      birthDate: dto.birthDate ?? null,
      estimatedBirthYear: dto.estimatedBirthYear ?? null,
      nationality: dto.nationality,
      placeOfOrigin: dto.placeOfOrigin ?? null,
      languages: dto.languages ?? [],
      ...this.phoneColumns(dto.phone, id),
      searchName: searchNameOf({ givenNames: dto.givenNames, familyNames: dto.familyNames ?? '', aliases }),
      birthYear: dto.birthDate ? Number(dto.birthDate.slice(0, 4)) : (dto.estimatedBirthYear ?? null),
    };
  }

  private phoneColumns(phone: string | undefined, id: string): Pick<PersonEntity, 'phoneCiphertext' | 'phoneIndex'> {
    if (!phone) return { phoneCiphertext: null, phoneIndex: null };
    const normalized = normalizePhone(phone);
    return {
      phoneCiphertext: this.encryption.encrypt(normalized, PHONE_COLUMN, id),
      phoneIndex: this.encryption.blindIndex(normalized, PHONE_COLUMN),
    };
  }
}
