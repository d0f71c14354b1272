import { randomUUID } from 'node:crypto';
import { AgeSplitPublisher } from '../../apps/api/src/privacy/age-split-publisher';
import { ageSplitConfig, ageSplitService, useEmptyDatabase } from '../support/age-splits';

const SAI_GON = '26740';
const KIOSK = '0190a000-0000-7000-8000-000000000001';

/** Wednesday 10:00 in the city, `weeksAgo` weeks before the week of `now`. */
const wednesday = (now: Date, weeksAgo: number): Date => {
  const cityNow = new Date(now.getTime() + 7 * 3_600_000);
  const sinceMonday = (cityNow.getUTCDay() + 6) % 7;
  const monday = Date.UTC(cityNow.getUTCFullYear(), cityNow.getUTCMonth(), cityNow.getUTCDate() - sinceMonday);
  return new Date(monday - weeksAgo * 7 * 86_400_000 + 2 * 86_400_000 + 3 * 3_600_000);
};

/*
 * The publisher publishes every due period in the background (docs/privacy.md), so that a read of
 * a long range finds them published and the raw events are read once, soon after a period ends.
 */
describe('the age-split publisher', () => {
  const database = useEmptyDatabase();
  const config = ageSplitConfig('week', 6 * 3_600_000);
  const rules = [`${config.smallCountThreshold}/week`, `${config.publicView.threshold}/week`];
  const now = new Date();

  const periodsOf = async (rule: string) =>
    (
      await database.pool.query<{ period: string }>(
        `SELECT to_char(period_start, 'YYYY-MM-DD') AS period FROM age_split_periods WHERE rule = $1 ORDER BY 1`,
        [rule],
      )
    ).rows.map((row) => row.period);

  const visits = async (at: Date, count: number, ageGroup: string) => {
    for (let index = 0; index < count; index++) {
      await database.pool.query(
        `INSERT INTO events (id, occurred_at, received_at, kiosk_id, ward_code, type, age_group)
         VALUES ($1, $2, $2, $3, $4, 'visit_started', $5)`,
        [randomUUID(), new Date(at.getTime() + index * 60_000), KIOSK, SAI_GON, ageGroup],
      );
    }
  };

  it('publishes each ended week under both rules at start, without a read, and nothing twice', async () => {
    // Three weeks ago, last week, and this week (not over: never published).
    await visits(wednesday(now, 3), 12, '31_44');
    await visits(wednesday(now, 1), 7, '60_64');
    await visits(wednesday(now, 0), 4, '60_64');
    const service = ageSplitService(database.pool, config);
    const publisher = new AgeSplitPublisher(service);
    publisher.onApplicationBootstrap();
    await publisher.beforeApplicationShutdown();

    // Last week ended at Monday 00:00; with a 6-hour delay it is due from 06:00 on.
    const lastWeekDue = wednesday(now, 0).getTime() - 2 * 86_400_000 - 4 * 3_600_000 <= now.getTime();
    const weekStart = (weeksAgo: number) =>
      new Date(wednesday(now, weeksAgo).getTime() - 2 * 86_400_000).toISOString().slice(0, 10);
    const expected = [3, 2, ...(lastWeekDue ? [1] : [])].map(weekStart);
    for (const rule of rules) expect(await periodsOf(rule)).toEqual(expected);
    const stored = await database.pool.query(
      'SELECT rule, period_start, ward_code, age_group, people, hidden FROM age_split_cells ORDER BY 1, 2, 4',
    );
    expect(stored.rows.filter((row) => row.people > 0).length).toBeGreaterThan(0);

    // A second round finds nothing left, and a later arrival changes no published cell.
    await visits(wednesday(now, 3), 3, '75_plus');
    expect(await service.publishDue()).toBe(0);
    const again = await database.pool.query(
      'SELECT rule, period_start, ward_code, age_group, people, hidden FROM age_split_cells ORDER BY 1, 2, 4',
    );
    expect(again.rows).toEqual(stored.rows);
  });
});
