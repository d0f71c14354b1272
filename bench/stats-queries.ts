/**
 * How fast the dashboard's queries answer over a large history.
 *
 *   npm run bench:stats -- [--events 10000000] [--days 90] [--runs 50]
 *
 * Against DATABASE_URL (a real TimescaleDB: the figure that counts), or the embedded one when
 * unset (data in ./data/bench-pglite). Loads that many synthetic events spread over the days
 * across all 168 wards (three kiosks each), materializes the aggregates as the refresh
 * policies would, then times each query the stats API runs for a 90-day, all-wards view.
 * Prints p50/p95/p99 per query (an HDR histogram) and writes bench/results/stats-queries.json.
 */
import { parseArgs } from 'node:util';
import type { Pool } from 'pg';
import { cityDayStart, nextCityDayStart } from '@kiosk-pulse/contract/time';
import { refreshAggregates } from '@kiosk-pulse/database';
import { loadApiConfig } from '../apps/api/src/config/api-config';
import { AgeSplitRepository } from '../apps/api/src/privacy/age-split.repository';
import { AgeSplitService } from '../apps/api/src/privacy/age-split.service';
import { AnalyticsRepository } from '../apps/api/src/stats/analytics.repository';
import { StatsRepository } from '../apps/api/src/stats/stats.repository';
import { openBenchDatabase, writeResults } from './bench-database';
import { latencyHistogram, percentiles, type Percentiles } from './histogram';

const LOAD_CHUNK = 500_000;

/** Adds synthetic events until the database holds `events`, spread over the last `days` days. */
export async function loadSyntheticEvents(pool: Pool, events: number, days: number): Promise<void> {
  const { rows } = await pool.query<{ n: number }>('SELECT count(*)::bigint AS n FROM events');
  if (rows[0].n < events) {
    const started = performance.now();
    for (let loaded = rows[0].n; loaded < events; loaded += LOAD_CHUNK) {
      const size = Math.min(LOAD_CHUNK, events - loaded);
      // Spread over the last `days` days; each row a kiosk of a random ward; a realistic mix of types,
      // each with the age group of the visit it belongs to, as the kiosks send it.
      await pool.query(
        `WITH ward AS (SELECT array_agg(code ORDER BY code) AS codes FROM wards)
         INSERT INTO events (id, occurred_at, received_at, kiosk_id, ward_code, type, age_group, guide, level, duration_ms)
         SELECT gen_random_uuid(), t, t, md5(w || k)::uuid, w, ty,
                (enum_range(NULL::age_group))[1 + floor(random() * 9)::int],
                CASE WHEN ty IN ('guide_started', 'guide_completed', 'guide_abandoned')
                     THEN (enum_range(NULL::guide))[1 + floor(random() * 5)::int] END,
                CASE WHEN ty = 'account_registered' THEN 1 + floor(random() * 2)::int END,
                CASE WHEN ty IN ('guide_completed', 'guide_abandoned') THEN 60000 + floor(random() * 540000)::int END
         FROM ward, generate_series(1, $1::int) AS g,
              LATERAL (SELECT now() - random() * make_interval(days => $2::int) AS t,
                              codes[1 + floor(random() * array_length(codes, 1))::int] AS w,
                              floor(random() * 3)::int AS k,
                              (ARRAY['visit_started', 'guide_started', 'guide_completed', 'guide_completed',
                                     'guide_abandoned', 'account_registered'])[1 + floor(random() * 6)::int]::event_type AS ty
                       WHERE g > 0) AS r`,
        [size, days],
      );
      process.stdout.write(`loaded ${Math.min(loaded + LOAD_CHUNK, events)} events\n`);
    }
    process.stdout.write(`load: ${Math.round((performance.now() - started) / 1000)} s\n`);
  }
}

/**
 * Materializes the aggregates as the refresh policies would, then times each query the stats
 * API runs for a `days`-long, all-wards view, `runs` times after a warm-up.
 */
export async function measureStatsQueries(
  pool: Pool,
  options: { days: number; runs: number },
): Promise<{ refreshSeconds: number; publishSeconds: number; milliseconds: Record<string, Percentiles> }> {
  const { days, runs } = options;
  const refreshStarted = performance.now();
  await refreshAggregates(pool);
  const refreshSeconds = Math.round((performance.now() - refreshStarted) / 1000);
  process.stdout.write(`aggregates refreshed in ${refreshSeconds} s\n`);
  const now = Date.now();
  const stats = new StatsRepository(pool);
  const analytics = new AnalyticsRepository(pool);
  const to = nextCityDayStart(now);
  const from = new Date(cityDayStart(now).getTime() - (days - 1) * 86_400_000);
  // The age splits as the api publishes them: every ended week of the range first, from the raw
  // events, as the publisher does in the background (or, without it, the first read would).
  const ageSplits = new AgeSplitService(
    new AgeSplitRepository(pool),
    loadApiConfig({ JWT_SECRET: 'bench-jwt-secret-0123456789abcdefghijklmnop' }),
  );
  await pool.query('TRUNCATE age_split_periods, age_split_cells, funnel_split_cells');
  const publishStarted = performance.now();
  const periods = await ageSplits.publishDue(now);
  const publishSeconds = Math.round((performance.now() - publishStarted) / 100) / 10;
  process.stdout.write(`${periods} age-split periods published in ${publishSeconds} s\n`);
  const queries: [string, () => Promise<unknown>][] = [
    ['summary, city, 90 days', () => stats.figures(from, to, undefined)],
    ['ward comparison, all wards, 90 days', () => stats.wards(from, to)],
    ['timeseries by day, 90 days', () => stats.timeseries('peopleReached', 'day', from, to, undefined)],
    ['heat map, 90 days', () => analytics.heatmap('peopleReached', from, to, undefined)],
    ['kiosk figures, 90 days', () => analytics.kioskFigures(from, to, undefined)],
    ['guide funnel, 90 days', () => analytics.funnel(from, to, undefined)],
    ['age split, city, 90 days', () => ageSplits.split(from, to)],
    ['60+ per ward, 90 days', () => ageSplits.sixtyPlus(from, to)],
    ['funnel age lines, 90 days', () => ageSplits.funnel(from, to)],
    ['live counts, today', () => stats.figures(cityDayStart(now), to, undefined)],
  ];
  const results: Record<string, Percentiles> = {};
  for (const [name, query] of queries) {
    await query(); // warm
    const histogram = latencyHistogram();
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      await query();
      histogram.recordValue(Math.max(1, Math.round((performance.now() - started) * 1000)));
    }
    results[name] = percentiles(histogram);
  }
  return { refreshSeconds, publishSeconds, milliseconds: results };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '10000000' },
      days: { type: 'string', default: '90' },
      runs: { type: 'string', default: '50' },
    },
  });
  const events = Number(values.events);
  const days = Number(values.days);
  const runs = Number(values.runs);
  const { pool, target, close } = await openBenchDatabase('bench-pglite', { connections: 1, parallelQueries: false });
  await loadSyntheticEvents(pool, events, days);
  const { publishSeconds, milliseconds } = await measureStatsQueries(pool, { days, runs });
  console.table(milliseconds);
  writeResults('stats-queries', {
    target,
    events,
    days,
    runs,
    measuredAt: new Date().toISOString(),
    publishSeconds,
    milliseconds,
  });
  await close();
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
