/**
 * CPU-seconds per component over an interval, read from /proc, so that the benchmark's figures
 * can be put per event: a machine shared with other work changes the rates but hardly what each
 * event costs.
 *
 * - database: the postmaster of the pool's server and every process it started (backends,
 *   TimescaleDB's background job workers, autovacuum, the WAL writer). A backend that ends is
 *   reaped by the postmaster and its time moves into the postmaster's cutime/cstime, so the sum
 *   of the postmaster's own, its reaped children's and its live children's time never loses it.
 * - api and worker: the Deployment's processes (Node does not fork).
 * - redis: the server's process_id from INFO, when that process is on this machine.
 * - the load generator is measured by itself (bench/load.ts reports process.cpuUsage()) and kept
 *   out of the pipeline's total.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import type { Pool } from 'pg';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** The components whose CPU makes up the pipeline's total. */
export const PIPELINE = ['api', 'worker', 'database', 'redis'] as const;
export type Component = (typeof PIPELINE)[number] | 'bench process' | 'own backends';

interface ProcStat {
  ppid: number;
  /** utime + stime, in ticks. */
  own: number;
  /** cutime + cstime: the children it has reaped, in ticks. */
  reaped: number;
}

function procStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // gone
  }
  // The command name (field 2) may hold spaces and parentheses: the fields after it start past the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): ppid is field 4, utime..cstime fields 14-17.
  return {
    ppid: Number(fields[1]),
    own: Number(fields[11]) + Number(fields[12]),
    reaped: Number(fields[13]) + Number(fields[14]),
  };
}

/** A process and every live process whose parent it is, its reaped children included, in seconds. */
function treeSeconds(root: number): number {
  const rootStat = procStat(root);
  if (!rootStat) return 0;
  let ticks = rootStat.own + rootStat.reaped;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(Number(entry));
    if (stat?.ppid === root) ticks += stat.own;
  }
  return ticks / TICKS_PER_SECOND;
}

function processSeconds(pids: number[]): number {
  return pids.reduce((total, pid) => total + (procStat(pid)?.own ?? 0), 0) / TICKS_PER_SECOND;
}

/** The postmaster of the pool's server, if that server runs on this machine (else undefined). */
export async function findPostmaster(pool: Pool): Promise<number | undefined> {
  const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const postmaster = procStat(rows[0].pid)?.ppid;
  if (!postmaster) return undefined;
  // Another server's backend pid can be a live process here too: it must be a postgres one.
  const comm = readFileSync(`/proc/${rows[0].pid}/comm`, 'utf8').trim();
  return comm.startsWith('postgres') ? postmaster : undefined;
}

/** Redis's server process, if it runs on this machine (else undefined). */
export async function findRedis(redisUrl: string): Promise<number | undefined> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined); // connect() rejects with it: no Redis here, no figure
  try {
    await redis.connect();
    const pid = Number(/process_id:(\d+)/.exec(await redis.info('server'))?.[1]);
    if (!pid) return undefined;
    const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    return comm.startsWith('redis') ? pid : undefined;
  } catch {
    return undefined;
  } finally {
    redis.disconnect();
  }
}

export interface CpuSources {
  /** The postmaster; undefined when the database is not a local server (the embedded one is in a node process). */
  database?: number;
  redis?: number;
  api?: () => number[];
  worker?: () => number[];
  /** This process: the benchmark's own client work (and, embedded, the database in it). */
  benchProcess?: boolean;
  /** Count this process as that component (it is the writer, or the embedded database). */
  benchProcessAs?: Component;
  /**
   * The backends of the connections being measured (held for the whole interval): their own
   * work, without the server's background jobs, which 'database' includes.
   */
  backends?: number[];
}

export type CpuSnapshot = Partial<Record<Component, number>>;

export function readCpu(sources: CpuSources): CpuSnapshot {
  const snapshot: CpuSnapshot = {};
  if (sources.database !== undefined) snapshot.database = treeSeconds(sources.database);
  if (sources.redis !== undefined) snapshot.redis = processSeconds([sources.redis]);
  if (sources.api) snapshot.api = processSeconds(sources.api());
  if (sources.worker) snapshot.worker = processSeconds(sources.worker());
  if (sources.backends) snapshot['own backends'] = processSeconds(sources.backends);
  if (sources.benchProcess) {
    const usage = process.cpuUsage();
    snapshot[sources.benchProcessAs ?? 'bench process'] = (usage.user + usage.system) / 1e6;
  }
  return snapshot;
}

/** CPU spent between two snapshots, per component, in seconds and per million events. */
export interface CpuSpent {
  seconds: CpuSnapshot & { pipeline?: number; 'load generator'?: number };
  perMillionEvents: CpuSnapshot & { pipeline?: number; 'load generator'?: number };
}

export function cpuSpent(
  before: CpuSnapshot,
  after: CpuSnapshot,
  events: number,
  loadGeneratorSeconds?: number,
): CpuSpent {
  const round = (value: number) => Math.round(value * 100) / 100;
  const seconds: CpuSpent['seconds'] = {};
  for (const [component, end] of Object.entries(after) as [Component, number][]) {
    seconds[component] = end - (before[component] ?? 0);
  }
  const inPipeline = PIPELINE.filter((component) => seconds[component] !== undefined);
  if (inPipeline.length > 0) seconds.pipeline = inPipeline.reduce((total, c) => total + (seconds[c] ?? 0), 0);
  if (loadGeneratorSeconds !== undefined) seconds['load generator'] = loadGeneratorSeconds;
  const perMillionEvents: CpuSpent['perMillionEvents'] = {};
  for (const [component, value] of Object.entries(seconds) as [keyof CpuSpent['seconds'], number][]) {
    seconds[component] = round(value);
    perMillionEvents[component] = events > 0 ? round((value / events) * 1e6) : 0;
  }
  return { seconds, perMillionEvents };
}
