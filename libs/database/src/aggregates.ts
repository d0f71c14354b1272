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
 * For each bucket width: where a refresh starts (the bucket holding $1, or `now() - $2`, or
 * all of history when both are NULL) and where it stops. It stops at the start of the bucket
 * that was open a minute ago, never inside the open bucket (rows still arriving for a
 * materialized bucket would not show), and a minute behind the clock, as the minute tier's
 * policy does (end_offset). Events up to a minute late, which a batch straddling a minute or a
 * queue that backs up always brings, then land above the watermark and show through real-time
 * aggregation with no refresh at all. Refreshing up to the open minute instead rebuilt the last
 * closed minute from its raw rows about once a second under load, which cost the database more
 * than storing the events (issue 18). Days and coarser are city days; the database's clock
 * decides which bucket is open.
 */
const REFRESH_WINDOWS = `
  SELECT bucket,
         date_trunc(bucket, coalesce($1::timestamptz, now() - $2::interval), 'Asia/Ho_Chi_Minh') AS start,
         date_trunc(bucket, now() - make_interval(secs => $4::int / 1000.0), 'Asia/Ho_Chi_Minh') AS end
  FROM unnest($3::text[]) AS bucket`;

const REFRESH = `CALL refresh_continuous_aggregate($1::regclass, $2::timestamptz, $3::timestamptz)`;

/** How long after its bucket closes an event still shows without a refresh (REFRESH_WINDOWS). */
export const MATERIALIZATION_LAG_MS = 60_000;

/**
 * Brings every continuous aggregate up to date, lowest tier first: from `since` (a time; or a
 * Postgres interval back from now; all of history without either) up to the buckets that closed
 * a minute ago. An aggregate whose window is empty (`since` falls in the bucket it still reads
 * in real time) is not called at all. TimescaleDB recomputes only the buckets that changed.
 *
 * A real TimescaleDB may be running a refresh policy on the same aggregate; it then refuses a
 * second refresh, and this one waits for it rather than leave rows unseen.
 */
export async function refreshAggregates(pool: Pool, since?: Date | string): Promise<void> {
  const buckets = [...new Set(CONTINUOUS_AGGREGATES.map(({ bucket }) => bucket))];
  const { rows } = await pool.query<{ bucket: string; start: Date | null; end: Date }>(REFRESH_WINDOWS, [
    since instanceof Date ? since : null,
    typeof since === 'string' ? since : null,
    buckets,
    MATERIALIZATION_LAG_MS,
  ]);
  const windows = new Map(rows.map((row) => [row.bucket, row]));
  for (const { view, bucket } of CONTINUOUS_AGGREGATES) {
    const { start, end } = windows.get(bucket)!;
    if (start !== null && start >= end) continue;
    for (let attempt = 1; ; attempt++) {
      try {
        await pool.query(REFRESH, [view, start, end]);
        break;
      } catch (error) {
        if (attempt >= CONCURRENT_REFRESH_ATTEMPTS || !/concurrent refresh/.test((error as Error).message)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }
}
