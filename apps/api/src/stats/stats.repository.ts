import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import {
  cityDay,
  type CountsFigures,
  type Metric,
  type Outcome,
  type Rating,
  type TimeseriesPoint,
} from '@kiosk-pulse/contract';
import { cityDayStart, cityHourStart, nextCityDayStart } from '@kiosk-pulse/contract/time';
import { InjectPool } from '@kiosk-pulse/database';
import { POPULATION_COLUMNS, populationsInForce, type PopulationColumns } from '../wards/populations.repository';
import { sourceFor, type CountSource } from './count-source';
import { OUTCOME_COUNTS, RATING_COUNTS } from './outcomes';
import { FIGURE_SUMS, METRIC_SQL, figuresPer, figuresFromColumns, hourlyFigures, type FigureColumns } from './figures';

const HOUR = 3_600_000;

/*
 * Each ward's figure columns over [$1, $2), for every ward or only ward $3. Whole city days come
 * from ward_daily_figures, whole hours from ward_hourly_figures; only a range cut mid-hour
 * counts raw events.
 */
const FIGURES_BY_WARD: Record<CountSource, string> = {
  daily: figuresPer('ward_code', 'ward_daily_figures'),
  hourly: figuresPer('ward_code', 'ward_hourly_figures'),
  raw: figuresPer('ward_code', 'events'),
};

const summarySql = (source: CountSource) => `SELECT ${FIGURE_SUMS} FROM (${FIGURES_BY_WARD[source]}) AS wards`;

const wardsSql = (source: CountSource) => `
  WITH counts AS (${FIGURES_BY_WARD[source]})
  SELECT w.code AS "wardCode", w.name,
         coalesce(${METRIC_SQL.guidesCompleted}, 0)::bigint AS "guidesCompleted",
         coalesce(${METRIC_SQL.accountsRegistered}, 0)::bigint AS "accountsRegistered",
         coalesce(${METRIC_SQL.peopleReached}, 0)::bigint AS "peopleReached",
         ${POPULATION_COLUMNS}
  FROM wards AS w
  LEFT JOIN counts AS c ON c.ward_code = w.code
  ${populationsInForce('w.code', '$4::date')}
  ORDER BY w.code`;

/** A ward's counts, with its populations in force on the range's last city day. */
export interface WardCountRow extends PopulationColumns {
  wardCode: string;
  name: string;
  guidesCompleted: number;
  accountsRegistered: number;
  peopleReached: number;
}

/** A metric per hour ($1..$3 as in hourlyFigures) or per city day (ward $3 or the city). */
const timeseriesSql = (metric: Metric, bucket: 'hour' | 'day', wardCode: string | undefined) =>
  bucket === 'hour'
    ? `SELECT bucket, sum(${METRIC_SQL[metric]})::bigint AS value FROM (${hourlyFigures(wardCode)}) AS hours
       GROUP BY bucket`
    : `SELECT bucket, sum(${METRIC_SQL[metric]})::bigint AS value FROM ward_daily_figures
       WHERE bucket >= $1 AND bucket < $2 AND ($3::text IS NULL OR ward_code = $3)
       GROUP BY bucket`;

@Injectable()
export class StatsRepository {
  constructor(@InjectPool() private readonly pool: Pool) {}

  async figures(from: Date, to: Date, wardCode: string | undefined): Promise<CountsFigures> {
    const { rows } = await this.pool.query<FigureColumns>(summarySql(sourceFor(from, to)), [
      from,
      to,
      wardCode ?? null,
    ]);
    return figuresFromColumns(rows[0]);
  }

  /** The city's outcomes over [from, to), of a ward or (none) the whole city. */
  async outcomes(from: Date, to: Date, wardCode: string | undefined): Promise<Record<Outcome, number>> {
    const { rows } = await this.pool.query<Record<string, number>>(OUTCOME_COUNTS.sql[sourceFor(from, to)], [
      from,
      to,
      wardCode ?? null,
    ]);
    return OUTCOME_COUNTS.fromRow(rows[0]);
  }

  /** The residents' answers to "Hài lòng?" over [from, to), of a ward or (none) the whole city. */
  async ratings(from: Date, to: Date, wardCode: string | undefined): Promise<Record<Rating, number>> {
    const { rows } = await this.pool.query<Record<string, number>>(RATING_COUNTS.sql[sourceFor(from, to)], [
      from,
      to,
      wardCode ?? null,
    ]);
    return RATING_COUNTS.fromRow(rows[0]);
  }

  /**
   * Every ward's counts over [from, to), with its population where known: of each group, the
   * figure in force on the range's last city day (a newer figure counts from its date on).
   */
  async wards(from: Date, to: Date): Promise<WardCountRow[]> {
    const lastDay = cityDay(to.getTime() - 1);
    const { rows } = await this.pool.query<WardCountRow>(wardsSql(sourceFor(from, to)), [from, to, null, lastDay]);
    return rows;
  }

  /**
   * One point per hour or city day, zero where nothing happened, up to now: buckets that start
   * after `now` are left out (they have not happened, so they are not zero), and the one that
   * holds `now` is marked partial. The range is widened to whole buckets: a series of days
   * starts at the city midnight on or before `from`.
   */
  async timeseries(
    metric: Metric,
    bucket: 'hour' | 'day',
    from: Date,
    to: Date,
    wardCode: string | undefined,
    now: Date = new Date(),
  ): Promise<{ from: Date; to: Date; points: TimeseriesPoint[] }> {
    const floor = bucket === 'hour' ? cityHourStart : cityDayStart;
    const next = bucket === 'hour' ? (time: Date) => new Date(time.getTime() + HOUR) : nextCityDayStart;
    const start = floor(from);
    const end = floor(to).getTime() === to.getTime() ? to : next(floor(to));
    const { rows } = await this.pool.query<{ bucket: Date; value: number }>(timeseriesSql(metric, bucket, wardCode), [
      start,
      end,
      wardCode ?? null,
    ]);
    const values = new Map(rows.map((row) => [row.bucket.getTime(), row.value]));
    const points: TimeseriesPoint[] = [];
    for (let time = start; time < end && time <= now; time = next(time)) {
      const point: TimeseriesPoint = { t: time.toISOString(), value: values.get(time.getTime()) ?? 0 };
      if (next(time) > now) point.partial = true;
      points.push(point);
    }
    return { from: start, to: end, points };
  }
}
