import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import {
  AGE_GROUPS,
  GUIDES,
  cityHourStart,
  type AgeGroup,
  type Guide,
  type GuideFunnel,
  type HeatmapCell,
} from '@kiosk-pulse/contract';
import { InjectPool } from '@kiosk-pulse/database';
import type { Metric } from '@kiosk-pulse/contract';
import { METRIC_EVENT_TYPE, type CountRow } from './figures';

const HOUR = 3_600_000;

/** [from, to) widened to whole hours, as the hourly aggregate holds them. */
function wholeHours(from: Date, to: Date): { start: Date; end: Date } {
  const last = cityHourStart(to);
  return { start: cityHourStart(from), end: last.getTime() === to.getTime() ? to : new Date(last.getTime() + HOUR) };
}

const HEATMAP = `
  SELECT extract(isodow FROM bucket AT TIME ZONE 'Asia/Ho_Chi_Minh')::int AS weekday,
         extract(hour FROM bucket AT TIME ZONE 'Asia/Ho_Chi_Minh')::int AS hour,
         sum(events)::bigint AS value
  FROM events_hourly
  WHERE bucket >= $1 AND bucket < $2 AND type = $3::event_type AND ($4::text IS NULL OR ward_code = $4)
  GROUP BY 1, 2`;

// Counts per guide, step and age group come from the hourly aggregate.
const FUNNEL_COUNTS = `
  SELECT guide, type, coalesce(age_group, 'unknown') AS age_group, sum(events)::bigint AS events
  FROM events_hourly
  WHERE bucket >= $1 AND bucket < $2 AND guide IS NOT NULL
    AND type IN ('guide_started', 'guide_completed', 'guide_abandoned')
    AND ($3::text IS NULL OR ward_code = $3)
  GROUP BY guide, type, 3`;

// Durations need the raw events: percentiles cannot be summed from aggregates.
const FUNNEL_DURATIONS = `
  SELECT guide,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS median,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY duration_ms) AS p90
  FROM events
  WHERE occurred_at >= $1 AND occurred_at < $2 AND type = 'guide_completed' AND duration_ms IS NOT NULL
    AND ($3::text IS NULL OR ward_code = $3)
  GROUP BY guide`;

const KIOSK_COUNTS = `
  SELECT e.kiosk_id, e.type, e.guide, e.age_group, sum(e.events)::bigint AS events
  FROM events_hourly AS e
  WHERE e.bucket >= $1 AND e.bucket < $2 AND ($3::text IS NULL OR e.ward_code = $3)
    AND e.type IN ('visit_started', 'guide_completed', 'account_registered')
  GROUP BY e.kiosk_id, e.type, e.guide, e.age_group`;

/** When people come (hour by weekday), how far they get through each guide, and each kiosk's share. */
@Injectable()
export class AnalyticsRepository {
  constructor(@InjectPool() private readonly pool: Pool) {}

  /** All 7 × 24 cells, zero where nothing happened; the range is widened to whole hours. */
  async heatmap(metric: Metric, from: Date, to: Date, wardCode: string | undefined): Promise<HeatmapCell[]> {
    const { start, end } = wholeHours(from, to);
    const { rows } = await this.pool.query<HeatmapCell>(HEATMAP, [
      start,
      end,
      METRIC_EVENT_TYPE[metric],
      wardCode ?? null,
    ]);
    const values = new Map(rows.map((row) => [`${row.weekday}:${row.hour}`, row.value]));
    const cells: HeatmapCell[] = [];
    for (let weekday = 1; weekday <= 7; weekday++) {
      for (let hour = 0; hour < 24; hour++) cells.push({ weekday, hour, value: values.get(`${weekday}:${hour}`) ?? 0 });
    }
    return cells;
  }

  /**
   * Each kiosk's rows (by type, guide and age group) over the range widened to whole hours,
   * counted where the events were recorded: a moved kiosk's earlier events stay with its old ward.
   */
  async kioskCounts(from: Date, to: Date, wardCode: string | undefined): Promise<Map<string, CountRow[]>> {
    const { start, end } = wholeHours(from, to);
    const { rows } = await this.pool.query<CountRow & { kiosk_id: string }>(KIOSK_COUNTS, [
      start,
      end,
      wardCode ?? null,
    ]);
    const byKiosk = new Map<string, CountRow[]>();
    for (const { kiosk_id, ...row } of rows) byKiosk.set(kiosk_id, [...(byKiosk.get(kiosk_id) ?? []), row]);
    return byKiosk;
  }

  /** Per guide: started, completed, abandoned, completion rate and durations; the range widened to whole hours. */
  async funnel(from: Date, to: Date, wardCode: string | undefined): Promise<GuideFunnel[]> {
    const { start, end } = wholeHours(from, to);
    const [counts, durations] = await Promise.all([
      this.pool.query<{ guide: Guide; type: string; age_group: AgeGroup; events: number }>(FUNNEL_COUNTS, [
        start,
        end,
        wardCode ?? null,
      ]),
      this.pool.query<{ guide: Guide; median: number | null; p90: number | null }>(FUNNEL_DURATIONS, [
        start,
        end,
        wardCode ?? null,
      ]),
    ]);
    const funnels = new Map<Guide, GuideFunnel>(
      GUIDES.map((guide) => [
        guide,
        {
          guide,
          started: 0,
          completed: 0,
          abandoned: 0,
          completionRate: null,
          medianDurationMs: null,
          p90DurationMs: null,
          byAgeGroup: Object.fromEntries(
            AGE_GROUPS.map((group) => [group, { started: 0, completed: 0 }]),
          ) as GuideFunnel['byAgeGroup'],
        },
      ]),
    );
    for (const row of counts.rows) {
      const funnel = funnels.get(row.guide) as GuideFunnel;
      if (row.type === 'guide_started') {
        funnel.started += row.events;
        funnel.byAgeGroup[row.age_group].started += row.events;
      } else if (row.type === 'guide_completed') {
        funnel.completed += row.events;
        funnel.byAgeGroup[row.age_group].completed += row.events;
      } else funnel.abandoned += row.events;
    }
    for (const row of durations.rows) {
      const funnel = funnels.get(row.guide) as GuideFunnel;
      funnel.medianDurationMs = row.median === null ? null : Math.round(row.median);
      funnel.p90DurationMs = row.p90 === null ? null : Math.round(row.p90);
    }
    for (const funnel of funnels.values()) {
      funnel.completionRate = funnel.started === 0 ? null : funnel.completed / funnel.started;
    }
    return [...funnels.values()];
  }
}
