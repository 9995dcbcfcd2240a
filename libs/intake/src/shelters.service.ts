import { Actor, AuditService, canSeeShelter, shelterScopeOf } from '@albergue/access';
import {
  ageInYearsSql,
  MEXICO_CITY_TODAY_SQL,
  NotFoundError,
  preparedStatement,
  runPrepared,
} from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, QueryFailedError } from 'typeorm';

import type { CreateShelterDto } from './intake.dto';
import { ShelterCodeTaken } from './intake.errors';
import { ShelterEntity } from './shelter.entity';

const SHELTER = { es: 'El albergue', en: 'The shelter' };

export interface Occupancy {
  shelterId: string;
  capacity: number;
  present: number;
  overCapacity: boolean;
  available: number;
  byNationality: Record<string, number>;
  bySex: Record<string, number>;
  byAgeBand: Record<string, number>;
  unaccompaniedMinors: number;
  /** Children whose group has adults but no parent or legal guardian (see separatedChildren). */
  separatedChildren: number;
}

/** A present resident's age today in central Mexico, by personAgeOn's rule (estimated years at their youngest). */
const AGE_TODAY = ageInYearsSql('p.birth_date', 'p.estimated_birth_year', MEXICO_CITY_TODAY_SQL);

/** How many are present, counted up to $2 (capacity + 1 is enough to say "over"): asked by every intake. */
const PRESENT_UP_TO = preparedStatement(
  `SELECT count(*)::int AS n
     FROM (SELECT 1 FROM stays WHERE shelter_id = $1 AND checked_out_at IS NULL LIMIT $2) present`,
);

@Injectable()
export class SheltersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(dto: CreateShelterDto, actor: Actor): Promise<ShelterEntity> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const shelter = await manager.save(ShelterEntity, { ...dto });
        await this.audit.record(actor, { action: 'create', entityType: 'shelter', entityId: shelter.id }, manager);
        return shelter;
      });
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
        throw new ShelterCodeTaken();
      }
      throw error;
    }
  }

  /** The shelters the actor works in (all of them for admins). */
  list(actor: Actor): Promise<ShelterEntity[]> {
    const scope = shelterScopeOf(actor);
    const repository = this.dataSource.getRepository(ShelterEntity);
    return scope === null
      ? repository.find({ order: { code: 'ASC' } })
      : repository.find({ where: { id: In(scope) }, order: { code: 'ASC' } });
  }

  /** A shelter of the actor's scope; any other answers 404 as if it did not exist. */
  async findVisible(actor: Actor, id: string): Promise<ShelterEntity> {
    const shelter = canSeeShelter(actor, id)
      ? await this.dataSource.getRepository(ShelterEntity).findOneBy({ id })
      : null;
    if (!shelter) throw new NotFoundError(SHELTER);
    return shelter;
  }

  /**
   * Whether `arriving` more residents take the shelter over its capacity. Counts at most capacity + 1
   * present stays (the partial index of present stays serves them), so an intake costs the same in a
   * shelter with a long history as in a new one.
   */
  async overCapacityWith(shelter: ShelterEntity, arriving: number): Promise<boolean> {
    const room = shelter.capacity - arriving;
    if (room < 0) return true;
    const [{ n }] = await runPrepared<{ n: number }>(this.dataSource.manager, PRESENT_UP_TO, [shelter.id, room + 1]);
    return n > room;
  }

  async occupancy(actor: Actor, id: string): Promise<Occupancy> {
    const shelter = await this.findVisible(actor, id);
    const rows = (await this.dataSource.query(
      `SELECT p.nationality, p.sex,
              CASE WHEN age IS NULL THEN 'unknown' WHEN age < 5 THEN '0-4' WHEN age < 12 THEN '5-11'
                   WHEN age < 18 THEN '12-17' WHEN age < 60 THEN '18-59' ELSE '60+' END AS age_band,
              'unaccompanied_minor' = ANY (s.vulnerabilities) AS unaccompanied,
              'separated_child' = ANY (s.vulnerabilities) AS separated
         FROM stays s
         JOIN persons p ON p.id = s.person_id
         CROSS JOIN LATERAL (SELECT ${AGE_TODAY} AS age) a
        WHERE s.shelter_id = $1 AND s.checked_out_at IS NULL`,
      [id],
    )) as { nationality: string; sex: string; age_band: string; unaccompanied: boolean; separated: boolean }[];
    const count = (key: (row: (typeof rows)[number]) => string) =>
      rows.reduce<Record<string, number>>(
        (counts, row) => ({ ...counts, [key(row)]: (counts[key(row)] ?? 0) + 1 }),
        {},
      );
    await this.audit.record(actor, { action: 'read', entityType: 'shelter_occupancy', entityId: id });
    return {
      shelterId: id,
      capacity: shelter.capacity,
      present: rows.length,
      overCapacity: rows.length > shelter.capacity,
      available: Math.max(0, shelter.capacity - rows.length),
      byNationality: count((row) => row.nationality),
      bySex: count((row) => row.sex),
      byAgeBand: count((row) => row.age_band),
      unaccompaniedMinors: rows.filter((row) => row.unaccompanied).length,
      separatedChildren: rows.filter((row) => row.separated).length,
    };
  }
}
