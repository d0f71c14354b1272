import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { cityDayStart, nextCityDayStart } from '@kiosk-pulse/contract/time';
import { refreshAggregates } from '@kiosk-pulse/database';
import { LiveCountsRepository } from '../../apps/api/src/live/live-counts.repository';
import { StatsRepository } from '../../apps/api/src/stats/stats.repository';
import { resetDatabase, testPool } from '../support/services';

/*
 * The live counts' one statement reads today from the hourly tiers (the city's figures from
 * city_hourly_figures); the stats API reads a whole day from the daily tiers. Both must give the
 * same counts, for the city and for each ward, for events already materialized and for those
 * only the real-time branches see.
 */
describe('the live counts of today', () => {
  const A = '26740';
  const B = '26743';
  const KIOSK = randomUUID();
  let pool: Pool;

  // One instant for the whole test, so that every event is in its city day whatever the time of day:
  // `minutesAgo` before it, but not before that day began.
  const now = Date.now();
  const today = (minutesAgo: number) => new Date(Math.max(cityDayStart(now).getTime(), now - minutesAgo * 60_000));
  const insert = async (at: Date, ward: string, type: string, fields: { guide?: string; outcome?: string } = {}) => {
    await pool.query(
      `INSERT INTO events (id, occurred_at, received_at, kiosk_id, ward_code, type, age_group, guide, level, outcome)
       VALUES ($1, $2, $2, $3, $4, $5::event_type, '60_64', $6, CASE WHEN $5::event_type = 'account_registered' THEN 1 END, $7)`,
      [randomUUID(), at, KIOSK, ward, type, fields.guide ?? null, fields.outcome ?? null],
    );
  };

  beforeAll(async () => {
    pool = testPool();
    await resetDatabase(pool);
  });
  afterAll(async () => {
    await resetDatabase(pool);
    await pool.end();
  });

  it('answers as the stats API does for the whole day, before and after the aggregates are refreshed', async () => {
    const live = new LiveCountsRepository(pool);
    const stats = new StatsRepository(pool);
    const [from, to] = [cityDayStart(now), nextCityDayStart(now)];
    const both = async (wardCode: string | undefined) => {
      const [figures, byOutcome] = [await stats.figures(from, to, wardCode), await stats.outcomes(from, to, wardCode)];
      const { guidesCompleted, accountsRegistered, peopleReached, byGuide } = figures;
      return {
        live: await live.dayCounts(from, to, wardCode),
        stats: { guidesCompleted, accountsRegistered, peopleReached, byGuide, byOutcome },
      };
    };

    const visitsAt = async (at: Date) => {
      await insert(at, A, 'visit_started');
      await insert(at, A, 'guide_completed', { guide: 'vneid' });
      await insert(at, A, 'outcome_recorded', { outcome: 'vneid_level2_activated' });
      await insert(at, B, 'visit_started');
      await insert(at, B, 'account_registered');
      await insert(at, B, 'outcome_recorded', { outcome: 'bdhvs_certified' });
    };
    // Earlier hours materialized, as the app's refresh after a write leaves them: rows added to an
    // hour that an earlier refresh materialized would show only after the next one (whichever
    // file ran on this database before), so the test does not leave that to chance.
    for (const minutesAgo of [300, 120]) await visitsAt(today(minutesAgo));
    await refreshAggregates(pool);
    // And the open hour, which only the real-time branches hold.
    await visitsAt(new Date(Math.max(cityDayStart(now).getTime(), Date.now())));
    const city = await both(undefined);
    expect(city.live).toEqual(city.stats);
    expect(city.live).toMatchObject({
      peopleReached: 6,
      guidesCompleted: 3,
      accountsRegistered: 3,
      byOutcome: { vneid_level2_activated: 3, bdhvs_certified: 3, smart_device_set_up: 0 },
    });

    // Materialized as the refresh policies would, then one more event only the real-time branches hold.
    await refreshAggregates(pool);
    await insert(today(0), B, 'outcome_recorded', { outcome: 'bdhvs_certified' });
    for (const wardCode of [undefined, A, B]) {
      const read = await both(wardCode);
      expect(read.live).toEqual(read.stats);
    }
    expect((await live.dayCounts(from, to, B)).byOutcome.bdhvs_certified).toBe(4);
    expect((await live.dayCounts(from, to, A)).byGuide.vneid).toBe(3);
  });

  it('counts an event of the minute that just closed at once, though a refresh ran after that minute closed', async () => {
    const live = new LiveCountsRepository(pool);
    // Within a few seconds after a minute turns, so that the minute before has just closed; the
    // worker's refresher or the policy may run at any moment after that.
    const untilNextMinute = 60_000 - (Date.now() % 60_000);
    if (untilNextMinute < 55_000) await new Promise((resolve) => setTimeout(resolve, untilNextMinute + 500));
    const justClosed = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 10_000);
    const [from, to] = [cityDayStart(justClosed), nextCityDayStart(justClosed)];
    await refreshAggregates(pool);
    const before = await live.dayCounts(from, to, A);
    // A batch that straddled the minute, or a queue a few seconds behind: a minute late at most.
    await insert(justClosed, A, 'visit_started');
    expect((await live.dayCounts(from, to, A)).peopleReached).toBe(before.peopleReached + 1);
  }, 70_000);
});
