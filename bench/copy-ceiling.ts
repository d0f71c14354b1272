/**
 * The physical ceiling: rows/s that PostgreSQL and TimescaleDB take into the events hypertable
 * (all its indexes, the aggregates' invalidation trigger) by binary COPY of rows made and
 * encoded before the clock starts, with no application work at all. The project's write path
 * and the end-to-end rate are compared with it (bench/run.ts).
 *
 *   npx tsx bench/copy-ceiling.ts [--seconds 10] [--batch 5000] [--connections 1]
 *
 * Against DATABASE_URL (through pg-copy-streams, each COPY its own transaction). Without it, on
 * the embedded database: COPY FROM STDIN over the embedded socket crashes PGlite's wasm, so the
 * rows go in through PGlite's own in-process `COPY ... FROM '/dev/blob'` (one connection). Only
 * the events table is written: not the id ledger, the kiosks or the flags that writeEvents also
 * keeps, since this is the floor of what storing an event costs.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { timescaledb } from '@electric-sql/pglite/timescaledb';
import type { Pool } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { v7 as uuidv7 } from 'uuid';
import { AGE_GROUPS } from '@kiosk-pulse/contract';
import { createPool, prepareDatabase, projectRoot, startEmbeddedDatabase } from '@kiosk-pulse/database';
import { insertRate, writeResults } from './bench-database';
import { cpuSpent, findPostmaster, readCpu, type CpuSources, type CpuSpent } from './cpu';

/** Enough rows made beforehand for this many per second; a run that uses them all stops early. */
const MAX_ROWS_PER_SECOND = 250_000;

/** The columns the worker writes, in its order. */
const COLUMNS =
  'id, occurred_at, received_at, clock_offset_ms, kiosk_id, ward_code, type, age_group, guide, level, ' +
  'helper_role, duration_ms, outcome, rating';
const COPY_SQL = `COPY events (${COLUMNS}) FROM STDIN (FORMAT binary)`;
const BLOB_COPY_SQL = `COPY events (${COLUMNS}) FROM '/dev/blob' (FORMAT binary)`;

export interface CopyCeilingResult {
  connections: number;
  batch: number;
  seconds: number;
  inserted: number;
  rowsPerSecond: number;
  /** 'in-process' on the embedded database: PGlite's own COPY, no wire protocol. */
  via: 'COPY FROM STDIN' | 'in-process COPY FROM /dev/blob (PGlite)';
  /** Set when the rows made beforehand ran out before `seconds`. */
  stoppedEarly?: boolean;
  /** While the clock ran; embedded, 'database' is this whole process (PGlite runs in it). */
  cpu?: CpuSpent;
}

/*
 * The binary COPY format, written here rather than with pg-copy-streams-binary (the same
 * author's): its encoder has no uuid type (a uuid would have to pass as bytea), builds each field
 * through bufferput/through2 streams, and would be a new dependency; the rows here are of
 * five fixed kinds of column, and this is their whole encoding. Enums travel as their labels.
 */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER = Buffer.concat([SIGNATURE, Buffer.alloc(8)]); // flags 0, no header extension
const TRAILER = Buffer.from([0xff, 0xff]);
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);
const FIELDS = 14;

class CopyEncoder {
  private buffer: Buffer;
  private offset = 0;

  constructor(rows: number) {
    this.buffer = Buffer.allocUnsafe(HEADER.length + rows * 160 + TRAILER.length);
    this.offset = HEADER.copy(this.buffer, 0);
  }

  row(): void {
    this.offset = this.buffer.writeInt16BE(FIELDS, this.offset);
  }
  uuid(): void {
    this.offset = this.buffer.writeInt32BE(16, this.offset);
    uuidv7(undefined, this.buffer, this.offset);
    this.offset += 16;
  }
  uuidBytes(bytes: Buffer): void {
    this.offset = this.buffer.writeInt32BE(16, this.offset);
    this.offset += bytes.copy(this.buffer, this.offset);
  }
  timestamptz(ms: number): void {
    this.offset = this.buffer.writeInt32BE(8, this.offset);
    this.offset = this.buffer.writeBigInt64BE(BigInt(Math.round(ms - POSTGRES_EPOCH_MS) * 1000), this.offset);
  }
  text(bytes: Buffer): void {
    this.offset = this.buffer.writeInt32BE(bytes.length, this.offset);
    this.offset += bytes.copy(this.buffer, this.offset);
  }
  null(): void {
    this.offset = this.buffer.writeInt32BE(-1, this.offset);
  }
  end(): Buffer {
    this.offset += TRAILER.copy(this.buffer, this.offset);
    return this.buffer.subarray(0, this.offset);
  }
}

/**
 * Batches of `batch` new visits, each one COPY's whole input, as raw-insert.ts makes them: UUIDv7
 * ids, a hundred kiosks spread over the wards, times in the last minute, a random age group.
 */
function encodeBatches(count: number, batch: number, wards: string[]): Buffer[] {
  const kiosks = Array.from({ length: 100 }, () => Buffer.from(uuidv7(undefined, Buffer.alloc(16))));
  const wardBytes = kiosks.map((_, k) => Buffer.from(wards[k % wards.length]));
  const visit = Buffer.from('visit_started');
  const ageGroups = AGE_GROUPS.map((group) => Buffer.from(group));
  return Array.from({ length: count }, () => {
    const encoder = new CopyEncoder(batch);
    const receivedAt = Date.now();
    for (let i = 0; i < batch; i++) {
      const k = i % kiosks.length;
      encoder.row();
      encoder.uuid();
      encoder.timestamptz(receivedAt - Math.random() * 60_000);
      encoder.timestamptz(receivedAt);
      encoder.null(); // clock_offset_ms
      encoder.uuidBytes(kiosks[k]);
      encoder.text(wardBytes[k]);
      encoder.text(visit);
      encoder.text(ageGroups[Math.floor(Math.random() * ageGroups.length)]);
      for (let n = 0; n < 6; n++) encoder.null(); // guide, level, helper_role, duration_ms, outcome, rating
    }
    return encoder.end();
  });
}

async function wardCodes(query: (sql: string) => Promise<{ rows: { code: string }[] }>): Promise<string[]> {
  return (await query('SELECT code FROM wards ORDER BY code')).rows.map((row) => row.code);
}

/** Binary COPY into DATABASE_URL's events for `seconds`, `connections` COPYs at a time. */
export async function measureCopyCeiling(
  pool: Pool,
  options: { seconds: number; batch: number; connections: number; cpu?: CpuSources },
): Promise<CopyCeilingResult> {
  const batches = encodeBatches(
    Math.ceil((MAX_ROWS_PER_SECOND * options.seconds) / options.batch),
    options.batch,
    await wardCodes((sql) => pool.query<{ code: string }>(sql)),
  );
  const clients = await Promise.all(Array.from({ length: options.connections }, () => pool.connect()));
  let inserted = 0;
  let stoppedEarly = false;
  const cpuSources = options.cpu && {
    ...options.cpu,
    backends: await Promise.all(
      clients.map(
        async (client) => (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid,
      ),
    ),
  };
  const cpuBefore = cpuSources && readCpu(cpuSources);
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  try {
    await Promise.all(
      clients.map(async (client) => {
        while (performance.now() < deadline) {
          const work = batches.pop();
          if (!work) {
            stoppedEarly = true;
            return;
          }
          const copy = client.query(copyFrom(COPY_SQL));
          await pipeline(Readable.from([work]), copy);
          const rows = Number(copy.rowCount);
          inserted += rows;
        }
      }),
    );
  } finally {
    for (const client of clients) client.release();
  }
  return {
    ...result(options, inserted, started, 'COPY FROM STDIN', stoppedEarly),
    ...(cpuSources && cpuBefore ? { cpu: cpuSpent(cpuBefore, readCpu(cpuSources), inserted) } : {}),
  };
}

/**
 * The same on the embedded database, in this process: PGlite's COPY from a blob. The app's
 * startEmbeddedDatabase does not hand out its PGlite, so the folder is migrated through it and
 * then opened here on its own (one process at a time may hold it).
 */
export async function measureEmbeddedCopyCeiling(
  dataDir: string,
  options: { seconds: number; batch: number },
): Promise<CopyCeilingResult> {
  const embedded = await startEmbeddedDatabase(dataDir);
  const pool = createPool(embedded.url, { max: 1, applicationName: 'bench-copy' });
  try {
    await prepareDatabase(pool);
  } finally {
    await pool.end();
    await embedded.stop();
  }
  const db = await PGlite.create({ dataDir, extensions: { timescaledb } });
  try {
    await db.exec(`LOAD 'timescaledb'`);
    // As blobs before the clock starts, too (a Buffer's memory is a plain ArrayBuffer here).
    const batches = encodeBatches(
      Math.ceil((MAX_ROWS_PER_SECOND * options.seconds) / options.batch),
      options.batch,
      await wardCodes((sql) => db.query<{ code: string }>(sql)),
    ).map((work) => new Blob([work as Uint8Array<ArrayBuffer>]));
    let inserted = 0;
    let stoppedEarly = false;
    // The database is the wasm in this process: its CPU is this process's.
    const cpuBefore = readCpu({ benchProcess: true });
    const started = performance.now();
    const deadline = started + options.seconds * 1000;
    while (performance.now() < deadline) {
      const work = batches.pop();
      if (!work) {
        stoppedEarly = true;
        break;
      }
      const copied = await db.query(BLOB_COPY_SQL, [], { blob: work });
      inserted += copied.affectedRows ?? 0;
    }
    const cpuAfter = readCpu({ benchProcess: true });
    const cpu = cpuSpent({ database: cpuBefore['bench process'] }, { database: cpuAfter['bench process'] }, inserted);
    return {
      ...result(
        { ...options, connections: 1 },
        inserted,
        started,
        'in-process COPY FROM /dev/blob (PGlite)',
        stoppedEarly,
      ),
      cpu,
    };
  } finally {
    await db.close();
  }
}

function result(
  options: { batch: number; connections: number },
  inserted: number,
  started: number,
  via: CopyCeilingResult['via'],
  stoppedEarly: boolean,
): CopyCeilingResult {
  return {
    ...insertRate(options, inserted, started),
    via,
    ...(stoppedEarly ? { stoppedEarly } : {}),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '10' },
      batch: { type: 'string', default: '5000' },
      connections: { type: 'string', default: '1' },
    },
  });
  const options = { seconds: Number(values.seconds), batch: Number(values.batch) };
  let result: CopyCeilingResult;
  if (process.env.DATABASE_URL) {
    const connections = Number(values.connections);
    const pool = createPool(process.env.DATABASE_URL, { max: connections, applicationName: 'bench-copy' });
    try {
      await prepareDatabase(pool);
      const cpu = { database: await findPostmaster(pool), benchProcess: true };
      result = await measureCopyCeiling(pool, { ...options, connections, cpu });
    } finally {
      await pool.end();
    }
  } else {
    const dataDir = join(projectRoot(), 'data', 'bench-copy');
    rmSync(dataDir, { recursive: true, force: true });
    result = await measureEmbeddedCopyCeiling(dataDir, options);
  }
  const { cpu, ...rate } = result;
  console.table([rate]);
  if (cpu) console.table(cpu);
  writeResults('copy-ceiling', { ...result, measuredAt: new Date().toISOString() });
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
