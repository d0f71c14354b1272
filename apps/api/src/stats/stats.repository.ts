import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import {
  cityDayStart,
  cityHourStart,
  nextCityDayStart,
  type CountsFigures,
  type Metric,
  type TimeseriesPoint,
} from '@kiosk-pulse/contract';
import { InjectPool } from '@kiosk-pulse/database';
import { METRIC_EVENT_TYPE, figuresFromRows, type CountRow } from './figures';
import { sourceFor, type CountSource } from './stats-range';

const HOUR = 3_600_000;

/*
 * Counts come from the continuous aggregates whenever the range is made of whole city days
 * (events_daily) or whole hours (events_hourly); only a range cut mid-hour reads raw events.
 * Each source takes $1 = from, $2 = to, $3 = ward code or null for the whole city.
 */
const COUNTS: Record<CountSource, string> = {
  daily: `SELECT ward_code, type, guide, age_group, events FROM events_daily
          WHERE bucket >= $1 AND bucket < $2 AND ($3::text IS NULL OR ward_code = $3)`,
  hourly: `SELECT ward_code, type, guide, age_group, events FROM events_hourly
           WHERE bucket >= $1 AND bucket < $2 AND ($3::text IS NULL OR ward_code = $3)`,
  raw: `SELECT ward_code, type, guide, age_group, 1::bigint AS events FROM events
        WHERE occurred_at >= $1 AND occurred_at < $2 AND ($3::text IS NULL OR ward_code = $3)`,
};

const HEADLINE_TYPES = `('visit_started', 'guide_completed', 'account_registered')`;

const summarySql = (source: CountSource) => `
  WITH counts AS (${COUNTS[source]})
  SELECT type, guide, age_group, sum(events)::bigint AS events
  FROM counts
  WHERE type IN ${HEADLINE_TYPES}
  GROUP BY type, guide, age_group`;

const wardsSql = (source: CountSource) => `
  WITH counts AS (${COUNTS[source]})
  SELECT w.code AS "wardCode", w.name,
         coalesce(sum(c.events) FILTER (WHERE c.type = 'guide_completed'), 0)::bigint AS "guidesCompleted",
         coalesce(sum(c.events) FILTER (WHERE c.type = 'account_registered'), 0)::bigint AS "accountsRegistered",
         coalesce(sum(c.events) FILTER (WHERE c.type = 'visit_started'), 0)::bigint AS "peopleReached",
         coalesce(sum(c.events) FILTER (
           WHERE c.type = 'visit_started' AND c.age_group IN ('60_64', '65_74', '75_plus')), 0)::bigint AS "peopleReached60Plus",
         p.population, p.population_60_plus, p.source, p.as_of
  FROM wards AS w
  LEFT JOIN counts AS c ON c.ward_code = w.code
  LEFT JOIN ward_populations AS p ON p.ward_code = w.code
  GROUP BY w.code, w.name, p.ward_code
  ORDER BY w.code`;

export interface WardCountRow {
  wardCode: string;
  name: string;
  guidesCompleted: number;
  accountsRegistered: number;
  peopleReached: number;
  peopleReached60Plus: number;
  population: number | null;
  population_60_plus: number | null;
  source: string | null;
  as_of: string | null;
}

const TIMESERIES: Record<'hour' | 'day', string> = {
  hour: `SELECT bucket, sum(events)::bigint AS value FROM events_hourly
         WHERE bucket >= $1 AND bucket < $2 AND type = $3::event_type AND ($4::text IS NULL OR ward_code = $4)
         GROUP BY bucket`,
  day: `SELECT bucket, sum(events)::bigint AS value FROM events_daily
        WHERE bucket >= $1 AND bucket < $2 AND type = $3::event_type AND ($4::text IS NULL OR ward_code = $4)
        GROUP BY bucket`,
};

@Injectable()
export class StatsRepository {
  constructor(@InjectPool() private readonly pool: Pool) {}

  async figures(from: Date, to: Date, wardCode: string | undefined): Promise<CountsFigures> {
    const { rows } = await this.pool.query<CountRow>(summarySql(sourceFor(from, to)), [from, to, wardCode ?? null]);
    return figuresFromRows(rows);
  }

  /** Every ward's counts over [from, to), with its population where known. */
  async wards(from: Date, to: Date): Promise<WardCountRow[]> {
    const { rows } = await this.pool.query<WardCountRow>(wardsSql(sourceFor(from, to)), [from, to, null]);
    return rows;
  }

  /**
   * One point per hour or city day, zero where nothing happened. The range is widened to
   * whole buckets: a series of days starts at the city midnight on or before `from`.
   */
  async timeseries(
    metric: Metric,
    bucket: 'hour' | 'day',
    from: Date,
    to: Date,
    wardCode: string | undefined,
  ): Promise<{ from: Date; to: Date; points: TimeseriesPoint[] }> {
    const floor = bucket === 'hour' ? cityHourStart : cityDayStart;
    const next = bucket === 'hour' ? (time: Date) => new Date(time.getTime() + HOUR) : nextCityDayStart;
    const start = floor(from);
    const end = floor(to).getTime() === to.getTime() ? to : next(floor(to));
    const { rows } = await this.pool.query<{ bucket: Date; value: number }>(TIMESERIES[bucket], [
      start,
      end,
      METRIC_EVENT_TYPE[metric],
      wardCode ?? null,
    ]);
    const values = new Map(rows.map((row) => [row.bucket.getTime(), row.value]));
    const points: TimeseriesPoint[] = [];
    for (let time = start; time < end; time = next(time)) {
      points.push({ t: time.toISOString(), value: values.get(time.getTime()) ?? 0 });
    }
    return { from: start, to: end, points };
  }
}
