import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { connectRedis, prefixed, type RedisConnection, type RedisTarget } from '@kiosk-pulse/redis';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { REDIS_TARGET } from './redis-target';

/**
 * The api's Redis connection for plain commands (rate limits, revoked sign-ins). It fails fast
 * rather than queueing commands while Redis is away.
 */
@Injectable()
export class RedisClient implements BeforeApplicationShutdown {
  readonly redis: RedisConnection;

  constructor(
    @Inject(REDIS_TARGET) redis: RedisTarget,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    this.redis = connectRedis(redis, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.redis.on('error', () => undefined);
  }

  /** A key under this deployment's prefix. */
  key(name: string): string {
    return prefixed(this.config.queuePrefix, name);
  }

  beforeApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
