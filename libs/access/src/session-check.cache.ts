import { randomUUID } from 'node:crypto';

import { APP_CONFIG, AppConfig, redisOptionsFromUrl } from '@albergue/platform';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';

import type { Role } from './role';

/** What the session check of an access token finds: the user's scope, as of the check. */
export interface SessionCheck {
  role: Role;
  shelterIds: string[];
  organizationId: string | null;
  mfaEnrollmentPending: boolean;
}

interface Entry {
  check: SessionCheck;
  /** Epoch milliseconds after which the entry is not used: the cache's lifetime, or the session's end if sooner. */
  until: number;
}

/** At most this many logins are held per process; the oldest entries go first. */
const MAX_SESSIONS = 20_000;
/** How long a change waits for every subscribed instance to confirm it dropped the user's entries. */
const ACK_TIMEOUT_MS = 2000;

interface Waiter {
  acks: number;
  expected?: number;
  done: () => void;
}

/**
 * A short-lived, per-process memory of the session check (user active, login not ended, role,
 * shelters, organization), so that a request needs no Postgres round trip for it.
 *
 * What may never weaken: a logout, a deactivation, a role, shelter or organization change, a
 * password change or reset and a two-factor change take effect on the next request, on every
 * instance. Each of those calls `invalidateUser` after its transaction committed: the entries of
 * that user are dropped here at once, a message on a Redis pub/sub channel drops them on every
 * other instance, and the call returns once every subscribed instance confirmed it (an answer on
 * a second channel; PUBLISH says how many instances received the message), so the response to
 * the change leaves only when no instance can still answer from the old state. The cache is only used while this process is subscribed to that channel: when
 * the subscription's connection drops (Redis down, a network gap, messages that may have been
 * missed) the whole cache is flushed and every request asks Postgres until the subscription is
 * back. A check that read Postgres while an invalidation arrived is not stored (a generation
 * counter), so a read that started before a change cannot bring back its old answer.
 */
@Injectable()
export class SessionCheckCache implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('SessionCheckCache');
  private readonly ttlMs: number;
  private readonly channel: string;
  private readonly ackChannel: string;
  private readonly waiters = new Map<string, Waiter>();
  /** userId -> sessionId -> entry. */
  private readonly entries = new Map<string, Map<string, Entry>>();
  private size = 0;
  /** Bumped by every invalidation and flush: a lookup that began in an older generation stores nothing. */
  private generation = 0;
  private subscribed = false;
  private subscriber?: Redis;
  private publisher?: Redis;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.ttlMs = config.access.sessionCacheSeconds * 1000;
    this.channel = `${config.redisKeyPrefix}:session-invalidations`;
    this.ackChannel = `${config.redisKeyPrefix}:session-invalidation-acks`;
    if (this.ttlMs > 0) {
      const options = {
        ...redisOptionsFromUrl(config.redisUrl),
        lazyConnect: true,
        connectTimeout: 2000,
        retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
      };
      this.subscriber = new Redis({ ...options, autoResubscribe: false });
      this.publisher = new Redis({ ...options, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    }
  }

  async onModuleInit(): Promise<void> {
    const { subscriber, publisher } = this;
    if (!subscriber || !publisher) return;
    publisher.on('error', () => undefined);
    subscriber.on('error', () => undefined);
    // Any drop of the subscription may have lost messages: forget everything until it is back.
    subscriber.on('close', () => this.suspend());
    subscriber.on('ready', () => void this.subscribe(subscriber));
    subscriber.on('message', (channel: string, message: string) => this.received(channel, message));
    await Promise.all([publisher.connect().catch(() => undefined), subscriber.connect().catch(() => undefined)]);
  }

  onApplicationShutdown(): void {
    this.suspend();
    this.subscriber?.disconnect();
    this.publisher?.disconnect();
  }

  /** The session check from memory, or from `load` (and kept, when nothing was invalidated meanwhile). */
  async check(
    userId: string,
    sessionId: string,
    load: () => Promise<(SessionCheck & { expiresAt: Date }) | undefined>,
  ): Promise<SessionCheck | undefined> {
    const now = Date.now();
    if (this.subscribed) {
      const entry = this.entries.get(userId)?.get(sessionId);
      if (entry && entry.until > now) return entry.check;
    }
    const generation = this.generation;
    const loaded = await load();
    if (!loaded) return undefined;
    const { expiresAt, ...check } = loaded;
    if (this.subscribed && generation === this.generation) {
      this.store(userId, sessionId, { check, until: Math.min(now + this.ttlMs, expiresAt.getTime()) });
    }
    return check;
  }

  /**
   * Drops what every instance holds of a user's logins. Call it after the change committed: an
   * instance that reads before the commit would otherwise keep the old answer.
   */
  async invalidateUser(userId: string): Promise<void> {
    if (!this.publisher) return;
    this.drop(userId);
    const id = randomUUID();
    let timer: NodeJS.Timeout | undefined;
    const confirmed = new Promise<boolean>((resolve) => {
      this.waiters.set(id, { acks: 0, done: () => resolve(true) });
      timer = setTimeout(() => resolve(false), ACK_TIMEOUT_MS);
    });
    try {
      const receivers = await this.publisher.publish(this.channel, JSON.stringify({ id, userId }));
      const waiter = this.waiters.get(id)!;
      waiter.expected = receivers;
      if (waiter.acks >= receivers) waiter.done();
      if (!(await confirmed)) {
        this.logger.warn('Not every instance confirmed a session change in time; theirs expire on their own');
      }
    } catch {
      // Redis is unreachable from here. Instances that reach it hold entries for at most the
      // cache's lifetime; those that do not have flushed theirs and ask Postgres.
      this.logger.warn('Could not announce a session change to the other instances (Redis unreachable)');
    } finally {
      clearTimeout(timer);
      this.waiters.delete(id);
    }
  }

  private received(channel: string, message: string): void {
    if (channel === this.ackChannel) {
      const waiter = this.waiters.get(message);
      if (!waiter) return;
      waiter.acks += 1;
      if (waiter.expected !== undefined && waiter.acks >= waiter.expected) waiter.done();
      return;
    }
    let parsed: { id?: unknown; userId?: unknown };
    try {
      parsed = JSON.parse(message) as typeof parsed;
    } catch {
      this.flush();
      return;
    }
    if (typeof parsed.userId === 'string') this.drop(parsed.userId);
    else this.flush();
    if (typeof parsed.id === 'string') this.publisher?.publish(this.ackChannel, parsed.id).catch(() => undefined);
  }

  private async subscribe(subscriber: Redis): Promise<void> {
    try {
      await subscriber.subscribe(this.channel, this.ackChannel);
      this.flush();
      this.subscribed = true;
    } catch {
      this.suspend();
    }
  }

  private suspend(): void {
    this.subscribed = false;
    this.flush();
  }

  private flush(): void {
    this.generation += 1;
    this.entries.clear();
    this.size = 0;
  }

  private drop(userId: string): void {
    this.generation += 1;
    const sessions = this.entries.get(userId);
    if (!sessions) return;
    this.size -= sessions.size;
    this.entries.delete(userId);
  }

  private store(userId: string, sessionId: string, entry: Entry): void {
    let sessions = this.entries.get(userId);
    if (!sessions) {
      if (this.size >= MAX_SESSIONS) this.evictOldestUser();
      sessions = new Map();
      this.entries.set(userId, sessions);
    }
    if (!sessions.has(sessionId)) this.size += 1;
    sessions.set(sessionId, entry);
  }

  private evictOldestUser(): void {
    const oldest = this.entries.keys().next();
    if (!oldest.done) {
      this.size -= this.entries.get(oldest.value)!.size;
      this.entries.delete(oldest.value);
    }
  }
}
