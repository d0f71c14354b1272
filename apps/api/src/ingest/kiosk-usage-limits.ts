import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { cityDay, type EventRejection } from '@kiosk-pulse/contract';
import { cityDayStart, nextCityDayStart } from '@kiosk-pulse/contract/time';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { RedisClient } from '../redis/redis-client';

/** A usage event of a batch (not a heartbeat): its place in the batch and its time (ms). */
export interface UsageEvent {
  index: number;
  at: number;
}

interface Counted {
  limiter: RateLimiterRedis;
  key: string;
  points: number;
}

const MINUTE_MS = 60_000;
// A minute's count is kept a quarter of an hour after its first event arrives: long enough for
// its events to come in (they may be 5 minutes ahead), short enough to keep few keys.
const MINUTE_COUNT_SECONDS = 15 * 60;

/**
 * Plausibility bounds on what one kiosk can have seen: at most KIOSK_USAGE_EVENTS_PER_MINUTE
 * usage events in one minute and KIOSK_USAGE_EVENTS_PER_DAY in one city day, both by the
 * kiosk's own clock (occurredAt). Counting by the events' time rather than their arrival lets a
 * kiosk that was offline send a whole day's queue at once, and still stops a key that posts
 * thousands of events for one moment or one day. The counts are in Redis, so every api process
 * counts together; a batch costs two round trips (its minutes, then its days), whatever its size:
 * measured 0.3 to 0.9 ms a POST (1 to 500 events) on a busy 2-core machine where one Redis round
 * trip took 0.25 ms.
 */
@Injectable()
export class KioskUsageLimits {
  private readonly perMinute: RateLimiterRedis;
  private readonly perDay: RateLimiterRedis;
  private readonly days: { start: number; end: number; day: string }[] = [];

  constructor(
    redis: RedisClient,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    const limiter = (name: string, points: number, duration: number) =>
      new RateLimiterRedis({ storeClient: redis.redis, keyPrefix: redis.key(name), points, duration });
    this.perMinute = limiter('limit:kiosk-minute', config.kioskUsageLimits.perMinute, MINUTE_COUNT_SECONDS);
    // A day's count outlives the window in which its events may still arrive.
    this.perDay = limiter(
      'limit:kiosk-day',
      config.kioskUsageLimits.perDay,
      Math.ceil(config.eventMaxAgeMs / 1000) + 2 * 86_400,
    );
  }

  /**
   * Counts a batch's usage events against the kiosk's bounds and refuses the excess: the later
   * events of a minute, and the later minutes of a day. Returns the refusals, in batch order, and
   * a way to give the counted events back when the batch cannot be queued after all (a kiosk
   * told to retry sends them again). Throws when Redis cannot be reached.
   */
  async check(
    kioskId: string,
    events: UsageEvent[],
  ): Promise<{ refused: EventRejection[]; giveBack: () => Promise<void> }> {
    const refused: EventRejection[] = [];
    const counted: Counted[] = [];
    const { perMinute, perDay } = this.config.kioskUsageLimits;

    const minutes = new Map<number, UsageEvent[]>();
    for (const event of events) add(minutes, Math.floor(event.at / MINUTE_MS), event);
    const withinMinutes = await this.stage(this.perMinute, perMinute, kioskId, minutes, counted, (event, minute) =>
      refused.push({
        index: event.index,
        code: 'kiosk_rate_exceeded',
        message: `events[${event.index}] is past this kiosk's bound of ${perMinute} usage events in one minute (${new Date(minute * MINUTE_MS).toISOString()}); not counted`,
      }),
    );

    // A city day is made of whole minutes, so each minute's events share a day, found once.
    const days = new Map<string, UsageEvent[]>();
    for (const minute of [...withinMinutes.keys()].sort((a, b) => a - b)) {
      const day = this.cityDay(minute * MINUTE_MS);
      for (const event of withinMinutes.get(minute) as UsageEvent[]) add(days, day, event);
    }
    await this.stage(this.perDay, perDay, kioskId, days, counted, (event, day) =>
      refused.push({
        index: event.index,
        code: 'kiosk_daily_limit_exceeded',
        message: `events[${event.index}] is past this kiosk's bound of ${perDay} usage events on ${day}; not counted`,
      }),
    );

    return {
      refused: refused.sort((a, b) => a.index - b.index),
      giveBack: async () => {
        await Promise.all(counted.map(({ limiter, key, points }) => limiter.reward(key, points)));
      },
    };
  }

  /**
   * Adds each group to its count in one round trip (the commands go out together) and returns
   * the events within the bound, by group; the others are handed to `refuse`.
   */
  private async stage<K extends string | number>(
    limiter: RateLimiterRedis,
    limit: number,
    kioskId: string,
    groups: Map<K, UsageEvent[]>,
    counted: Counted[],
    refuse: (event: UsageEvent, group: K) => void,
  ): Promise<Map<K, UsageEvent[]>> {
    const within = new Map<K, UsageEvent[]>();
    await Promise.all(
      [...groups].map(async ([group, events]) => {
        const key = `${kioskId}:${group}`;
        const total = await consume(limiter, key, events.length);
        counted.push({ limiter, key, points: events.length });
        // The count includes this group: what was there before it leaves this much room.
        const room = Math.max(0, Math.min(events.length, limit - (total - events.length)));
        if (room > 0) within.set(group, events.slice(0, room));
        for (const event of events.slice(room)) refuse(event, group);
      }),
    );
    return within;
  }

  /** The city day of an instant; days are worked out once each (it is costly) and kept. */
  private cityDay(at: number): string {
    const known = this.days.find((day) => at >= day.start && at < day.end);
    if (known) return known.day;
    if (this.days.length >= 64) this.days.shift();
    const day = { start: cityDayStart(at).getTime(), end: nextCityDayStart(at).getTime(), day: cityDay(at) };
    this.days.push(day);
    return day.day;
  }
}

function add<K>(groups: Map<K, UsageEvent[]>, key: K, event: UsageEvent): void {
  const group = groups.get(key);
  if (group) group.push(event);
  else groups.set(key, [event]);
}

/** Adds points to a key's count and returns the count, this addition included. */
async function consume(limiter: RateLimiterRedis, key: string, points: number): Promise<number> {
  try {
    return (await limiter.consume(key, points)).consumedPoints;
  } catch (result) {
    if (result instanceof RateLimiterRes) return result.consumedPoints;
    throw result;
  }
}
