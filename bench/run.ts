/**
 * The whole benchmark, one command (npm run bench):
 *
 *   npm run bench -- [--seconds 60] [--connections 100] [--apis 1] [--workers 1]
 *                    [--ceiling-seconds 10] [--raw-rows 800000] [--drain-events 600000]
 *                    [--settle-seconds 90] [--latency-seconds 30] [--latency-runs 3]
 *                    [--stats-events 10000000] [--skip-stats]
 *
 * In one run, on the same server, each on an empty database of its own:
 * a. the physical ceiling: binary COPY of pre-made rows into the events hypertable, 1 and 2
 *    connections (bench/copy-ceiling.ts); every other rate is also given as a ratio to the
 *    1-connection figure;
 * b. the project's write path: writeEvents, 2 connections, a fixed number of rows;
 * c. the worker draining a full queue: the api alone takes `drain-events` events (batches of
 *    50), then one worker starts and is timed until the live counts show them all;
 * d. end to end: kiosks (autocannon, batches of 50) through HTTP -> BullMQ -> worker ->
 *    TimescaleDB for `seconds`, every accepted event until it is stored;
 * e. latency from a POST's 202 to the live `counts` message that includes it, at 2,000 events/s
 *    and at 80 % of (d), `latency-runs` times, after `settle-seconds` of quiet: the burst of (d)
 *    leaves its last minute or two of rows above the minute tier's watermark, which every live
 *    read aggregates until the refresh policy (every 30 s, a minute behind) materializes them;
 *    the runs measure the latency at their own rate, not that aftermath;
 * then the api's and worker's resident memory under (d) and the dashboard's queries over
 * `stats-events` events (bench/stats-queries.ts).
 *
 * Each of a-d also as CPU-seconds per million events per component, read from /proc
 * (bench/cpu.ts): database (the whole server: its background jobs too), api, worker, Redis,
 * their sum; the load generator apart.
 *
 * Against DATABASE_URL (a real TimescaleDB; scratch databases <name>_copy1, _copy2, _raw, _drain
 * and _ingest on the same server, made afresh) or the embedded default (one process; data under
 * ./data): there the ceiling is PGlite's in-process COPY (one connection), (c) cannot be run (the
 * worker is inside the api) and the database's CPU is the api's. REDIS_URL or the local Redis.
 * Builds the app first. Writes bench/results/bench.json.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { createPool, prepareDatabase, projectRoot, startEmbeddedDatabase } from '@kiosk-pulse/database';
import { openBenchDatabase, writeResults } from './bench-database';
import { measureCopyCeiling, measureEmbeddedCopyCeiling, type CopyCeilingResult } from './copy-ceiling';
import { cpuSpent, findPostmaster, findRedis, readCpu, type CpuSources, type CpuSpent } from './cpu';
import { Deployment, type LiveWatch } from './ingest';
import { measureRawInsert } from './raw-insert';
import { loadSyntheticEvents, measureStatsQueries } from './stats-queries';

const MODERATE_EVENTS_PER_SECOND = 2_000;
const WARM_UP_MS = 5_000;
const EVENTS_PER_REQUEST = 50;
const BATCH = 5_000;

/** One line of the table. */
interface Measure {
  measure: string;
  eventsPerSecond: number | null;
  events: number;
  seconds: number;
  cpu?: CpuSpent;
  note?: string;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '60' },
      'ceiling-seconds': { type: 'string', default: '10' },
      'raw-rows': { type: 'string', default: '800000' },
      'drain-events': { type: 'string', default: '600000' },
      'latency-seconds': { type: 'string', default: '30' },
      'latency-runs': { type: 'string', default: '3' },
      'settle-seconds': { type: 'string', default: '90' },
      connections: { type: 'string', default: '100' },
      apis: { type: 'string', default: '1' },
      workers: { type: 'string', default: '1' },
      'stats-events': { type: 'string', default: '10000000' },
      'skip-stats': { type: 'boolean', default: false },
    },
  });
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const databaseUrl = process.env.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis = await findRedis(redisUrl);
  const dataRoot = join(projectRoot(), 'data');
  const measures: Measure[] = [];
  const notes: string[] = [];
  if (!databaseUrl) {
    notes.push('embedded: the database and the worker run inside the api process, so their CPU is in the api column');
  }
  if (redis === undefined) notes.push('Redis is not on this machine: its CPU is not measured');

  console.log(`a. COPY ceiling, ${values['ceiling-seconds']} s per connection count ...`);
  const ceilings: CopyCeilingResult[] = [];
  for (const copyConnections of databaseUrl ? [1, 2] : [1]) {
    const ceiling = await copyCeiling(databaseUrl, copyConnections, Number(values['ceiling-seconds']), dataRoot);
    ceilings.push(ceiling);
    measures.push({
      measure: `COPY ceiling, ${copyConnections} connection${copyConnections > 1 ? 's' : ''}`,
      eventsPerSecond: ceiling.rowsPerSecond,
      events: ceiling.inserted,
      seconds: ceiling.seconds,
      cpu: ceiling.cpu,
      note: databaseUrl
        ? `the COPY backends alone: ${ceiling.cpu?.perMillionEvents['own backends'] ?? '-'} CPU-s/M`
        : 'in-process (PGlite COPY FROM /dev/blob), not over the socket',
    });
  }
  if (!databaseUrl) notes.push('embedded: one connection only, so no 2-connection COPY ceiling');

  console.log(`b. the write path (writeEvents), ${values['raw-rows']} rows ...`);
  const raw = await rawLimit(databaseUrl, join(dataRoot, 'bench-raw'), Number(values['raw-rows']));
  measures.push({
    measure: `writeEvents, ${raw.connections} connection${raw.connections > 1 ? 's' : ''}`,
    eventsPerSecond: raw.rowsPerSecond,
    events: raw.inserted,
    seconds: raw.seconds,
    cpu: raw.cpu,
    note: databaseUrl ? 'worker: this process, as the writer' : 'database: this process (PGlite and the writer)',
  });

  // So far (the rest needs the built app): shown now, in case a later step fails.
  console.table(measures.map((measure) => tableRow(measure, ceilings[0].rowsPerSecond)));

  if (databaseUrl) {
    console.log(`c. one worker draining ${values['drain-events']} queued events ...`);
    try {
      measures.push(
        await drainQueue(await freshDatabase(databaseUrl, 'drain'), redisUrl, redis, {
          events: Number(values['drain-events']),
          connections,
          apis: Number(values.apis),
          dataDir: join(dataRoot, 'bench-drain'),
        }),
      );
    } finally {
      await dropDatabase(databaseUrl, 'drain');
    }
  } else {
    notes.push('c. (draining a full queue) skipped: embedded, the worker runs inside the api and drains as it goes');
  }

  console.log(`d. end-to-end ingest for ${seconds} s ...`);
  const ingestUrl = databaseUrl ? await freshDatabase(databaseUrl, 'ingest') : undefined;
  const dataDir = join(dataRoot, 'bench-ingest');
  rmSync(dataDir, { recursive: true, force: true });
  const deployment = await Deployment.start({
    databaseUrl: ingestUrl,
    dataDir,
    redisUrl,
    apis: Number(values.apis),
    workers: Number(values.workers),
  });
  try {
    const sources: CpuSources = {
      database: ingestUrl ? await postmasterOf(ingestUrl) : undefined,
      redis,
      api: () => deployment.pids().api,
      worker: () => deployment.pids().worker,
    };
    const city = await deployment.watch();
    const before = city.latest.peopleReached;
    const rss = { api: 0, worker: 0 };
    const sampler = setInterval(() => {
      const now = deployment.rssMb();
      rss.api = Math.max(rss.api, now.api);
      rss.worker = Math.max(rss.worker, now.worker);
    }, 1_000);
    const cpuBefore = readCpu(sources);
    const loadStarted = performance.now();
    const loading = deployment.load({ connections, seconds });
    await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS));
    const windowStart = { at: performance.now(), stored: city.latest.peopleReached };
    const load = await loading;
    const windowEnd = { at: performance.now(), stored: city.latest.peopleReached };
    clearInterval(sampler);
    const drainStarted = performance.now();
    await untilStored(city, before + load.accepted * EVENTS_PER_REQUEST);
    const drainSeconds = Math.round((performance.now() - drainStarted) / 100) / 10;
    // The pipeline's rate: every accepted event, from the first POST until the last is stored.
    const pipelineSeconds = (performance.now() - loadStarted) / 1000;
    const accepted = load.accepted * EVENTS_PER_REQUEST;
    const endToEndCpu = cpuSpent(cpuBefore, readCpu(sources), accepted, load.cpuSeconds);
    city.close();
    const endToEnd = {
      eventsPerSecond: Math.round(accepted / pipelineSeconds),
      storedDuringLoadPerSecond: Math.round(
        (windowEnd.stored - windowStart.stored) / ((windowEnd.at - windowStart.at) / 1000),
      ),
      acceptedEventsPerSecond: Math.round(load.requestsPerSecond * EVENTS_PER_REQUEST),
      postsAccepted: load.accepted,
      postsRefused: load.refused,
      errors: load.errors,
      httpMs: load.httpMs,
      drainSeconds,
    };
    console.table([{ ...endToEnd, httpMs: JSON.stringify(endToEnd.httpMs) }]);
    measures.push({
      measure: `end to end, HTTP (${connections} connections, batches of 50)`,
      eventsPerSecond: endToEnd.eventsPerSecond,
      events: accepted,
      seconds: Math.round(pipelineSeconds * 10) / 10,
      cpu: endToEndCpu,
      note: `stored ${endToEnd.storedDuringLoadPerSecond}/s during the load, then drained for ${drainSeconds} s`,
    });

    const settleSeconds = Number(values['settle-seconds']);
    console.log(`   ${settleSeconds} s of quiet, for the burst's rows to be materialized ...`);
    await new Promise((resolve) => setTimeout(resolve, settleSeconds * 1000));
    const nearPeak = Math.round(endToEnd.eventsPerSecond * 0.8);
    const latencySeconds = Number(values['latency-seconds']);
    const latencyRuns: { run: number; offered: number; [figure: string]: unknown }[] = [];
    for (let run = 1; run <= Number(values['latency-runs']); run++) {
      for (const eventsPerSecond of [MODERATE_EVENTS_PER_SECOND, nearPeak]) {
        console.log(`e. run ${run}: POST -> counts latency at ${eventsPerSecond} events/s for ${latencySeconds} s ...`);
        const during = deployment.load({ connections: 20, seconds: latencySeconds, eventsPerSecond });
        latencyRuns.push({
          run,
          offered: eventsPerSecond,
          ...(await deployment.probeLatency(during)),
          load: await during,
        });
      }
    }

    const stats = values['skip-stats'] ? undefined : await statsQueries(Number(values['stats-events']));

    const copyOne = ceilings[0].rowsPerSecond;
    console.log(`\nOne run, ${databaseUrl ? 'native TimescaleDB (DATABASE_URL)' : 'embedded TimescaleDB (PGlite)'}:`);
    console.table(measures.map((measure) => tableRow(measure, copyOne)));
    console.log('CPU-seconds per million events: database = the whole server (its background jobs too);');
    console.log('pipeline = api + worker + database + redis; the load generator is not in it.');
    console.table(
      latencyRuns.map(({ run, offered, p50, p95, p99, max, probes }) => ({
        run,
        'events/s offered': offered,
        p50,
        p95,
        p99,
        max,
        probes,
      })),
    );
    if (stats) console.table(stats.milliseconds);
    console.table([{ apiRssMb: rss.api, workerRssMb: rss.worker }]);
    for (const note of notes) console.log(`note: ${note}`);

    writeResults('bench', {
      measuredAt: new Date().toISOString(),
      database: databaseUrl ? 'DATABASE_URL (native TimescaleDB)' : 'embedded TimescaleDB (PGlite)',
      apis: deployment.apiUrls.length,
      workers: databaseUrl ? Number(values.workers) : 'in the api process',
      measures: measures.map((measure) => ({
        ...measure,
        ratioToCopy: measure.eventsPerSecond === null ? null : ratio(measure.eventsPerSecond, copyOne),
      })),
      copyCeiling: ceilings,
      rawInsert: raw,
      endToEnd: { ...endToEnd, ratioToCopy: ratio(endToEnd.eventsPerSecond, copyOne), seconds },
      postToCountsMs: latencyRuns,
      rssMb: rss,
      statsQueries: stats,
      notes,
    });
  } finally {
    await deployment.stop();
  }
}

const ratio = (rate: number, ceiling: number) => Math.round((rate / ceiling) * 100) / 100;

function tableRow(measure: Measure, copyOne: number): Record<string, unknown> {
  const perMillion = measure.cpu?.perMillionEvents ?? {};
  const cell = (value: number | undefined) => value ?? '-';
  return {
    measure: measure.measure,
    'events/s': measure.eventsPerSecond,
    'x COPY(1)': measure.eventsPerSecond === null ? null : ratio(measure.eventsPerSecond, copyOne),
    'db CPU-s/M': cell(perMillion.database),
    'api CPU-s/M': cell(perMillion.api),
    'worker CPU-s/M': cell(perMillion.worker),
    'redis CPU-s/M': cell(perMillion.redis),
    'pipeline CPU-s/M': cell(perMillion.pipeline),
    'load gen CPU-s/M': cell(perMillion['load generator']),
    note: measure.note ?? '',
  };
}

/** The api alone takes `events` into the queue; then one worker is started and timed until all are stored. */
async function drainQueue(
  databaseUrl: string,
  redisUrl: string,
  redis: number | undefined,
  options: { events: number; connections: number; apis: number; dataDir: string },
): Promise<Measure> {
  const deployment = await Deployment.start({
    databaseUrl,
    dataDir: options.dataDir,
    redisUrl,
    apis: options.apis,
    workers: 0,
  });
  try {
    const city = await deployment.watch();
    const before = city.latest.peopleReached;
    const posted = await deployment.load({ connections: options.connections, seconds: 3_600, events: options.events });
    const queued = posted.accepted * EVENTS_PER_REQUEST;
    console.log(
      `   ${queued} events queued (${Math.round(posted.requestsPerSecond * EVENTS_PER_REQUEST)} events/s accepted)`,
    );
    const sources: CpuSources = {
      database: await postmasterOf(databaseUrl),
      redis,
      api: () => deployment.pids().api,
      worker: () => deployment.pids().worker,
    };
    const cpuBefore = readCpu(sources);
    const started = performance.now();
    deployment.startWorkers(1);
    await city.until((counts) => counts.peopleReached > before, 120_000);
    const firstStored = performance.now();
    await untilStored(city, before + queued);
    const ended = performance.now();
    const cpu = cpuSpent(cpuBefore, readCpu(sources), queued);
    city.close();
    const seconds = (ended - started) / 1000;
    return {
      measure: 'one worker draining a full queue',
      eventsPerSecond: Math.round(queued / seconds),
      events: queued,
      seconds: Math.round(seconds * 10) / 10,
      cpu,
      note:
        `timed from the worker's start; from its first stored event ` +
        `${Math.round(queued / ((ended - firstStored) / 1000))}/s`,
    };
  } finally {
    await deployment.stop();
  }
}

async function untilStored(city: LiveWatch, total: number): Promise<void> {
  const progress = setInterval(() => {
    console.log(`   draining the queue: ${total - city.latest.peopleReached} events still to store`);
  }, 10_000);
  await city.until((counts) => counts.peopleReached >= total, 900_000).finally(() => clearInterval(progress));
}

async function postmasterOf(databaseUrl: string): Promise<number | undefined> {
  const pool = createPool(databaseUrl, { max: 1, applicationName: 'bench-cpu' });
  try {
    return await findPostmaster(pool);
  } finally {
    await pool.end();
  }
}

/** The database name <name>_<suffix> beside DATABASE_URL's, and its URL. */
function scratchDatabase(databaseUrl: string, suffix: string): { name: string; url: string } {
  const url = new URL(databaseUrl);
  const name = `${url.pathname.slice(1) || 'postgres'}_${suffix}`;
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

async function adminQuery(databaseUrl: string, sql: (admin: Client) => string): Promise<void> {
  const admin = new Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    await admin.query(sql(admin));
  } finally {
    await admin.end();
  }
}

/** A new, empty database <name>_<suffix> beside DATABASE_URL's. */
async function freshDatabase(databaseUrl: string, suffix: string): Promise<string> {
  const { name, url } = scratchDatabase(databaseUrl, suffix);
  await dropDatabase(databaseUrl, suffix);
  await adminQuery(databaseUrl, (admin) => `CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  return url;
}

/**
 * Drops a scratch database once measured: its TimescaleDB jobs (the aggregates' refreshes of the
 * rows just written) would otherwise run on into the next measure and count as its database CPU.
 */
async function dropDatabase(databaseUrl: string, suffix: string): Promise<void> {
  const { name } = scratchDatabase(databaseUrl, suffix);
  await adminQuery(databaseUrl, (admin) => `DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
}

async function copyCeiling(
  databaseUrl: string | undefined,
  connections: number,
  seconds: number,
  dataRoot: string,
): Promise<CopyCeilingResult> {
  if (!databaseUrl) {
    const dataDir = join(dataRoot, 'bench-copy');
    rmSync(dataDir, { recursive: true, force: true });
    return measureEmbeddedCopyCeiling(dataDir, { seconds, batch: BATCH });
  }
  const suffix = `copy${connections}`;
  const pool = createPool(await freshDatabase(databaseUrl, suffix), {
    max: connections,
    applicationName: 'bench-copy',
  });
  try {
    await prepareDatabase(pool);
    const cpu = { database: await findPostmaster(pool), benchProcess: true, benchProcessAs: 'worker' as const };
    const result = await measureCopyCeiling(pool, { seconds, batch: BATCH, connections, cpu });
    const { cpu: _, ...rate } = result;
    console.table([rate]);
    return result;
  } finally {
    await pool.end();
    await dropDatabase(databaseUrl, suffix);
  }
}

async function rawLimit(databaseUrl: string | undefined, dataDir: string, rows: number) {
  rmSync(dataDir, { recursive: true, force: true });
  const url = databaseUrl ? await freshDatabase(databaseUrl, 'raw') : undefined;
  const embedded = url ? undefined : await startEmbeddedDatabase(join(dataDir, 'pglite'));
  const connections = embedded ? 1 : 2;
  const pool = createPool(url ?? (embedded?.url as string), { max: connections, applicationName: 'bench-raw' });
  try {
    await prepareDatabase(pool);
    const cpu: CpuSources = embedded
      ? { benchProcess: true, benchProcessAs: 'database' }
      : { database: await findPostmaster(pool), benchProcess: true, benchProcessAs: 'worker' };
    const result = await measureRawInsert(pool, { seconds: 0, batch: BATCH, connections, rows, cpu });
    const { cpu: _, ...rate } = result;
    console.table([{ ...rate, writeMs: JSON.stringify(rate.writeMs) }]);
    return result;
  } finally {
    await pool.end();
    await embedded?.stop();
    if (databaseUrl) await dropDatabase(databaseUrl, 'raw');
  }
}

async function statsQueries(events: number) {
  console.log(`dashboard queries over ${events} events ...`);
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
