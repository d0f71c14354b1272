/**
 * The ceiling: rows/s of the worker's own batched INSERT straight into the events hypertable,
 * with no HTTP and no queue.
 *
 *   npm run bench:insert -- [--seconds 20] [--batch 5000] [--connections 2]
 *
 * Against DATABASE_URL (a real TimescaleDB), or the embedded one when unset. Each write is one
 * transaction of `batch` events in jobs of 100, as the worker writes them; `connections` writers
 * run at once (the embedded database takes one). Prints rows/s and writes
 * bench/results/raw-insert.json.
 */
import { parseArgs } from 'node:util';
import type { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { AGE_GROUPS, type IngestJobData } from '@kiosk-pulse/contract';
import { writeEvents } from '../libs/ingest-writer/src/events.repository';
import { latencyHistogram, percentiles, type Percentiles } from './histogram';
import { insertRate, openBenchDatabase, writeResults } from './bench-database';
import { cpuSpent, readCpu, type CpuSources, type CpuSpent } from './cpu';

const JOB_EVENTS = 100;
const MAX_ROWS_PER_SECOND = 100_000;

export interface RawInsertResult {
  connections: number;
  batch: number;
  seconds: number;
  inserted: number;
  rowsPerSecond: number;
  writeMs: Percentiles;
  /** While the clock ran (see measureRawInsert's cpu). */
  cpu?: CpuSpent;
}

/**
 * Writes batches of new events (ids as kiosks make them, UUIDv7) for `seconds`, or until `rows`
 * have been written, `connections` at a time. With `cpu`, the CPU of those sources meanwhile
 * (this process is the writer: reported as the worker).
 */
export async function measureRawInsert(
  pool: Pool,
  options: { seconds: number; batch: number; connections: number; rows?: number; cpu?: CpuSources },
): Promise<RawInsertResult> {
  const { rows: wards } = await pool.query<{ code: string }>('SELECT code FROM wards ORDER BY code');
  // A hundred kiosks, as the end-to-end load has: the per-kiosk aggregates grow with them.
  const kiosks = Array.from({ length: 100 }, () => uuidv7());
  const jobs = (): IngestJobData[] =>
    Array.from({ length: options.batch / JOB_EVENTS }, (_, j) => ({
      kioskId: kiosks[j % kiosks.length],
      wardCode: wards[j % kiosks.length].code,
      receivedAt: new Date().toISOString(),
      clockOffsetMs: null,
      events: Array.from({ length: JOB_EVENTS }, () => ({
        id: uuidv7(),
        type: 'visit_started' as const,
        occurredAt: new Date(Date.now() - Math.random() * 60_000).toISOString(),
        ageGroup: AGE_GROUPS[Math.floor(Math.random() * AGE_GROUPS.length)],
      })),
    }));

  // Every batch is made before the clock starts, so that making them does not take the CPU the
  // database needs: enough for the time at up to MAX_ROWS_PER_SECOND.
  const ready = Array.from(
    { length: Math.ceil((options.rows ?? MAX_ROWS_PER_SECOND * options.seconds) / options.batch) },
    jobs,
  );
  const latency = latencyHistogram();
  let inserted = 0;
  const cpuBefore = options.cpu && readCpu(options.cpu);
  const started = performance.now();
  const deadline = options.rows ? Infinity : started + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (performance.now() < deadline) {
        const work = ready.pop();
        if (!work && options.rows) return;
        if (!work) throw new Error(`more than ${MAX_ROWS_PER_SECOND} rows/s: raise MAX_ROWS_PER_SECOND`);
        const t0 = performance.now();
        // Read the total only after the write: `inserted += await ...` would read it before, and a
        // second writer's batch finished in between would be lost.
        const written = (await writeEvents(pool, work)).inserted;
        inserted += written;
        latency.recordValue(Math.max(1, Math.round((performance.now() - t0) * 1000)));
      }
    }),
  );
  const cpu = options.cpu && cpuBefore ? cpuSpent(cpuBefore, readCpu(options.cpu), inserted) : undefined;
  return {
    ...insertRate(options, inserted, started),
    writeMs: percentiles(latency),
    ...(cpu ? { cpu } : {}),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '20' },
      batch: { type: 'string', default: '5000' },
      connections: { type: 'string', default: '2' },
    },
  });
  const connections = Number(values.connections);
  const { pool, target, embedded, close } = await openBenchDatabase('bench-insert', { connections });
  const result = await measureRawInsert(pool, {
    seconds: Number(values.seconds),
    batch: Number(values.batch),
    connections: embedded ? 1 : connections,
  });
  console.table([result]);
  writeResults('raw-insert', { target, ...result, measuredAt: new Date().toISOString() });
  await close();
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
