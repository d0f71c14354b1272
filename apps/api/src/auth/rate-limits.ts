import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { RateLimitedException } from '../http/exceptions';
import { RedisClient } from '../redis/redis-client';

const FAILED_LOGIN_WINDOW_SECONDS = 15 * 60;
const ACCOUNT_WINDOW_SECONDS = 24 * 3600;
/** The longest an account's sign-ins are made to wait between attempts. */
export const ACCOUNT_MAX_WAIT_SECONDS = 60;
const KNOWN_ADDRESS_SECONDS = 30 * 86_400;
/** Enough for a ward's staff pairing every tablet of a kiosk day from one hall's address. */
const PAIR_ATTEMPTS_PER_MINUTE = 10;

/** What a failed sign-in led to. */
export interface LoginFailure {
  /** Failures of this name from this address lately. */
  failures: number;
  /** This failure locked the name and address out. */
  lockedOut: boolean;
  /** Failures on this account from any address lately. */
  accountFailures: number;
  /** The account's next attempt (from an address it does not know) must wait this long; 0: no wait. */
  accountWaitSeconds: number;
}

/**
 * The api's rate limits, kept in Redis so every api process counts together (with an
 * in-memory fallback while Redis is away), all keyed on the real client (behind a trusted
 * proxy, the address it forwards):
 * - kiosk posts per key;
 * - sign-in attempts per address;
 * - failed sign-ins per user name and address, which lock that pair out for a while;
 * - failed sign-ins per account from any address, past which the account's sign-ins are slowed
 *   down (one attempt per 2, 4, 8 … up to 60 s), however many addresses guess. An attacker
 *   can make the account's owner wait at most a minute, never lock them out, and not at all
 *   from an address where they signed in before;
 * - public view reads per address (nobody signs in there);
 * - kiosk pairing attempts per address: with a few live codes among 31^8 (about 10^12), one
 *   address guessing at this pace would need thousands of years to hit one.
 */
@Injectable()
export class RateLimits {
  private readonly ingest: RateLimiterRedis;
  private readonly loginAttempts: RateLimiterRedis;
  private readonly loginFailures: RateLimiterRedis;
  private readonly accountFailures: RateLimiterRedis;
  private readonly accountWait: RateLimiterRedis;
  private readonly liveMessages: RateLimiterRedis;
  private readonly publicReads: RateLimiterRedis;
  private readonly pairAttempts: RateLimiterRedis;

  constructor(
    private readonly redis: RedisClient,
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
    this.accountFailures = limiter(
      'limit:login-account',
      config.loginAccountFailuresBeforeSlowing,
      ACCOUNT_WINDOW_SECONDS,
    );
    this.accountWait = limiter('limit:login-account-wait', 1, ACCOUNT_MAX_WAIT_SECONDS);
    this.liveMessages = limiter('limit:live', config.live.userMessagesPerMinute, 60);
    this.publicReads = limiter('limit:public', config.publicView.readsPerMinute, 60);
    this.pairAttempts = limiter('limit:kiosk-pair', PAIR_ATTEMPTS_PER_MINUTE, 60);
  }

  /** Counts one post of this kiosk; throws 429 past the limit. */
  async ingestPost(kioskId: string): Promise<void> {
    await consume(this.ingest, kioskId, 'too many posts from this kiosk; wait and send again');
  }

  /**
   * Counts one sign-in attempt from this address; refuses a locked-out name and address, and
   * an account that is slowed down unless this address is one it signed in from before.
   */
  async loginAttempt(ip: string, username: string): Promise<void> {
    await consume(this.loginAttempts, ip, 'too many sign-in attempts; wait and try again');
    const failures = await this.loginFailures.get(`${username}|${ip}`);
    if (failures && failures.consumedPoints >= this.config.loginFailuresBeforeBlock) {
      throw new RateLimitedException('too many failed sign-ins; wait and try again', retryAfter(failures));
    }
    const wait = await this.accountWait.get(username);
    if (wait && wait.consumedPoints > 1 && wait.msBeforeNext > 0 && !(await this.isKnownAddress(username, ip))) {
      throw new RateLimitedException(
        'this account had many failed sign-ins, so its sign-ins are slowed down; wait and try again',
        retryAfter(wait),
      );
    }
  }

  /** Counts a failed sign-in, and slows the account down past its limit. */
  async loginFailed(ip: string, username: string): Promise<LoginFailure> {
    const failures = await count(this.loginFailures, `${username}|${ip}`);
    const accountFailures = await count(this.accountFailures, username);
    const over = accountFailures - this.config.loginAccountFailuresBeforeSlowing;
    const accountWaitSeconds = over >= 0 ? Math.min(ACCOUNT_MAX_WAIT_SECONDS, 2 ** (over + 1)) : 0;
    if (accountWaitSeconds > 0) await this.accountWait.block(username, accountWaitSeconds);
    return {
      failures,
      lockedOut: failures === this.config.loginFailuresBeforeBlock,
      accountFailures,
      accountWaitSeconds,
    };
  }

  /** Clears the failures of this name (from here, and on the account) and remembers the address. */
  async loginSucceeded(ip: string, username: string): Promise<void> {
    await Promise.all([
      this.loginFailures.delete(`${username}|${ip}`),
      this.accountFailures.delete(username),
      this.accountWait.delete(username),
    ]).catch(() => undefined);
    const key = this.knownAddressesKey(username);
    await this.redis.redis
      .multi()
      .sadd(key, ip)
      .expire(key, KNOWN_ADDRESS_SECONDS)
      .exec()
      .catch(() => undefined);
  }

  /** Counts one read of the public view from this address; throws 429 past the limit. */
  async publicRead(ip: string): Promise<void> {
    await consume(this.publicReads, ip, 'too many requests from this address; wait and try again');
  }

  /** Counts one attempt to pair a kiosk from this address; throws 429 past the limit. */
  async pairAttempt(ip: string): Promise<void> {
    await consume(this.pairAttempts, ip, 'too many pairing attempts from this address; wait a minute and try again');
  }

  /** Counts one /live message of a user (or token) across its sockets and api processes; false past the limit. */
  async liveMessage(principalKey: string): Promise<boolean> {
    try {
      await this.liveMessages.consume(principalKey);
      return true;
    } catch (result) {
      if (result instanceof RateLimiterRes) return false;
      throw result;
    }
  }

  private async isKnownAddress(username: string, ip: string): Promise<boolean> {
    return (await this.redis.redis.sismember(this.knownAddressesKey(username), ip).catch(() => 0)) === 1;
  }

  private knownAddressesKey(username: string): string {
    return this.redis.key(`login-known:${username}`);
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

/** Counts one more against the key, past its limit too; how many there are now. */
async function count(limiter: RateLimiterRedis, key: string): Promise<number> {
  try {
    return (await limiter.consume(key)).consumedPoints;
  } catch (result) {
    return result instanceof RateLimiterRes ? result.consumedPoints : 0;
  }
}
