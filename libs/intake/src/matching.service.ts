import { Actor, AuditService } from '@albergue/access';
import {
  APP_CONFIG,
  AppConfig,
  nameTokens,
  preparedStatement,
  REDIS_CLIENT,
  RedisThrottlerStorage,
  runPrepared,
} from '@albergue/platform';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import { DataSource, EntityManager } from 'typeorm';

import { MatchRateLimited } from './intake.errors';
import { matchCandidatesQuery, Spelling, spellingsOf, spellingsQuery } from './match-candidates';
import { MatchQuery, MatchReason, scoreMatch } from './match-scoring';

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

/** A candidate as scoring reads it, with where the person last stayed. */
type CandidateRow = PersonMatchView & {
  aliases: string[];
  sex: string;
  birthDate: string | null;
  estimatedBirthYear: number | null;
};

/** Below this a candidate is not worth showing (candidates whose names do not resemble score 0). */
export const MIN_MATCH_SCORE = 0.55;
const HOUR_MS = 3_600_000;

/**
 * Finds possible earlier records of a person across the whole network. With a birth year (exact
 * or estimated), the most similar folded names within +-2 years sharing a key of their name parts
 * (words possibly misspelt), of a sex that does not conflict (matchCandidatesQuery); without one,
 * the trigram GIN index. scoreMatch then keeps the candidates whose names resemble the query's (and of the same
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
    const given = nameTokens(query.givenNames);
    const family = nameTokens(query.familyNames ?? '');
    if (given.length + family.length === 0) return [];
    const year = query.birthDate ? Number(query.birthDate.slice(0, 4)) : (query.birthYear ?? null);
    const manager = options.manager ?? this.dataSource.manager;
    let spellings = new Map<string, Spelling>();
    if (year !== null) {
      const { sql, parameters } = spellingsQuery([...given, ...family]);
      spellings = spellingsOf(await runPrepared(manager, preparedStatement(sql), parameters));
    }
    const candidates = matchCandidatesQuery({ given, family, year, sex: query.sex }, spellings);
    const rows = await runPrepared<CandidateRow>(
      manager,
      preparedStatement(`SELECT p.id, p.given_names AS "givenNames", p.family_names AS "familyNames", p.aliases, p.sex,
              to_char(p.birth_date, 'YYYY-MM-DD') AS "birthDate", p.estimated_birth_year AS "estimatedBirthYear",
              p.birth_year AS "birthYear", p.nationality,
              last_stay.code AS "lastShelterCode", to_char(last_stay.checked_in_at, 'YYYY-MM-DD') AS "lastStayOn"
         FROM (${candidates.sql}) p
         LEFT JOIN LATERAL (
           SELECT sh.code, s.checked_in_at FROM stays s JOIN shelters sh ON sh.id = s.shelter_id
            WHERE s.person_id = p.id ORDER BY s.checked_in_at DESC LIMIT 1
         ) last_stay ON true`),
      candidates.parameters,
    );
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
    // The search runs while Redis counts the query (one round trip less to wait for); a blocked
    // query's result is dropped unseen.
    const matching = this.findMatches(query, limit);
    // Handled at once: a search failing while Redis answers must not count as an unhandled rejection.
    matching.catch(() => undefined);
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
    const items = await matching;
    await this.audit.record(actor, {
      action: 'match',
      entityType: 'person',
      details: { ids: items.map((match) => match.person.id) },
    });
    return { items };
  }
}
