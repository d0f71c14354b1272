import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { API_CONFIG, type ApiConfig } from '../config';
import { RateLimitedException } from '../http/http-exception.filter';
import { RedisClient } from '../redis/redis-client';

const FAILED_LOGIN_WINDOW_SECONDS = 15 * 60;

/**
 * The api's rate limits, kept in Redis so every api process counts together (with an
 * in-memory fallback while Redis is away): kiosk posts per key, sign-in attempts per address,
 * and failed sign-ins per user name and address, which lock that pair out for a while.
 */
@Injectable()
export class RateLimits {
  private readonly ingest: RateLimiterRedis;
  private readonly loginAttempts: RateLimiterRedis;
  private readonly loginFailures: RateLimiterRedis;

  constructor(
    redis: RedisClient,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    const limiter = (keyPrefix: string, points: number, duration: number, blockDuration = 0) =>
      new RateLimiterRedis({
        storeClient: redis.redis,
        keyPrefix: redis.key(keyPrefix),
        points,
        duration,
        blockDuration,
        insuranceLimiter: new RateLimiterMemory({ points, duration, blockDuration }),
      });
    this.ingest = limiter('limit:ingest', config.ingestRatePerMinute, 60);
    this.loginAttempts = limiter('limit:login', config.loginRatePerMinute, 60);
    this.loginFailures = limiter(
      'limit:login-failures',
      config.loginFailuresBeforeBlock,
      FAILED_LOGIN_WINDOW_SECONDS,
      FAILED_LOGIN_WINDOW_SECONDS,
    );
  }

  /** Counts one post of this kiosk; throws 429 past the limit. */
  async ingestPost(kioskId: string): Promise<void> {
    await consume(this.ingest, kioskId, 'too many posts from this kiosk; wait and send again');
  }

  /** Counts one sign-in attempt from this address, and refuses a locked-out name and address. */
  async loginAttempt(ip: string, username: string): Promise<void> {
    await consume(this.loginAttempts, ip, 'too many sign-in attempts; wait and try again');
    const failures = await this.loginFailures.get(`${username}|${ip}`);
    if (failures && failures.consumedPoints >= this.config.loginFailuresBeforeBlock) {
      throw new RateLimitedException('too many failed sign-ins; wait and try again', retryAfter(failures));
    }
  }

  /** Counts a failed sign-in; returns how many this name and address have made lately. */
  async loginFailed(ip: string, username: string): Promise<number> {
    try {
      return (await this.loginFailures.consume(`${username}|${ip}`)).consumedPoints;
    } catch (result) {
      return result instanceof RateLimiterRes ? result.consumedPoints : 0;
    }
  }

  async loginSucceeded(ip: string, username: string): Promise<void> {
    await this.loginFailures.delete(`${username}|${ip}`).catch(() => undefined);
  }
}

const retryAfter = (result: RateLimiterRes): number => Math.max(1, Math.ceil(result.msBeforeNext / 1000));

async function consume(limiter: RateLimiterRedis, key: string, message: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (result) {
    if (result instanceof RateLimiterRes) throw new RateLimitedException(message, retryAfter(result));
    throw result;
  }
}
