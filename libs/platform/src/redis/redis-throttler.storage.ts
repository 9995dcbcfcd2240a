import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type Redis from 'ioredis';

interface ThrottlerStorageRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/**
 * Counts hits in a fixed window and blocks past the limit, atomically in one script, so the
 * limit holds across API instances. Returns hits, ms to window end, blocked, ms to unblock.
 */
const INCREMENT_SCRIPT = `
local hitsKey, blockKey = KEYS[1], KEYS[2]
local ttl, limit, blockDuration = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local blockedFor = redis.call('PTTL', blockKey)
if blockedFor > 0 then
  return { tonumber(redis.call('GET', hitsKey) or limit + 1), redis.call('PTTL', hitsKey), 1, blockedFor }
end
local hits = redis.call('INCR', hitsKey)
if hits == 1 then redis.call('PEXPIRE', hitsKey, ttl) end
local expiresIn = redis.call('PTTL', hitsKey)
if hits > limit then
  redis.call('SET', blockKey, 1, 'PX', blockDuration)
  return { hits, expiresIn, 1, blockDuration }
end
return { hits, expiresIn, 0, 0 }
`;

export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger(RedisThrottlerStorage.name);

  constructor(private readonly redis: Redis) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    try {
      const [totalHits, timeToExpire, blocked, timeToBlockExpire] = (await this.redis.eval(
        INCREMENT_SCRIPT,
        2,
        `throttle:${throttlerName}:${key}:hits`,
        `throttle:${throttlerName}:${key}:block`,
        ttl,
        limit,
        blockDuration,
      )) as number[];
      return {
        totalHits,
        timeToExpire: Math.max(0, Math.ceil(timeToExpire / 1000)),
        isBlocked: blocked === 1,
        timeToBlockExpire: Math.max(0, Math.ceil(timeToBlockExpire / 1000)),
      };
    } catch {
      // With Redis down the per-IP limit cannot be counted; logins still go on, and the
      // per-account lockout kept in Postgres still stops guessing at one account.
      this.logger.warn('rate limit not counted: Redis is unavailable');
      return { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };
    }
  }
}
