import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';

import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { redisOptionsFromUrl } from './redis-options';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/**
 * One shared client for short commands (readiness, rate limits). It fails fast instead of
 * queueing commands while Redis is down, so a request answers 503 instead of hanging. Start-up
 * waits for the first connection attempt (at most connectTimeout): a request that came while the
 * client was still connecting would find no queue and fail although Redis is up.
 */
async function createClient(config: AppConfig): Promise<Redis> {
  const client = new Redis({
    ...redisOptionsFromUrl(config.redisUrl),
    keyPrefix: `${config.redisKeyPrefix}:`,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  // Without a listener ioredis reports every failed reconnect as an unhandled error.
  client.on('error', () => undefined);
  await client.connect().catch(() => undefined);
  return client;
}

@Injectable()
class RedisShutdown implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly client: Redis) {}

  onApplicationShutdown(): void {
    this.client.disconnect();
  }
}

@Global()
@Module({
  providers: [{ provide: REDIS_CLIENT, inject: [APP_CONFIG], useFactory: createClient }, RedisShutdown],
  exports: [REDIS_CLIENT],
})
export class RedisModule {}
