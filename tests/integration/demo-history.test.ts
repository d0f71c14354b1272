import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { addCityDays, cityDay } from '@kiosk-pulse/contract';
import { cityDayToInstant } from '@kiosk-pulse/contract/time';
import { seedHistory, type HistoryKiosk } from '@kiosk-pulse/demo';
import { demoKioskDays } from '../../apps/api/src/demo/history';
import { resetDatabase, testPool } from '../support/services';

const HOUR = 3_600_000;
const TAN_SON_HOA = '26977';

/*
 * The demo's history (npm start -- --demo): weeks of visits written straight into the events
 * table, shaped like a city's: opening hours, quieter communes, crowds on a kiosk day.
 */
describe('the demo history', () => {
  let pool: Pool;
  const now = Date.now();
  const wardKiosks: HistoryKiosk[] = Array.from({ length: 5 }, () => ({
    id: randomUUID(),
    wardCode: TAN_SON_HOA,
    wardName: 'Phường Tân Sơn Hòa',
  }));
  const communeKiosks: HistoryKiosk[] = Array.from({ length: 5 }, () => ({
    id: randomUUID(),
    wardCode: '27637',
    wardName: 'Xã Bình Chánh',
  }));
  const kioskDays = demoKioskDays([TAN_SON_HOA, '27637'], now);
  let written: { visits: number; events: number };

  beforeAll(async () => {
    pool = testPool();
    await resetDatabase(pool);
    written = await seedHistory(pool, [...wardKiosks, ...communeKiosks], { days: 28, kioskDays, now });
  });
  afterAll(async () => {
    await pool?.end();
  });

  const visitsBy = async (grouping: string) =>
    (
      await pool.query<{ key: string; visits: number }>(
        `SELECT ${grouping} AS key, count(*)::int AS visits FROM events WHERE type = 'visit_started' GROUP BY 1`,
      )
    ).rows;

  it('writes every event of each visit, on the 28 days before today, none today', async () => {
    const { rows } = await pool.query<{ n: number; first: Date; last: Date; visits: number }>(
      `SELECT count(*)::int AS n, min(occurred_at) AS first, max(occurred_at) AS last,
              count(*) FILTER (WHERE type = 'visit_started')::int AS visits FROM events`,
    );
    expect(rows[0]).toMatchObject({ n: written.events, visits: written.visits });
    expect(written.events).toBeGreaterThan(written.visits);
    expect(rows[0].first.getTime()).toBeGreaterThanOrEqual(cityDayToInstant(cityDay(now, -28)).getTime());
    // A visit's last guide may end after 18:00, never on the next day.
    expect(rows[0].last.getTime()).toBeLessThan(cityDayToInstant(cityDay(now)).getTime());
    const days = await visitsBy(`to_char(occurred_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')`);
    expect(days.length).toBeGreaterThanOrEqual(27);
  });

  it('starts visits in opening hours, city time', async () => {
    const hours = (await visitsBy(`extract(hour FROM occurred_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::int::text`)).map(
      (row) => Number(row.key),
    );
    expect(Math.min(...hours)).toBeGreaterThanOrEqual(7);
    expect(Math.max(...hours)).toBeLessThanOrEqual(17);
  });

  it('is quieter in a commune, and crowded on a ward’s kiosk day', async () => {
    const byWard = Object.fromEntries((await visitsBy('ward_code')).map((row) => [row.key, row.visits]));
    expect(byWard[TAN_SON_HOA]).toBeGreaterThan(byWard['27637']);

    const kioskDay = kioskDays.find((each) => each.wardCode === TAN_SON_HOA)?.day as string;
    const sundays = [1, 2, 3]
      .map((weeks) => addCityDays(kioskDay, -7 * weeks))
      .filter((day) => day > cityDay(now, -29));
    const { rows } = await pool.query<{ day: string; visits: number }>(
      `SELECT to_char(occurred_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') AS day, count(*)::int AS visits
         FROM events WHERE type = 'visit_started' AND ward_code = $1 GROUP BY 1`,
      [TAN_SON_HOA],
    );
    const perDay = Object.fromEntries(rows.map((row) => [row.day, row.visits]));
    const ordinary = sundays.reduce((sum, day) => sum + (perDay[day] ?? 0), 0) / sundays.length;
    expect(perDay[kioskDay]).toBeGreaterThan(1.5 * ordinary);
    expect(new Date(cityDayToInstant(kioskDay).getTime() + 12 * HOUR).getUTCDay()).toBe(0);
  });
});
