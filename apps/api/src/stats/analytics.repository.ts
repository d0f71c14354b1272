import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import {
  AGE_GROUPS,
  GUIDES,
  cityDayStart,
  cityHourStart,
  nextCityDayStart,
  nextCityMonthStart,
  nextCityWeekStart,
  type AgeGroup,
  type CountsFigures,
  type Guide,
  type GuideFunnel,
  type HeatmapCell,
  type Metric,
} from '@kiosk-pulse/contract';
import { InjectPool } from '@kiosk-pulse/database';
import { addHistogram, percentile, type DurationHistogram } from './duration-histogram';
import { calendarSpans, inSpans, spanBounds, type Materialized } from './calendar-spans';
import { FIGURE_SUMS, METRIC_SQL, figuresFromColumns, figuresPer, hourlyFigures, type FigureColumns } from './figures';
import { sourceFor } from './stats-range';

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

/* Guide steps and completed durations by guide and age group over [$1, $2), of the city ($3 null) or ward $3. */
const funnelCountsSql = (wardCode: string | undefined) => `
  SELECT guide, coalesce(age_group, 'unknown') AS age_group,
         sum(started)::bigint AS started, sum(completed)::bigint AS completed, sum(abandoned)::bigint AS abandoned
  FROM ${wardCode === undefined ? 'city_daily_guides' : 'ward_daily_guides'}
  WHERE bucket >= $1 AND bucket < $2 AND ${wardCode === undefined ? '$3::text IS NULL' : 'ward_code = $3'}
  GROUP BY 1, 2`;

/* Completed durations of ward $3 by guide, age group and class over [$1, $2). */
const WARD_DURATIONS_SQL = `
  SELECT guide, coalesce(age_group, 'unknown') AS age_group, duration_class, sum(completed)::bigint AS completed
  FROM ward_daily_durations
  WHERE bucket >= $1 AND bucket < $2 AND ward_code = $3
  GROUP BY 1, 2, 3`;

/* The same for the city, read in calendar spans ($1-$14, see calendarSpans). */
const CITY_DURATIONS_SQL = `
  SELECT guide, coalesce(age_group, 'unknown') AS age_group, duration_class, sum(completed)::bigint AS completed
  FROM (SELECT guide, age_group, duration_class, completed FROM city_monthly_durations WHERE ${inSpans(1, 1)}
        UNION ALL
        SELECT guide, age_group, duration_class, completed FROM city_weekly_durations WHERE ${inSpans(3, 2)}
        UNION ALL
        SELECT guide, age_group, duration_class, completed FROM city_daily_durations WHERE ${inSpans(7, 4)}) AS durations
  GROUP BY 1, 2, 3`;

const CITY_DURATION_TIERS_MATERIALIZED = `
  SELECT (SELECT max(bucket) FROM city_monthly_durations) AS months, (SELECT max(bucket) FROM city_weekly_durations) AS weeks`;

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
  private async materialized(sql: string): Promise<Materialized> {
    const { rows } = await this.pool.query<{ months: Date | null; weeks: Date | null }>(sql);
    const { months, weeks } = rows[0];
    return {
      monthsBefore: months && nextCityMonthStart(months),
      weeksBefore: weeks && nextCityWeekStart(weeks),
    };
  }

  /**
   * Per guide, overall and by age group: started, completed, abandoned, the completion rate and
   * the median and 90th-percentile durations of completed guides. Read from the daily
   * aggregates, so the range is widened to whole city days.
   */
  async funnel(
    from: Date,
    to: Date,
    wardCode: string | undefined,
  ): Promise<{ from: Date; to: Date; guides: GuideFunnel[] }> {
    const { start, end } = wholeDays(from, to);
    const parameters = [start, end, wardCode ?? null];
    const [steps, durations] = await Promise.all([
      this.pool.query<StepRow>(funnelCountsSql(wardCode), parameters),
      wardCode === undefined
        ? this.materialized(CITY_DURATION_TIERS_MATERIALIZED).then((materialized) =>
            this.pool.query<DurationRow>(CITY_DURATIONS_SQL, spanBounds(calendarSpans(start, end, materialized))),
          )
        : this.pool.query<DurationRow>(WARD_DURATIONS_SQL, parameters),
    ]);
    const histograms = new Map<string, DurationHistogram>();
    for (const row of durations.rows) {
      const key = `${row.guide}:${row.age_group}`;
      const histogram = histograms.get(key) ?? new Map<number, number>();
      histogram.set(row.duration_class, row.completed);
      histograms.set(key, histogram);
    }
    const guides = GUIDES.map((guide): GuideFunnel => {
      const byAgeGroup = Object.fromEntries(
        AGE_GROUPS.map((group) => {
          const rows = steps.rows.filter((row) => row.guide === guide && row.age_group === group);
          return [group, stepFigures(rows, histograms.get(`${guide}:${group}`) ?? new Map())];
        }),
      ) as GuideFunnel['byAgeGroup'];
      const all = new Map<number, number>();
      for (const group of AGE_GROUPS) addHistogram(all, histograms.get(`${guide}:${group}`) ?? new Map());
      const overall = stepFigures(
        steps.rows.filter((row) => row.guide === guide),
        all,
      );
      return { guide, ...overall, byAgeGroup };
    });
    return { from: start, to: end, guides };
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
