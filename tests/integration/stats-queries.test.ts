import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import {
  cityDayStart,
  cityMonthStart,
  nextCityDayStart,
  nextCityMonthStart,
  nextCityWeekStart,
} from '@kiosk-pulse/contract/time';
import { CONTINUOUS_AGGREGATES, refreshAggregates } from '@kiosk-pulse/database';
import { AnalyticsRepository } from '../../apps/api/src/stats/analytics.repository';
import { StatsRepository } from '../../apps/api/src/stats/stats.repository';
import { resetDatabase, testPool } from '../support/services';

/*
 * The dashboard's queries against the embedded TimescaleDB, over known events three city days
 * back: each view's numbers exactly, and the same numbers whichever tier answers (whole days,
 * whole hours, or raw events for a range cut mid-hour).
 */
describe('stats queries', () => {
  const HOUR = 3_600_000;
  const A = '26740';
  const B = '26743';
  const [KA1, KA2, KB] = [randomUUID(), randomUUID(), randomUUID()];
  const D0 = cityDayStart(Date.now() - 3 * 24 * HOUR).getTime();
  const D3 = nextCityDayStart(nextCityDayStart(nextCityDayStart(D0))).getTime();
  const at = (day: number, hours: number) => new Date(D0 + day * 24 * HOUR + hours * HOUR);
  let pool: Pool;
  let stats: StatsRepository;
  let analytics: AnalyticsRepository;

  type Event = [Date, string, string, string, string | null, string | null, number | null];
  const insert = async (events: Event[]) => {
    for (const [time, kiosk, ward, type, ageGroup, guide, durationMs] of events) {
      await pool.query(
        `INSERT INTO events (id, occurred_at, received_at, kiosk_id, ward_code, type, age_group, guide, duration_ms, level)
         VALUES ($1, $2, $2, $3, $4, $5::event_type, $6, $7, $8, CASE WHEN $5::event_type = 'account_registered' THEN 1 END)`,
        [randomUUID(), time, kiosk, ward, type, ageGroup, guide, durationMs],
      );
    }
  };
  const times = (count: number, event: Event): Event[] => Array.from({ length: count }, () => event);

  beforeAll(async () => {
    pool = testPool();
    await resetDatabase(pool);
    stats = new StatsRepository(pool);
    analytics = new AnalyticsRepository(pool);
    await insert([
      // Day 0, 00:30 and 23:30 city time (17:30 and 16:30 UTC: the UTC day differs from the city's).
      ...times(3, [at(0, 0.5), KA1, A, 'visit_started', '60_64', null, null]),
      ...times(2, [at(0, 0.5), KA2, A, 'visit_started', '16_30', null, null]),
      [at(0, 23.5), KB, B, 'visit_started', '75_plus', null, null],
      // Day 1, 10:15 and 10:45.
      ...times(2, [at(1, 10.25), KA1, A, 'guide_started', '60_64', 'vneid', null]),
      [at(1, 10.25), KA1, A, 'guide_completed', '60_64', 'vneid', 120_000],
      [at(1, 10.25), KA1, A, 'guide_abandoned', '60_64', 'vneid', 30_000],
      [at(1, 10.25), KA1, A, 'account_registered', '60_64', null, null],
      [at(1, 10.75), KB, B, 'visit_started', 'unknown', null, null],
      // Day 2, 07:20.
      ...times(3, [at(2, 7.33), KB, B, 'guide_started', '31_44', 'scam_awareness', null]),
      ...times(3, [at(2, 7.33), KB, B, 'guide_completed', '31_44', 'scam_awareness', 600_000]),
    ]);
    await refreshAggregates(pool);
  });

  afterAll(async () => {
    await pool.end();
  });

  // The same three days as whole days, as whole hours (from an hour before), and cut mid-hour.
  const ranges = () => [
    { name: 'daily', from: new Date(D0), to: new Date(D3) },
    { name: 'hourly', from: new Date(D0 - HOUR), to: new Date(D3) },
    { name: 'raw', from: new Date(D0 - HOUR / 4), to: new Date(D3 + HOUR / 4) },
  ];

  it('sums the headline figures the same from every tier', async () => {
    for (const { from, to } of ranges()) {
      expect(await stats.figures(from, to, undefined)).toEqual({
        peopleReached: 7,
        guidesCompleted: 4,
        accountsRegistered: 1,
        byAgeGroup: {
          under_14: 0,
          '14_15': 0,
          '16_30': 2,
          '31_44': 0,
          '45_59': 0,
          '60_64': 3,
          '65_74': 0,
          '75_plus': 1,
          unknown: 1,
        },
        byGuide: { vneid: 1, public_services: 0, procedure_lookup: 0, scam_awareness: 3, other: 0 },
      });
      expect(await stats.figures(from, to, B)).toMatchObject({
        peopleReached: 2,
        guidesCompleted: 3,
        accountsRegistered: 0,
      });
    }
  });

  it('ranks every ward with its three counts (the 60+ count is from the published age split)', async () => {
    for (const { from, to } of ranges()) {
      const wards = await stats.wards(from, to);
      expect(wards).toHaveLength(168);
      const pick = (code: string) => {
        const { wardCode, peopleReached, guidesCompleted, accountsRegistered } = wards.find(
          (ward) => ward.wardCode === code,
        )!;
        return { wardCode, peopleReached, guidesCompleted, accountsRegistered };
      };
      expect(pick(A)).toEqual({
        wardCode: A,
        peopleReached: 5,
        guidesCompleted: 1,
        accountsRegistered: 1,
      });
      expect(pick(B)).toEqual({
        wardCode: B,
        peopleReached: 2,
        guidesCompleted: 3,
        accountsRegistered: 0,
      });
      expect(wards.filter((ward) => ward.peopleReached + ward.guidesCompleted > 0)).toHaveLength(2);
    }
  });

  it('draws the trend per city day and per hour', async () => {
    const days = await stats.timeseries('peopleReached', 'day', new Date(D0), new Date(D3), undefined);
    expect(days.points.map((point) => point.value)).toEqual([6, 1, 0]);
    const hours = await stats.timeseries('peopleReached', 'hour', at(1, 0), nextCityDayStart(at(1, 0)), B);
    expect(hours.points).toHaveLength(24);
    expect(hours.points.filter((point) => point.value > 0)).toEqual([{ t: at(1, 10).toISOString(), value: 1 }]);
  });

  it('leaves out the buckets that start after now, and marks the one that holds now as partial', async () => {
    // "Now" is 10:30 on day 1, city time; ward B had one visit at 10:45.
    const day1 = at(1, 0);
    const hours = await stats.timeseries('peopleReached', 'hour', day1, nextCityDayStart(day1), B, at(1, 10.5));
    expect(hours.to).toEqual(nextCityDayStart(day1));
    expect(hours.points.map((point) => point.t)).toEqual(
      Array.from({ length: 11 }, (_, hour) => at(1, hour).toISOString()),
    );
    expect(hours.points.at(-1)).toEqual({ t: at(1, 10).toISOString(), value: 1, partial: true });
    expect(hours.points.filter((point) => 'partial' in point)).toHaveLength(1);
    // At the very start of an hour, that hour is the open one.
    expect((await stats.timeseries('peopleReached', 'hour', day1, at(2, 0), B, at(1, 3))).points.at(-1)).toEqual({
      t: at(1, 3).toISOString(),
      value: 0,
      partial: true,
    });
    const days = await stats.timeseries('peopleReached', 'day', new Date(D0), new Date(D3), undefined, at(1, 10.5));
    expect(days.points).toEqual([
      { t: new Date(D0).toISOString(), value: 6 },
      { t: day1.toISOString(), value: 1, partial: true },
    ]);
    // A range still to come has no points; one wholly past has no partial one.
    expect(
      (await stats.timeseries('peopleReached', 'day', at(2, 0), new Date(D3), undefined, at(1, 10.5))).points,
    ).toEqual([]);
    expect((await stats.timeseries('peopleReached', 'day', new Date(D0), new Date(D3), undefined)).points).toHaveLength(
      3,
    );
  });

  it('fills the heat map by weekday and hour, city time', async () => {
    const cells = await analytics.heatmap('peopleReached', new Date(D0), new Date(D3), undefined);
    const weekday = (time: Date) => ((new Date(time.getTime() + 7 * HOUR).getUTCDay() + 6) % 7) + 1;
    expect(cells.filter((cell) => cell.value > 0)).toEqual(
      [
        { weekday: weekday(at(0, 0)), hour: 0, value: 5 },
        { weekday: weekday(at(0, 0)), hour: 23, value: 1 },
        { weekday: weekday(at(1, 0)), hour: 10, value: 1 },
      ].sort((a, b) => a.weekday - b.weekday || a.hour - b.hour),
    );
  });

  it('gives each kiosk its own figures from whole days and from whole hours', async () => {
    for (const { from, to } of ranges().slice(0, 2)) {
      const kiosks = await analytics.kioskFigures(from, to, undefined);
      expect(kiosks.size).toBe(3);
      expect(kiosks.get(KA1)).toMatchObject({ peopleReached: 3, guidesCompleted: 1, accountsRegistered: 1 });
      expect(kiosks.get(KA2)).toMatchObject({ peopleReached: 2, guidesCompleted: 0 });
      expect(kiosks.get(KB)).toMatchObject({ peopleReached: 2, guidesCompleted: 3, byGuide: { scam_awareness: 3 } });
      expect([...(await analytics.kioskFigures(from, to, B)).keys()]).toEqual([KB]);
    }
  });

  it('answers the funnel again after the app reconnects to the embedded database', async () => {
    // The embedded database keeps one session for every connection it serves in turn, so
    // anything a connection leaves in the session (a named prepared statement) meets the next.
    const first = await analytics.funnel(new Date(D0), new Date(D3), undefined);
    await pool.end();
    pool = testPool();
    stats = new StatsRepository(pool);
    analytics = new AnalyticsRepository(pool);
    expect(await analytics.funnel(new Date(D0), new Date(D3), undefined)).toEqual(first);
  });

  it('follows each guide by age group, with durations read from the histogram', async () => {
    const within = (ms: number | null, exact: number) => Math.abs((ms as number) - exact) / exact < 2 ** (1 / 8) - 1;
    const funnel = await analytics.funnel(new Date(D0 + HOUR), new Date(D3 - HOUR), undefined);
    expect(funnel.from).toEqual(new Date(D0));
    expect(funnel.to).toEqual(new Date(D3));
    const vneid = funnel.guides.find((guide) => guide.guide === 'vneid')!;
    expect(vneid).toMatchObject({ started: 2, completed: 1, abandoned: 1, completionRate: 0.5 });
    expect(vneid.byAgeGroup['60_64']).toMatchObject({ started: 2, completed: 1, abandoned: 1, completionRate: 0.5 });
    expect(within(vneid.medianDurationMs, 120_000) && within(vneid.byAgeGroup['60_64'].p90DurationMs, 120_000)).toBe(
      true,
    );
    expect(vneid.byAgeGroup['31_44']).toEqual({
      started: 0,
      completed: 0,
      abandoned: 0,
      completionRate: null,
      medianDurationMs: null,
      p90DurationMs: null,
    });
    const wardB = await analytics.funnel(new Date(D0), new Date(D3), B);
    const scam = wardB.guides.find((guide) => guide.guide === 'scam_awareness')!;
    expect(scam).toMatchObject({ started: 3, completed: 3, completionRate: 1 });
    expect(within(scam.byAgeGroup['31_44'].medianDurationMs, 600_000)).toBe(true);
    expect(wardB.guides.find((guide) => guide.guide === 'vneid')).toMatchObject({ started: 0, completed: 0 });
  });

  it('reads whole months and weeks from their tiers once they are materialized, and agrees with the days', async () => {
    // From nothing: the earlier tests' events, from the last few days, are materialized in the
    // week tier once their week has closed (on a Monday, say), which moves its watermark past this
    // test's weeks before their events are in (a backfill the per-kiosk tiers do not see until the
    // next refresh; the app's refresher covers the last 33 days).
    await resetDatabase(pool);
    // Forty-five days back lies in a month that has closed; the fourteen days before it hold a whole week.
    const old = new Date(D0 - 45 * 24 * HOUR);
    const month = { from: cityMonthStart(old), to: nextCityMonthStart(old) };
    const range = {
      from: new Date(month.from.getTime() - 10 * 24 * HOUR),
      to: new Date(month.to.getTime() + 24 * HOUR),
    };
    const week = nextCityWeekStart(range.from);
    const kiosk = randomUUID();
    await insert([
      [new Date(range.from.getTime() + 2 * HOUR), kiosk, A, 'guide_completed', '75_plus', 'public_services', 300_000],
      [new Date(week.getTime() + 26 * HOUR), kiosk, A, 'guide_completed', '75_plus', 'public_services', 300_000],
      [new Date(month.from.getTime() + 2 * HOUR), kiosk, A, 'guide_completed', '75_plus', 'public_services', 300_000],
      [new Date(month.to.getTime() - 2 * HOUR), kiosk, A, 'guide_completed', '75_plus', 'public_services', 300_000],
      [new Date(month.to.getTime() + 2 * HOUR), kiosk, A, 'guide_completed', '75_plus', 'public_services', 900_000],
    ]);
    const publicServices = async (from: Date, to: Date, wardCode?: string) =>
      (await analytics.funnel(from, to, wardCode)).guides.find((guide) => guide.guide === 'public_services')!
        .byAgeGroup['75_plus'];
    const read = async () => ({
      city: await publicServices(range.from, range.to),
      ward: await publicServices(range.from, range.to, A),
      inMonth: await publicServices(month.from, month.to),
      kiosk: (await analytics.kioskFigures(range.from, range.to, undefined)).get(kiosk)?.byGuide.public_services,
    });
    // This test's rows materialized in the week and month tiers: not the other tests' (from the
    // last few days, materialized already when their week or month has closed), and not their
    // views' rows, since a real-time view with nothing materialized yet (its watermark at
    // -infinity, as when all other events are in the open month) shows every bucket computed from
    // the tier below.
    const coarseRows = async () => {
      let rows = 0;
      for (const view of [
        'city_monthly_durations',
        'city_weekly_durations',
        'kiosk_monthly_figures',
        'kiosk_weekly_figures',
      ]) {
        const { rows: found } = await pool.query(
          `SELECT format('%I.%I', h.schema_name, h.table_name) AS name FROM _timescaledb_catalog.continuous_agg a
           JOIN _timescaledb_catalog.hypertable h ON h.id = a.mat_hypertable_id WHERE a.user_view_name = $1`,
          [view],
        );
        // The name comes from the catalog, not from input.
        const { rows: counted } = await pool.query(`SELECT count(*) AS n FROM ${found[0].name} WHERE bucket < $1`, [
          range.to,
        ]);
        rows += Number(counted[0].n);
      }
      return rows;
    };

    // The days are materialized, the weeks and months not yet: all is read from the daily tiers.
    for (const { view, bucket } of CONTINUOUS_AGGREGATES) {
      if (bucket === 'week' || bucket === 'month') continue;
      await pool.query(
        `CALL refresh_continuous_aggregate($1::regclass, NULL, date_trunc($2, now(), 'Asia/Ho_Chi_Minh'))`,
        [view, bucket],
      );
    }
    expect(Number(await coarseRows())).toBe(0);
    const fromDays = await read();
    expect(fromDays.city.completed).toBe(5);
    expect(fromDays.city).toEqual(fromDays.ward);
    expect(fromDays.kiosk).toBe(5);
    // Only the month: the first two and the last are out.
    expect(fromDays.inMonth.completed).toBe(2);
    expect(Math.abs((fromDays.inMonth.medianDurationMs as number) - 300_000) / 300_000).toBeLessThan(2 ** (1 / 8) - 1);

    // Now the month and the week come from their own tiers, with the same result.
    await refreshAggregates(pool);
    expect(Number(await coarseRows())).toBeGreaterThan(0);
    expect(await read()).toEqual(fromDays);
  });

  it('shows an event of the open minute at once, through every tier, before any refresh', async () => {
    const today = { from: cityDayStart(Date.now()), to: nextCityDayStart(Date.now()) };
    const before = await stats.figures(today.from, today.to, A);
    await insert([[new Date(), KA1, A, 'visit_started', '45_59', null, null]]);
    const after = await stats.figures(today.from, today.to, A);
    expect(after.peopleReached).toBe(before.peopleReached + 1);
    expect(after.byAgeGroup['45_59']).toBe(before.byAgeGroup['45_59'] + 1);
    const wards = await stats.wards(today.from, today.to);
    expect(wards.find((ward) => ward.wardCode === A)?.peopleReached).toBe(after.peopleReached);
  });

  it("keeps a late guide's steps and durations together in the funnel, whichever aggregate catches up first", async () => {
    const within = (ms: number | null, exact: number) => Math.abs((ms as number) - exact) / exact < 2 ** (1 / 8) - 1;
    const other = async (wardCode?: string) =>
      (await analytics.funnel(new Date(D0), new Date(D3), wardCode)).guides.find((guide) => guide.guide === 'other')!;
    // Up to the open bucket, as the worker's refresher does, one aggregate at a time.
    const refreshOnly = async (chosen: (view: string) => boolean) => {
      for (const { view, bucket } of CONTINUOUS_AGGREGATES) {
        if (!chosen(view)) continue;
        await pool.query(
          `CALL refresh_continuous_aggregate($1::regclass, NULL, date_trunc($2, now(), 'Asia/Ho_Chi_Minh'))`,
          [view, bucket],
        );
      }
    };
    const durations = (view: string) => view.includes('durations');
    // Every aggregate has materialized day 1: events arriving for it now are late.
    await refreshAggregates(pool);

    // A kiosk back online sends a guide of day 1; the steps' aggregates take it in first.
    await insert([
      [at(1, 15), KA1, A, 'guide_started', '45_59', 'other', null],
      [at(1, 15.2), KA1, A, 'guide_completed', '45_59', 'other', 50_000],
    ]);
    await refreshOnly((view) => !durations(view));
    for (const wardCode of [undefined, A]) {
      const funnel = await other(wardCode);
      expect(funnel).toMatchObject({ started: 1, completed: 1, completionRate: 1 });
      expect(within(funnel.medianDurationMs, 50_000) && within(funnel.p90DurationMs, 50_000)).toBe(true);
    }

    // Another, whose durations are taken in before its steps.
    await insert([
      [at(1, 16), KA1, A, 'guide_started', '45_59', 'other', null],
      [at(1, 16.5), KA1, A, 'guide_completed', '45_59', 'other', 3_000_000],
    ]);
    await refreshOnly(durations);
    const caughtUp = [];
    for (const wardCode of [undefined, A]) {
      const funnel = await other(wardCode);
      expect(funnel).toMatchObject({ started: 2, completed: 2 });
      expect(within(funnel.medianDurationMs, 50_000) && within(funnel.p90DurationMs, 3_000_000)).toBe(true);
      caughtUp.push(funnel);
    }

    // Once every aggregate has caught up, they alone give the same answer.
    await refreshAggregates(pool);
    expect([await other(), await other(A)]).toEqual(caughtUp);
  });
});
