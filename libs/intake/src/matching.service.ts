import { Actor, AuditService } from '@albergue/access';
import { APP_CONFIG, AppConfig, REDIS_CLIENT, RedisThrottlerStorage } from '@albergue/platform';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import { DataSource, EntityManager } from 'typeorm';

import { MatchRateLimited } from './intake.errors';
import { MatchQuery, MatchReason, scoreMatch } from './match-scoring';
import { foldName } from './name-normalization';

/** The minimal view of a possible earlier record: enough to recognise a person, nothing more. */
export interface PersonMatchView {
  id: string;
  givenNames: string;
  familyNames: string;
  birthYear: number | null;
  nationality: string;
  lastShelterCode: string | null;
  lastStayOn: string | null;
}

export interface PersonMatch {
  person: PersonMatchView;
  score: number;
  reasons: MatchReason[];
}

/** How many candidates the index probe brings back for scoring. */
const CANDIDATES = 60;
/** Below this a candidate is not worth showing (candidates whose names do not resemble score 0). */
export const MIN_MATCH_SCORE = 0.55;
const HOUR_MS = 3_600_000;
/** The sex a query's never finds (scoreMatch's rule): intersex and unknown conflict with none. */
const OTHER_SEX: Record<string, string> = { female: 'male', male: 'female' };

/**
 * Finds possible earlier records of a person across the whole network. With a birth year (exact
 * or estimated), the nearest folded names within +-2 years, of a sex that does not conflict, come
 * from one GiST index on (birth_year, sex, search_name), blocking and trigram distance at once; without one, the trigram GIN
 * index. scoreMatch then keeps the candidates whose names resemble the query's (and of the same
 * sex) and ranks them. Persons recorded with no birth year at all are found only by queries without
 * a year; erased persons never.
 */
@Injectable()
export class MatchingService {
  private readonly throttle: RedisThrottlerStorage;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS_CLIENT) redis: Redis,
  ) {
    this.throttle = new RedisThrottlerStorage(redis);
  }

  async findMatches(
    query: MatchQuery,
    limit: number,
    options: { manager?: EntityManager; excludeIds?: string[] } = {},
  ): Promise<PersonMatch[]> {
    const searchName = foldName(`${query.givenNames} ${query.familyNames ?? ''}`);
    if (!searchName) return [];
    const year = query.birthDate ? Number(query.birthDate.slice(0, 4)) : (query.birthYear ?? null);
    // The probe reads each candidate's columns from the heap row it visits anyway: no second
    // lookup of the same 60 rows by primary key.
    const columns = `id, given_names, family_names, aliases, sex, birth_date, estimated_birth_year, birth_year, nationality`;
    const probe =
      year === null
        ? // Without a year only the slower whole-network trigram probe is left.
          `SELECT ${columns} FROM persons WHERE search_name % $1 AND erased_at IS NULL
            ORDER BY similarity(search_name, $1) DESC LIMIT $2`
        : // Nearest names within +-2 years of the birth year, none of the other sex: the GiST index
          // on (birth_year, sex, search_name) serves the window, the sex and the order at once.
          `SELECT ${columns} FROM persons WHERE birth_year BETWEEN $3::int - 2 AND $3::int + 2 AND sex <> $4 AND erased_at IS NULL
            ORDER BY search_name <-> $1 LIMIT $2`;
    const rows = (await (options.manager ?? this.dataSource.manager).query(
      `SELECT p.id, p.given_names AS "givenNames", p.family_names AS "familyNames", p.aliases, p.sex,
              to_char(p.birth_date, 'YYYY-MM-DD') AS "birthDate", p.estimated_birth_year AS "estimatedBirthYear",
              p.birth_year AS "birthYear", p.nationality,
              last_stay.code AS "lastShelterCode", to_char(last_stay.checked_in_at, 'YYYY-MM-DD') AS "lastStayOn"
         FROM (${probe}) p
         LEFT JOIN LATERAL (
           SELECT sh.code, s.checked_in_at FROM stays s JOIN shelters sh ON sh.id = s.shelter_id
            WHERE s.person_id = p.id ORDER BY s.checked_in_at DESC LIMIT 1
         ) last_stay ON true`,
      year === null ? [searchName, CANDIDATES] : [searchName, CANDIDATES, year, OTHER_SEX[query.sex ?? ''] ?? ''],
    )) as (PersonMatchView & {
      aliases: string[];
      sex: string;
      birthDate: string | null;
      estimatedBirthYear: number | null;
    })[];
    const excluded = new Set(options.excludeIds ?? []);
    return rows
      .filter((row) => !excluded.has(row.id))
      .map((row) => {
        const { score, reasons } = scoreMatch(query, row);
        const person: PersonMatchView = {
          id: row.id,
          givenNames: row.givenNames,
          familyNames: row.familyNames,
          birthYear: row.birthYear,
          nationality: row.nationality,
          lastShelterCode: row.lastShelterCode,
          lastStayOn: row.lastStayOn,
        };
        return { person, score, reasons };
      })
      .filter((match) => match.score >= MIN_MATCH_SCORE)
      .sort((a, b) => b.score - a.score || a.person.id.localeCompare(b.person.id))
      .slice(0, limit);
  }

  /**
   * GET /persons/matches: network-wide, minimal view, at most MATCH_RATE_LIMIT_PER_HOUR queries per
   * user and hour (counted in Redis, across instances; uncounted while Redis is down, like the login
   * limit). Each query is audited with the ids it answered, never the names asked for.
   */
  async findMatchesFor(actor: Actor, query: MatchQuery, limit: number): Promise<{ items: PersonMatch[] }> {
    const { isBlocked, timeToBlockExpire } = await this.throttle.increment(
      actor.userId,
      HOUR_MS,
      this.config.intake.matchRateLimitPerHour,
      HOUR_MS,
      'person-matches',
    );
    if (isBlocked) {
      await this.audit.record(actor, { action: 'match_rate_limited', entityType: 'person' });
      throw new MatchRateLimited(timeToBlockExpire);
    }
    const items = await this.findMatches(query, limit);
    await this.audit.record(actor, {
      action: 'match',
      entityType: 'person',
      details: { ids: items.map((match) => match.person.id) },
    });
    return { items };
  }
}
