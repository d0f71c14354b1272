import { Injectable, Logger } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import {
  AGE_GROUPS,
  GUIDES,
  type AgeGroup,
  type CountsFigures,
  type Guide,
  type GuideFunnel,
  type HeatmapCell,
  type Metric,
} from '@kiosk-pulse/contract';
import {
  cityDayStart,
  cityHourStart,
  nextCityDayStart,
  nextCityMonthStart,
  nextCityWeekStart,
} from '@kiosk-pulse/contract/time';
import { InjectPool, transaction } from '@kiosk-pulse/database';
import { calendarSpans, cityDaysTouched, inSpans, spanBounds, type Materialized } from './calendar-spans';
import { sourceFor } from './count-source';
import { addHistogram, percentile, type DurationHistogram } from './duration-histogram';
import { FIGURE_SUMS, METRIC_SQL, figuresFromColumns, figuresPer, hourlyFigures, type FigureColumns } from './figures';

const HOUR = 3_600_000;

/** [from, to) widened to whole hours, as the hourly aggregates hold them. */
function wholeHours(from: Date, to: Date): { start: Date; end: Date } {
  const last = cityHourStart(to);
  return { start: cityHourStart(from), end: last.getTime() === to.getTime() ? to : new Date(last.getTime() + HOUR) };
}

/** [from, to) widened to whole city days, as the daily aggregates hold them. */
export function wholeDays(from: Date, to: Date): { start: Date; end: Date } {
  const last = cityDayStart(to);
  return { start: cityDayStart(from), end: last.getTime() === to.getTime() ? to : nextCityDayStart(last) };
}

const heatmapSql = (metric: Metric, wardCode: string | undefined) => `
  SELECT extract(isodow FROM bucket AT TIME ZONE 'Asia/Ho_Chi_Minh')::int AS weekday,
         extract(hour FROM bucket AT TIME ZONE 'Asia/Ho_Chi_Minh')::int AS hour,
         sum(${METRIC_SQL[metric]})::bigint AS value
  FROM (${hourlyFigures(wardCode)}) AS hours
  GROUP BY 1, 2`;

/* Each kiosk's figure columns over whole hours [$1, $2), for every ward or only ward $3. */
const KIOSK_HOURLY_FIGURES = figuresPer('kiosk_id', 'kiosk_hourly_figures');

/* The same over whole days, read in calendar spans ($1-$14, see calendarSpans), for every ward or only ward $15. */
const KIOSK_DAILY_FIGURES = `
  SELECT kiosk_id, ${FIGURE_SUMS}
  FROM (SELECT * FROM kiosk_monthly_figures WHERE ${inSpans(1, 1)}
        UNION ALL
        SELECT * FROM kiosk_weekly_figures WHERE ${inSpans(3, 2)}
        UNION ALL
        SELECT * FROM kiosk_daily_figures WHERE ${inSpans(7, 4)}) AS figures
  WHERE $15::text IS NULL OR ward_code = $15
  GROUP BY kiosk_id`;

const KIOSK_TIERS_MATERIALIZED = `
  SELECT (SELECT max(bucket) FROM kiosk_monthly_figures) AS months, (SELECT max(bucket) FROM kiosk_weekly_figures) AS weeks`;

/*
 * The funnel is read in one snapshot, from two families of aggregates (guide steps, completed
 * durations) that are refreshed one view at a time. A day holding events that some view of
 * either family has not yet taken in (a late event below its watermark, see
 * pendingChangesSql) is counted from the raw events instead, steps and durations alike, so
 * the two always describe the same events. Days are excluded from the aggregates with
 * `NOT (bucket = ANY(days))` and counted from the events of `days`.
 */

/* Guide steps by guide and age group over [$1, $2) less the days $4, of the city ($3 null) or ward $3. */
const funnelCountsSql = (wardCode: string | undefined) => `
  SELECT guide, coalesce(age_group, 'unknown') AS age_group,
         sum(started)::bigint AS started, sum(completed)::bigint AS completed, sum(abandoned)::bigint AS abandoned
  FROM ${wardCode === undefined ? 'city_daily_guides' : 'ward_daily_guides'}
  WHERE bucket >= $1 AND bucket < $2 AND ${wardCode === undefined ? '$3::text IS NULL' : 'ward_code = $3'}
    AND NOT (bucket = ANY($4::timestamptz[]))
  GROUP BY 1, 2`;

/* Completed durations of ward $3 by guide, age group and class over [$1, $2) less the days $4. */
const WARD_DURATIONS_SQL = `
  SELECT guide, coalesce(age_group, 'unknown') AS age_group, duration_class, sum(completed)::bigint AS completed
  FROM ward_daily_durations
  WHERE bucket >= $1 AND bucket < $2 AND ward_code = $3 AND NOT (bucket = ANY($4::timestamptz[]))
  GROUP BY 1, 2, 3`;

/* The same for the city, read in calendar spans ($1-$14, see calendarSpans), less the days $15. */
const CITY_DURATIONS_SQL = `
  SELECT guide, coalesce(age_group, 'unknown') AS age_group, duration_class, sum(completed)::bigint AS completed
  FROM (SELECT guide, age_group, duration_class, completed FROM city_monthly_durations WHERE ${inSpans(1, 1)}
        UNION ALL
        SELECT guide, age_group, duration_class, completed FROM city_weekly_durations WHERE ${inSpans(3, 2)}
        UNION ALL
        SELECT guide, age_group, duration_class, completed FROM city_daily_durations
        WHERE (${inSpans(7, 4)}) AND NOT (bucket = ANY($15::timestamptz[]))) AS durations
  GROUP BY 1, 2, 3`;

const CITY_DURATION_TIERS_MATERIALIZED = `
  SELECT (SELECT max(bucket) FROM city_monthly_durations) AS months, (SELECT max(bucket) FROM city_weekly_durations) AS weeks`;

/* Raw events of the city days $4 (which lie in [$1, $2)), of the city ($3 null) or ward $3. */
const RAW_DAYS = `
  occurred_at >= $1 AND occurred_at < $2 AND ($3::text IS NULL OR ward_code = $3)
  AND time_bucket(INTERVAL '1 day', occurred_at, 'Asia/Ho_Chi_Minh') = ANY($4::timestamptz[])`;

/* Guide steps counted from the raw events of those days, as the guides aggregates count them. */
const RAW_COUNTS_SQL = `
  SELECT guide, coalesce(age_group, 'unknown') AS age_group,
         count(*) FILTER (WHERE type = 'guide_started')::bigint AS started,
         count(*) FILTER (WHERE type = 'guide_completed')::bigint AS completed,
         count(*) FILTER (WHERE type = 'guide_abandoned')::bigint AS abandoned
  FROM events
  WHERE ${RAW_DAYS} AND guide IS NOT NULL
  GROUP BY 1, 2`;

/* Completed durations from the raw events of those days, in the classes of migration 0006. */
const RAW_DURATIONS_SQL = `
  SELECT guide, coalesce(age_group, 'unknown') AS age_group,
         floor(ln(greatest(duration_ms, 1)) * 8 / ln(2))::smallint AS duration_class, count(*)::bigint AS completed
  FROM events
  WHERE ${RAW_DAYS} AND type = 'guide_completed' AND duration_ms IS NOT NULL
  GROUP BY 1, 2, 3`;

/* The aggregates each funnel reads, whose pending changes are looked for (with those under them). */
const FUNNEL_VIEWS = {
  city: ['city_daily_guides', 'city_daily_durations', 'city_weekly_durations', 'city_monthly_durations'],
  ward: ['ward_daily_guides', 'ward_daily_durations'],
};

/* The continuous aggregates named $1 and every one they are built on, down to the raw events. */
const CHAIN_SQL = `
  WITH RECURSIVE chain AS (
    SELECT mat_hypertable_id, raw_hypertable_id
    FROM _timescaledb_catalog.continuous_agg WHERE user_view_name = ANY($1::text[])
    UNION
    SELECT c.mat_hypertable_id, c.raw_hypertable_id
    FROM _timescaledb_catalog.continuous_agg AS c JOIN chain ON c.mat_hypertable_id = chain.raw_hypertable_id
  )
  SELECT mat_hypertable_id AS aggregate, raw_hypertable_id AS source FROM chain`;

/*
 * Where the continuous aggregates $1 (materialization hypertables, each built on the
 * hypertable at the same place in $2) have changes below their watermark that they have not
 * materialized: rows there are read from the materialized buckets only, so such a change does
 * not show until the next refresh. TimescaleDB keeps those changes in its invalidation logs
 * (the source hypertable's until a refresh takes them over, then each aggregate's own; a
 * refresh cut into batches keeps the ranges it has still to do apart), in its internal time
 * (microseconds). The answer is the part below the watermark, clipped to [$3, $4); the
 * arithmetic is in the select list only, which sees only rows that passed the filter.
 */
const pendingChangesSql = (pendingRanges: boolean) => `
  WITH aggregates AS (
    SELECT a.aggregate, a.source, w.watermark
    FROM unnest($1::int[], $2::int[]) AS a(aggregate, source)
    JOIN _timescaledb_catalog.continuous_aggs_watermark AS w ON w.mat_hypertable_id = a.aggregate
  ),
  changes AS (
    SELECT a.watermark, l.lowest_modified_value AS low, l.greatest_modified_value AS high
    FROM aggregates AS a
    JOIN _timescaledb_catalog.continuous_aggs_materialization_invalidation_log AS l ON l.materialization_id = a.aggregate
    UNION ALL
    SELECT a.watermark, l.lowest_modified_value, l.greatest_modified_value
    FROM aggregates AS a
    JOIN _timescaledb_catalog.continuous_aggs_hypertable_invalidation_log AS l ON l.hypertable_id = a.source
    ${
      pendingRanges
        ? `UNION ALL
    SELECT a.watermark, r.lowest_modified_value, r.greatest_modified_value
    FROM aggregates AS a
    JOIN _timescaledb_catalog.continuous_aggs_materialization_ranges AS r ON r.materialization_id = a.aggregate`
        : ''
    }
  ),
  range AS (
    SELECT _timescaledb_functions.time_to_internal($3::timestamptz) AS low,
           _timescaledb_functions.time_to_internal($4::timestamptz) AS high
  )
  SELECT _timescaledb_functions.to_timestamp(greatest(c.low, range.low)) AS low,
         _timescaledb_functions.to_timestamp(least(c.high, c.watermark - 1, range.high - 1)) AS high
  FROM changes AS c, range
  WHERE c.low < c.watermark AND c.watermark > range.low AND c.low < range.high AND c.high >= range.low`;

/* Which of the catalog tables read above this TimescaleDB has. */
const CATALOG_SQL = `
  SELECT to_regclass('_timescaledb_catalog.continuous_aggs_watermark') IS NOT NULL
         AND to_regclass('_timescaledb_catalog.continuous_aggs_materialization_invalidation_log') IS NOT NULL
         AND to_regclass('_timescaledb_catalog.continuous_aggs_hypertable_invalidation_log') IS NOT NULL AS logs,
         to_regclass('_timescaledb_catalog.continuous_aggs_materialization_ranges') IS NOT NULL AS ranges`;

/** How to find the pending changes of one funnel's aggregates (null: this TimescaleDB cannot say). */
type PendingQuery = { text: string; aggregates: number[]; sources: number[] } | null;

interface StepRow {
  guide: Guide;
  age_group: AgeGroup;
  started: number;
  completed: number;
  abandoned: number;
}

interface DurationRow {
  guide: Guide;
  age_group: AgeGroup;
  duration_class: number;
  completed: number;
}

/** When people come (hour by weekday), how far they get through each guide, and each kiosk's share. */
@Injectable()
export class AnalyticsRepository {
  private readonly logger = new Logger(AnalyticsRepository.name);
  private readonly pendingQueries: Partial<Record<'city' | 'ward', Promise<PendingQuery>>> = {};

  constructor(@InjectPool() private readonly pool: Pool) {}

  /** All 7 × 24 cells, zero where nothing happened; the range is widened to whole hours. */
  async heatmap(metric: Metric, from: Date, to: Date, wardCode: string | undefined): Promise<HeatmapCell[]> {
    const { start, end } = wholeHours(from, to);
    const { rows } = await this.pool.query<HeatmapCell>(heatmapSql(metric, wardCode), [start, end, wardCode ?? null]);
    const values = new Map(rows.map((row) => [`${row.weekday}:${row.hour}`, row.value]));
    const cells: HeatmapCell[] = [];
    for (let weekday = 1; weekday <= 7; weekday++) {
      for (let hour = 0; hour < 24; hour++) cells.push({ weekday, hour, value: values.get(`${weekday}:${hour}`) ?? 0 });
    }
    return cells;
  }

  /**
   * Each kiosk's figures over the range (widened to whole hours unless it is made of whole
   * days), counted where the events were recorded: a moved kiosk's earlier events stay with
   * its old ward.
   */
  async kioskFigures(from: Date, to: Date, wardCode: string | undefined): Promise<Map<string, CountsFigures>> {
    let sql = KIOSK_HOURLY_FIGURES;
    let bounds: Date[];
    if (sourceFor(from, to) === 'daily') {
      sql = KIOSK_DAILY_FIGURES;
      bounds = spanBounds(calendarSpans(from, to, await this.materialized(KIOSK_TIERS_MATERIALIZED)));
    } else {
      const { start, end } = wholeHours(from, to);
      bounds = [start, end];
    }
    const { rows } = await this.pool.query<FigureColumns & { kiosk_id: string }>(sql, [...bounds, wardCode ?? null]);
    return new Map(rows.map((row) => [row.kiosk_id, figuresFromColumns(row)]));
  }

  /** Where a pair of materialized-only monthly and weekly tiers end (see calendarSpans). */
  private async materialized(sql: string, db: Pool | PoolClient = this.pool): Promise<Materialized> {
    const { rows } = await db.query<{ months: Date | null; weeks: Date | null }>(sql);
    const { months, weeks } = rows[0];
    return {
      monthsBefore: months && nextCityMonthStart(months),
      weeksBefore: weeks && nextCityWeekStart(weeks),
    };
  }

  /**
   * Per guide, overall and by age group: started, completed, abandoned, the completion rate and
   * the median and 90th-percentile durations of completed guides. Read from the daily
   * aggregates, so the range is widened to whole city days; steps and durations come from one
   * snapshot, and a day that an aggregate has yet to catch up on (see pendingChangesSql) from
   * the raw events, so both always count the same events.
   */
  async funnel(
    from: Date,
    to: Date,
    wardCode: string | undefined,
  ): Promise<{ from: Date; to: Date; guides: GuideFunnel[] }> {
    const { start, end } = wholeDays(from, to);
    const { steps, durations } = await transaction(
      this.pool,
      async (client) => {
        const pending = await this.pendingDays(client, wardCode === undefined ? 'city' : 'ward', start, end);
        const parameters = [start, end, wardCode ?? null, pending];
        const steps = (await client.query<StepRow>(funnelCountsSql(wardCode), parameters)).rows;
        let durations: DurationRow[];
        if (wardCode === undefined) {
          // Whole weeks and months of the coarse tiers cannot leave a day out: with a day to
          // read from the events, the range is read from the daily tier.
          const materialized =
            pending.length > 0
              ? { monthsBefore: null, weeksBefore: null }
              : await this.materialized(CITY_DURATION_TIERS_MATERIALIZED, client);
          const bounds = spanBounds(calendarSpans(start, end, materialized));
          durations = (await client.query<DurationRow>(CITY_DURATIONS_SQL, [...bounds, pending])).rows;
        } else {
          durations = (await client.query<DurationRow>(WARD_DURATIONS_SQL, parameters)).rows;
        }
        if (pending.length > 0) {
          const rawBounds = [pending[0], nextCityDayStart(pending[pending.length - 1]), wardCode ?? null, pending];
          steps.push(...(await client.query<StepRow>(RAW_COUNTS_SQL, rawBounds)).rows);
          durations.push(...(await client.query<DurationRow>(RAW_DURATIONS_SQL, rawBounds)).rows);
        }
        return { steps, durations };
      },
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    );
    const histograms = new Map<string, DurationHistogram>();
    for (const row of durations) {
      const key = `${row.guide}:${row.age_group}`;
      const histogram = histograms.get(key) ?? new Map<number, number>();
      addHistogram(histogram, new Map([[row.duration_class, row.completed]]));
      histograms.set(key, histogram);
    }
    const guides = GUIDES.map((guide): GuideFunnel => {
      const byAgeGroup = Object.fromEntries(
        AGE_GROUPS.map((group) => {
          const rows = steps.filter((row) => row.guide === guide && row.age_group === group);
          return [group, stepFigures(rows, histograms.get(`${guide}:${group}`) ?? new Map())];
        }),
      ) as GuideFunnel['byAgeGroup'];
      const all = new Map<number, number>();
      for (const group of AGE_GROUPS) addHistogram(all, histograms.get(`${guide}:${group}`) ?? new Map());
      const overall = stepFigures(
        steps.filter((row) => row.guide === guide),
        all,
      );
      return { guide, ...overall, byAgeGroup };
    });
    return { from: start, to: end, guides };
  }

  /**
   * The city days of [start, end) on which the funnel's aggregates, or those under them, have
   * changes still to materialize (see pendingChangesSql). Where this TimescaleDB keeps its
   * invalidation logs elsewhere, none are found, and the aggregates are read as they are.
   */
  private async pendingDays(client: PoolClient, funnel: 'city' | 'ward', start: Date, end: Date): Promise<Date[]> {
    const query = await (this.pendingQueries[funnel] ??= this.pendingQuery(client, funnel).catch((error: unknown) => {
      delete this.pendingQueries[funnel];
      throw error;
    }));
    if (query === null) return [];
    // Unnamed: the embedded database keeps one session for all the connections it serves in
    // turn, so a named prepared statement would already exist for the next connection.
    const { rows } = await client.query<{ low: Date; high: Date }>(query.text, [
      query.aggregates,
      query.sources,
      start,
      end,
    ]);
    return cityDaysTouched(rows);
  }

  /** The catalog does not change while the app runs: it is read once per funnel. */
  private async pendingQuery(client: PoolClient, funnel: 'city' | 'ward'): Promise<PendingQuery> {
    const { rows } = await client.query<{ logs: boolean; ranges: boolean }>(CATALOG_SQL);
    if (!rows[0].logs) {
      this.logger.warn('no continuous-aggregate invalidation logs found: a late event may lag in the funnel');
      return null;
    }
    const chain = await client.query<{ aggregate: number; source: number }>(CHAIN_SQL, [FUNNEL_VIEWS[funnel]]);
    return {
      text: pendingChangesSql(rows[0].ranges),
      aggregates: chain.rows.map((row) => row.aggregate),
      sources: chain.rows.map((row) => row.source),
    };
  }
}

/** One funnel line: the steps summed over the rows, with rate and durations. */
function stepFigures(rows: StepRow[], durations: DurationHistogram) {
  const started = rows.reduce((sum, row) => sum + row.started, 0);
  const completed = rows.reduce((sum, row) => sum + row.completed, 0);
  const abandoned = rows.reduce((sum, row) => sum + row.abandoned, 0);
  return {
    started,
    completed,
    abandoned,
    completionRate: started === 0 ? null : completed / started,
    medianDurationMs: percentile(durations, 0.5),
    p90DurationMs: percentile(durations, 0.9),
  };
}
