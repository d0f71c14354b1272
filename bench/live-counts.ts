/**
 * How long one push of the /live counts takes to read, for the city and for a ward: the read
 * before issue 16's review (the figures and the outcomes as two queries, StatsRepository) and
 * the one statement of apps/api/src/live/live-counts.repository.ts, timed in turn in the same
 * run on the same data.
 *
 *   npx tsx bench/live-counts.ts [--events 1000000] [--days 90] [--outcomes 100000] [--today 0] [--runs 200]
 *
 * Against DATABASE_URL, or the embedded database in ./data/bench-live-pglite when unset. Loads
 * the synthetic events of bench/stats-queries.ts plus outcome_recorded events over the same
 * days (and, with --today, more events today until it holds that many), materializes the
 * aggregates as the refresh policies would, then reads today's counts.
 * Writes bench/results/live-counts.json.
 */
import { parseArgs } from 'node:util';
import type { Pool } from 'pg';
import { cityDayStart, nextCityDayStart } from '@kiosk-pulse/contract/time';
import { refreshAggregates } from '@kiosk-pulse/database';
import { LiveCountsRepository } from '../apps/api/src/live/live-counts.repository';
import { StatsRepository } from '../apps/api/src/stats/stats.repository';
import { openBenchDatabase, writeResults } from './bench-database';
import { latencyHistogram, percentiles, type Percentiles } from './histogram';
import { loadSyntheticEvents } from './stats-queries';

/** Adds outcome_recorded events until the database holds `outcomes`, spread over the last `days` days. */
async function loadOutcomes(pool: Pool, outcomes: number, days: number): Promise<void> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::bigint AS n FROM events WHERE outcome IS NOT NULL`,
  );
  if (rows[0].n >= outcomes) return;
  await pool.query(
    `WITH ward AS (SELECT array_agg(code ORDER BY code) AS codes FROM wards)
     INSERT INTO events (id, occurred_at, received_at, kiosk_id, ward_code, type, age_group, outcome)
     SELECT gen_random_uuid(), t, t, md5(w || k)::uuid, w, 'outcome_recorded',
            (enum_range(NULL::age_group))[1 + floor(random() * 9)::int],
            (enum_range(NULL::outcome))[1 + floor(random() * 8)::int]
     FROM ward, generate_series(1, $1::int) AS g,
          LATERAL (SELECT now() - random() * make_interval(days => $2::int) AS t,
                          codes[1 + floor(random() * array_length(codes, 1))::int] AS w,
                          floor(random() * 3)::int AS k
                   WHERE g > 0) AS r`,
    [outcomes - rows[0].n, days],
  );
  process.stdout.write(`loaded ${outcomes - rows[0].n} outcome events\n`);
}

/**
 * Adds events until today (the city day so far) holds `today`, spread from its start until now:
 * a busier day than the history's average, as the live counts are read for today only.
 */
async function loadToday(pool: Pool, today: number): Promise<void> {
  const dayStart = cityDayStart(Date.now());
  const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::bigint AS n FROM events WHERE occurred_at >= $1`, [
    dayStart,
  ]);
  if (rows[0].n >= today) return;
  await pool.query(
    `WITH ward AS (SELECT array_agg(code ORDER BY code) AS codes FROM wards)
     INSERT INTO events (id, occurred_at, received_at, kiosk_id, ward_code, type, age_group, guide, level, outcome)
     SELECT gen_random_uuid(), t, t, md5(w || k)::uuid, w, ty,
            (enum_range(NULL::age_group))[1 + floor(random() * 9)::int],
            CASE WHEN ty IN ('guide_started', 'guide_completed') THEN (enum_range(NULL::guide))[1 + floor(random() * 5)::int] END,
            CASE WHEN ty = 'account_registered' THEN 1 + floor(random() * 2)::int END,
            CASE WHEN ty = 'outcome_recorded' THEN (enum_range(NULL::outcome))[1 + floor(random() * 8)::int] END
     FROM ward, generate_series(1, $1::int) AS g,
          LATERAL (SELECT $2::timestamptz + random() * (now() - $2::timestamptz) AS t,
                          codes[1 + floor(random() * array_length(codes, 1))::int] AS w,
                          floor(random() * 3)::int AS k,
                          (ARRAY['visit_started', 'guide_started', 'guide_completed', 'account_registered',
                                 'outcome_recorded'])[1 + floor(random() * 5)::int]::event_type AS ty
                   WHERE g > 0) AS r`,
    [today - rows[0].n, dayStart],
  );
  process.stdout.write(`loaded ${today - rows[0].n} events of today\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '1000000' },
      days: { type: 'string', default: '90' },
      outcomes: { type: 'string', default: '100000' },
      today: { type: 'string', default: '0' },
      runs: { type: 'string', default: '200' },
    },
  });
  const days = Number(values.days);
  const runs = Number(values.runs);
  const { pool, target, embedded, close } = await openBenchDatabase('bench-live-pglite', {
    connections: 2,
    parallelQueries: false,
  });
  await loadSyntheticEvents(pool, Number(values.events), days);
  await loadOutcomes(pool, Number(values.outcomes), days);
  await loadToday(pool, Number(values.today));
  const refreshStarted = performance.now();
  await refreshAggregates(pool);
  process.stdout.write(`aggregates refreshed in ${Math.round((performance.now() - refreshStarted) / 1000)} s\n`);

  const { rows } = await pool.query<{ ward: string; today: number; busiest: number }>(
    `SELECT ward_code AS ward, sum(count(*)) OVER ()::bigint AS today, count(*)::bigint AS busiest
     FROM events WHERE occurred_at >= $1 GROUP BY ward_code ORDER BY count(*) DESC LIMIT 1`,
    [cityDayStart(Date.now())],
  );
  const { ward, today, busiest } = rows[0];
  process.stdout.write(`today so far: ${today} events, the busiest ward ${ward} ${busiest}\n`);

  const stats = new StatsRepository(pool);
  const live = new LiveCountsRepository(pool);
  // The read as it was: two statements, sent together (on one connection they run in turn).
  const before = async (wardCode: string | undefined) => {
    const now = Date.now();
    const [figures, byOutcome] = await Promise.all([
      stats.figures(cityDayStart(now), nextCityDayStart(now), wardCode),
      stats.outcomes(cityDayStart(now), nextCityDayStart(now), wardCode),
    ]);
    return { ...figures, byOutcome };
  };
  const after = (wardCode: string | undefined) => {
    const now = Date.now();
    return live.dayCounts(cityDayStart(now), nextCityDayStart(now), wardCode);
  };

  // The same answers, first.
  for (const wardCode of [undefined, ward]) {
    const [old, one] = await Promise.all([before(wardCode), after(wardCode)]);
    const { byAgeGroup: _, ...oldTotals } = old;
    if (JSON.stringify(oldTotals) !== JSON.stringify(one)) {
      throw new Error(
        `different answers for ${wardCode ?? 'the city'}: ${JSON.stringify(oldTotals)} ${JSON.stringify(one)}`,
      );
    }
  }

  const cases: [string, () => Promise<unknown>][] = [
    ['city, two queries (before)', () => before(undefined)],
    ['city, one query (after)', () => after(undefined)],
    ['ward, two queries (before)', () => before(ward)],
    ['ward, one query (after)', () => after(ward)],
  ];
  const histograms = cases.map(() => latencyHistogram());
  for (const [, read] of cases) await read(); // warm
  // In turn, run by run, so a change in the machine's load falls on both alike.
  for (let run = 0; run < runs; run++) {
    for (const [index, [, read]] of cases.entries()) {
      const started = performance.now();
      await read();
      histograms[index].recordValue(Math.max(1, Math.round((performance.now() - started) * 1000)));
    }
  }
  const milliseconds: Record<string, Percentiles> = {};
  for (const [index, [name]] of cases.entries()) milliseconds[name] = percentiles(histograms[index]);
  console.table(milliseconds);
  writeResults('live-counts', {
    target,
    embedded,
    events: Number(values.events),
    outcomes: Number(values.outcomes),
    days,
    runs,
    today,
    ward,
    wardToday: busiest,
    measuredAt: new Date().toISOString(),
    milliseconds,
  });
  await close();
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
