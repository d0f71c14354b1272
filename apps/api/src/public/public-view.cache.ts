import { Inject, Injectable } from '@nestjs/common';
import type { PublicView } from '@kiosk-pulse/contract';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { RedisClient } from '../redis/redis-client';

/**
 * One public view answer per share link, shared in Redis by every api process for a few seconds:
 * a festival's screens and its visitors' phones read it, not the database. It is keyed by the
 * token's digest, so that a hit needs no database read at all. A Redis that is away costs a
 * database read, never the answer.
 */
@Injectable()
export class PublicViewCache {
  constructor(
    private readonly redis: RedisClient,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async get(tokenDigest: Buffer): Promise<PublicView | undefined> {
    const text = await this.redis.redis.get(this.key(tokenDigest)).catch(() => null);
    return text === null ? undefined : (JSON.parse(text) as PublicView);
  }

  async set(tokenDigest: Buffer, view: PublicView): Promise<void> {
    await this.redis.redis
      .set(this.key(tokenDigest), JSON.stringify(view), 'EX', this.config.publicView.cacheSeconds)
      .catch(() => undefined);
  }

  /** A revoked link's page goes at once, not when its answer would have expired. */
  async forget(tokenDigest: Buffer): Promise<void> {
    await this.redis.redis.del(this.key(tokenDigest)).catch(() => undefined);
  }

  private key(tokenDigest: Buffer): string {
    return this.redis.key(`public:view:${tokenDigest.toString('hex')}`);
  }
}
