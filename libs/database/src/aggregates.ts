import type { Pool } from 'pg';

/**
 * The continuous aggregates of the migrations, each after the ones it is computed from, with
 * the width of its buckets.
 */
export const CONTINUOUS_AGGREGATES = [
  { view: 'events_minutely', bucket: 'minute' },
  { view: 'events_hourly', bucket: 'hour' },
  { view: 'ward_hourly_figures', bucket: 'hour' },
  { view: 'city_hourly_figures', bucket: 'hour' },
  { view: 'kiosk_hourly_figures', bucket: 'hour' },
  { view: 'city_hourly_guides', bucket: 'hour' },
  { view: 'city_hourly_durations', bucket: 'hour' },
  { view: 'ward_hourly_outcomes', bucket: 'hour' },
  { view: 'ward_hourly_ratings', bucket: 'hour' },
  { view: 'events_daily', bucket: 'day' },
  { view: 'ward_daily_figures', bucket: 'day' },
  { view: 'kiosk_daily_figures', bucket: 'day' },
  { view: 'ward_daily_guides', bucket: 'day' },
  { view: 'city_daily_guides', bucket: 'day' },
  { view: 'ward_daily_durations', bucket: 'day' },
  { view: 'city_daily_durations', bucket: 'day' },
  { view: 'ward_daily_outcomes', bucket: 'day' },
  { view: 'ward_daily_ratings', bucket: 'day' },
  { view: 'kiosk_daily_outcomes', bucket: 'day' },
  { view: 'city_weekly_durations', bucket: 'week' },
  { view: 'kiosk_weekly_figures', bucket: 'week' },
  { view: 'city_monthly_durations', bucket: 'month' },
  { view: 'kiosk_monthly_figures', bucket: 'month' },
] as const;

const CONCURRENT_REFRESH_ATTEMPTS = 30;

/*
 * Materializes [end of the open bucket - window, start of the open bucket), never into the open
 * bucket itself: rows still arriving for a materialized bucket would not show. Days are city
 * days, and the database's clock decides which bucket is open. A NULL window reaches back to
 * the first event.
 */
const REFRESH = `
  CALL refresh_continuous_aggregate(
    $1::regclass,
    date_trunc($2, now(), 'Asia/Ho_Chi_Minh') - $3::interval,
    date_trunc($2, now(), 'Asia/Ho_Chi_Minh'))`;

/**
 * Brings every continuous aggregate up to date over the last `window` (a Postgres interval;
 * all of history without one), lowest tier first. TimescaleDB recomputes only the buckets
 * that changed, so a wide window is cheap.
 *
 * A real TimescaleDB may be running a refresh policy on the same aggregate; it then refuses a
 * second refresh, and this one waits for it rather than leave rows unseen.
 */
export async function refreshAggregates(pool: Pool, window?: string): Promise<void> {
  for (const { view, bucket } of CONTINUOUS_AGGREGATES) {
    for (let attempt = 1; ; attempt++) {
      try {
        await pool.query(REFRESH, [view, bucket, window ?? null]);
        break;
      } catch (error) {
        if (attempt >= CONCURRENT_REFRESH_ATTEMPTS || !/concurrent refresh/.test((error as Error).message)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }
}
