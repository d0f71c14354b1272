/**
 * The whole benchmark, one command (npm run bench):
 *
 *   npm run bench -- [--seconds 60] [--connections 100] [--apis 1] [--workers 1]
 *                    [--stats-events 10000000] [--skip-stats]
 *
 * 1. raw limit: the worker's batched INSERT straight into the events hypertable (no HTTP, no queue);
 * 2. end-to-end ingest: kiosks (autocannon, batches of 50) through HTTP -> BullMQ -> worker ->
 *    TimescaleDB for `seconds`, as events stored per second, and its ratio to the raw limit;
 * 3. latency from a POST's 202 to the live `counts` message that includes it, at 2,000 events/s
 *    and at 80 % of the end-to-end rate;
 * 4. the api's and worker's resident memory under the end-to-end load;
 * 5. the dashboard's queries over `stats-events` events (bench/stats-queries.ts).
 *
 * Against DATABASE_URL (a real TimescaleDB; steps 1 and 2-4 each use a scratch database,
 * <name>_raw and <name>_ingest, on the same server, made afresh) or the embedded default (one process; data under ./data), and
 * REDIS_URL or the local Redis. Builds the app first. Writes bench/results/bench.json.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { createPool, prepareDatabase, projectRoot, startEmbeddedDatabase } from '@kiosk-pulse/database';
import { openBenchDatabase, writeResults } from './bench-database';
import { Deployment } from './ingest';
import { measureRawInsert } from './raw-insert';
import { loadSyntheticEvents, measureStatsQueries } from './stats-queries';

const MODERATE_EVENTS_PER_SECOND = 2_000;
const WARM_UP_MS = 5_000;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '60' },
      'latency-seconds': { type: 'string', default: '30' },
      connections: { type: 'string', default: '100' },
      apis: { type: 'string', default: '1' },
      workers: { type: 'string', default: '1' },
      'stats-events': { type: 'string', default: '10000000' },
      'skip-stats': { type: 'boolean', default: false },
    },
  });
  const seconds = Number(values.seconds);
  const latencySeconds = Number(values['latency-seconds']);
  const databaseUrl = process.env.DATABASE_URL;
  // Each measurement on an empty database of its own, as a new deployment's would be.
  const rawUrl = databaseUrl ? await freshDatabase(databaseUrl, 'raw') : undefined;
  const ingestUrl = databaseUrl ? await freshDatabase(databaseUrl, 'ingest') : undefined;
  const dataDir = join(projectRoot(), 'data', 'bench-ingest');
  rmSync(dataDir, { recursive: true, force: true });

  console.log('1. raw insert limit ...');
  const raw = await rawLimit(rawUrl, join(projectRoot(), 'data', 'bench-raw'));
  console.table([raw]);

  console.log(`2. end-to-end ingest for ${seconds} s ...`);
  const deployment = await Deployment.start({
    databaseUrl: ingestUrl,
    dataDir,
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    apis: Number(values.apis),
    workers: Number(values.workers),
  });
  try {
    const city = await deployment.watch();
    const before = city.latest.peopleReached;
    const rss = { api: 0, worker: 0 };
    const sampler = setInterval(() => {
      const now = deployment.rssMb();
      rss.api = Math.max(rss.api, now.api);
      rss.worker = Math.max(rss.worker, now.worker);
    }, 1_000);
    const loadStarted = performance.now();
    const loading = deployment.load({ connections: Number(values.connections), seconds });
    await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS));
    const windowStart = { at: performance.now(), stored: city.latest.peopleReached };
    const load = await loading;
    const windowEnd = { at: performance.now(), stored: city.latest.peopleReached };
    clearInterval(sampler);
    const drainStarted = performance.now();
    const progress = setInterval(() => {
      const left = before + load.accepted * 50 - city.latest.peopleReached;
      console.log(`   draining the queue: ${left} events still to store`);
    }, 10_000);
    await city
      .until((counts) => counts.peopleReached >= before + load.accepted * 50, 900_000)
      .finally(() => clearInterval(progress));
    const drainSeconds = Math.round((performance.now() - drainStarted) / 100) / 10;
    // The pipeline's rate: every accepted event, from the first POST until the last is stored.
    const pipelineSeconds = (performance.now() - loadStarted) / 1000;
    city.close();
    const endToEnd = {
      eventsPerSecond: Math.round((load.accepted * 50) / pipelineSeconds),
      storedDuringLoadPerSecond: Math.round(
        (windowEnd.stored - windowStart.stored) / ((windowEnd.at - windowStart.at) / 1000),
      ),
      acceptedEventsPerSecond: Math.round(load.requestsPerSecond * 50),
      postsAccepted: load.accepted,
      postsRefused: load.refused,
      errors: load.errors,
      httpMs: load.httpMs,
      drainSeconds,
    };
    const ratio = Math.round((endToEnd.eventsPerSecond / raw.rowsPerSecond) * 100) / 100;
    console.table([{ ...endToEnd, httpMs: JSON.stringify(endToEnd.httpMs), ratioToRaw: ratio }]);

    const nearPeak = Math.round(endToEnd.eventsPerSecond * 0.8);
    const latency: Record<string, unknown> = {};
    for (const eventsPerSecond of [MODERATE_EVENTS_PER_SECOND, nearPeak]) {
      console.log(`3. POST -> counts latency at ${eventsPerSecond} events/s for ${latencySeconds} s ...`);
      const during = deployment.load({ connections: 20, seconds: latencySeconds, eventsPerSecond });
      latency[`${eventsPerSecond} events/s`] = {
        ...(await deployment.probeLatency(during)),
        offered: eventsPerSecond,
        load: await during,
      };
    }
    console.table(
      Object.fromEntries(
        Object.entries(latency).map(([rate, figures]) => {
          const { p50, p95, p99, max, probes } = figures as Record<string, number>;
          return [rate, { p50, p95, p99, max, probes }];
        }),
      ),
    );

    const stats = values['skip-stats'] ? undefined : await statsQueries(Number(values['stats-events']));
    if (stats) console.table(stats.milliseconds);
    console.table([{ apiRssMb: rss.api, workerRssMb: rss.worker }]);

    writeResults('bench', {
      measuredAt: new Date().toISOString(),
      database: databaseUrl ? 'DATABASE_URL (native TimescaleDB)' : 'embedded TimescaleDB (PGlite)',
      apis: deployment.apiUrls.length,
      workers: databaseUrl ? Number(values.workers) : 'in the api process',
      rawInsert: raw,
      endToEnd: { ...endToEnd, ratioToRaw: ratio, seconds },
      postToCountsMs: latency,
      rssMb: rss,
      statsQueries: stats,
    });
  } finally {
    await deployment.stop();
  }
}

/** A new, empty database <name>_<suffix> beside DATABASE_URL's. */
async function freshDatabase(databaseUrl: string, suffix: string): Promise<string> {
  const url = new URL(databaseUrl);
  const name = `${url.pathname.slice(1) || 'postgres'}_${suffix}`;
  const admin = new Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  url.pathname = `/${name}`;
  return url.toString();
}

async function rawLimit(databaseUrl: string | undefined, dataDir: string) {
  rmSync(dataDir, { recursive: true, force: true });
  const embedded = databaseUrl ? undefined : await startEmbeddedDatabase(join(dataDir, 'pglite'));
  const pool = createPool(databaseUrl ?? (embedded?.url as string), {
    max: embedded ? 1 : 2,
    applicationName: 'bench-raw',
  });
  try {
    await prepareDatabase(pool);
    return await measureRawInsert(pool, { seconds: 20, batch: 5_000, connections: embedded ? 1 : 2 });
  } finally {
    await pool.end();
    await embedded?.stop();
  }
}

async function statsQueries(events: number) {
  console.log(`5. dashboard queries over ${events} events ...`);
  const { pool, close } = await openBenchDatabase('bench-pglite', { connections: 1, parallelQueries: false });
  try {
    await loadSyntheticEvents(pool, events, 90);
    return { events, days: 90, ...(await measureStatsQueries(pool, { days: 90, runs: 50 })) };
  } finally {
    await close();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
