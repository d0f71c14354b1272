import { randomBytes, randomUUID } from 'node:crypto';
import { loadApiConfig, type ApiConfig } from '../../apps/api/src/config/api-config';
import { KioskUsageLimits, type UsageEvent } from '../../apps/api/src/ingest/kiosk-usage-limits';
import { RedisClient } from '../../apps/api/src/redis/redis-client';
import { clearRedisPrefix, testQueuePrefix, testRedisUrl } from '../support/services';

/*
 * The kiosk bounds are counted in the real Redis, so that several api processes count together:
 * here two of them (each its own connection) take one kiosk's batches at once.
 */
describe('kiosk usage bounds across api processes', () => {
  const prefix = testQueuePrefix();
  const config: ApiConfig = {
    ...loadApiConfig({ JWT_SECRET: randomBytes(32).toString('base64url'), QUEUE_PREFIX: prefix }),
    kioskUsageLimits: { perMinute: 40, perDay: 100 },
  };
  const clients: RedisClient[] = [];
  /** An api process's bounds, once its Redis connection is up (it queues no commands before). */
  const api = async () => {
    const client = new RedisClient({ url: testRedisUrl(), cluster: false }, config);
    clients.push(client);
    if (client.redis.status !== 'ready') await new Promise((resolve) => client.redis.once('ready', resolve));
    return new KioskUsageLimits(client, config);
  };
  const minute = Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000;
  const batch = (size: number, at = minute + 1_000): UsageEvent[] =>
    Array.from({ length: size }, (_, index) => ({ index, at }));

  afterAll(async () => {
    for (const client of clients) client.beforeApplicationShutdown();
    await clearRedisPrefix(prefix);
  });

  it('lets exactly the bound through when two apis take batches for one minute at once', async () => {
    const [a, b] = [await api(), await api()];
    const kiosk = randomUUID();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).check(kiosk, batch(7))));
    const refused = results.reduce((sum, result) => sum + result.refused.length, 0);
    expect(70 - refused).toBe(40);
    for (const result of results) {
      // Within a batch, the later events are the ones refused.
      const indexes = result.refused.map((rejection) => rejection.index);
      expect(indexes).toEqual(
        indexes.length ? Array.from({ length: indexes.length }, (_, i) => 7 - indexes.length + i) : [],
      );
    }
  });

  it('gives the events of a batch that could not be queued back, so a retry is counted once', async () => {
    const limits = await api();
    const kiosk = randomUUID();
    const first = await limits.check(kiosk, batch(30));
    expect(first.refused).toEqual([]);
    await first.giveBack();
    // Sent again after a 503: still within the bound.
    expect((await limits.check(kiosk, batch(30))).refused).toEqual([]);
    expect((await limits.check(kiosk, batch(30))).refused).toHaveLength(20);
  });

  it('counts a city day across its minutes, and each day on its own', async () => {
    const limits = await api();
    const kiosk = randomUUID();
    const spread = (start: number): UsageEvent[] =>
      Array.from({ length: 60 }, (_, index) => ({ index, at: start + index * 60_000 }));
    const dayStart = Date.parse('2026-11-23T00:00:00+07:00');
    const first = await limits.check(kiosk, spread(dayStart + 8 * 3_600_000));
    expect(first.refused).toEqual([]);
    const second = await limits.check(kiosk, spread(dayStart + 14 * 3_600_000));
    expect(second.refused.map((rejection) => rejection.index)).toEqual(Array.from({ length: 20 }, (_, i) => 40 + i));
    expect(second.refused[0]).toEqual({
      index: 40,
      code: 'kiosk_daily_limit_exceeded',
      message: "events[40] is past this kiosk's bound of 100 usage events on 2026-11-23; not counted",
    });
    // 23:30 on the 23rd is still that day; 00:30 on the 24th is the next.
    expect((await limits.check(kiosk, [{ index: 0, at: dayStart + 23.5 * 3_600_000 }])).refused).toHaveLength(1);
    expect((await limits.check(kiosk, [{ index: 0, at: dayStart + 24.5 * 3_600_000 }])).refused).toEqual([]);
  });
});
