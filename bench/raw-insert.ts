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
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import * as hdr from 'hdr-histogram-js';
import { AGE_GROUPS, type IngestJobData } from '@kiosk-pulse/contract';
import { writeEvents } from '../apps/worker/src/event-writer';
import { openBenchDatabase, writeResults } from './bench-database';

const JOB_EVENTS = 100;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '20' },
      batch: { type: 'string', default: '5000' },
      connections: { type: 'string', default: '2' },
    },
  });
  const seconds = Number(values.seconds);
  const batch = Number(values.batch);
  const { pool, target, embedded, close } = await openBenchDatabase('bench-insert', {
    connections: Number(values.connections),
  });
  const connections = embedded ? 1 : Number(values.connections);
  const { rows: wards } = await pool.query<{ code: string }>('SELECT code FROM wards ORDER BY code');

  const jobs = (): IngestJobData[] =>
    Array.from({ length: batch / JOB_EVENTS }, (_, j) => ({
      kioskId: randomUUID(),
      wardCode: wards[j % wards.length].code,
      receivedAt: new Date().toISOString(),
      clockOffsetMs: null,
      events: Array.from({ length: JOB_EVENTS }, () => ({
        id: randomUUID(),
        type: 'visit_started' as const,
        occurredAt: new Date(Date.now() - Math.random() * 3_600_000).toISOString(),
        ageGroup: AGE_GROUPS[Math.floor(Math.random() * AGE_GROUPS.length)],
      })),
    }));

  const latency = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 600_000,
    numberOfSignificantValueDigits: 3,
  });
  let inserted = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const work = jobs(); // built outside the timed write
        const t0 = performance.now();
        inserted += (await writeEvents(pool, work)).inserted;
        latency.recordValue(Math.max(1, Math.round(performance.now() - t0)));
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const result = {
    target,
    connections,
    batch,
    seconds: Math.round(elapsed * 10) / 10,
    inserted,
    rowsPerSecond: Math.round(inserted / elapsed),
    writeMs: { p50: latency.getValueAtPercentile(50), p95: latency.getValueAtPercentile(95) },
    measuredAt: new Date().toISOString(),
  };
  console.table([result]);
  writeResults('raw-insert', result);
  await close();
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
