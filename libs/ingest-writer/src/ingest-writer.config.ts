import { z } from 'zod';
import { connectionEnv, connections, parseEnv, sharedEnv } from '@kiosk-pulse/runtime';
import { logLevel } from '@kiosk-pulse/logging';
import { clusterNeedsHashTag } from '@kiosk-pulse/redis';

/*
 * The settings of a process that writes the ingest queue's events: apps/worker, or the api
 * when it hosts the ingest writer itself (the embedded database). WORKER_HTTP_PORT is read by
 * apps/worker only.
 */
const workerEnv = z.object({
  ...connectionEnv(
    { DATABASE_URL: sharedEnv.DATABASE_URL, REDIS_URL: sharedEnv.REDIS_URL.default('redis://127.0.0.1:6379') },
    4,
  ),
  QUEUE_PREFIX: sharedEnv.QUEUE_PREFIX,
  /**
   * Jobs held at once. Every job held waits for its batch to be written, so this bounds the
   * batches: 100 jobs of 50 events gave batches of about 900 rows, whose INSERT cost the database
   * 50 us a row against 26 us in batches of 5,000 (issue 18, pg_stat_statements).
   */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(5000).default(1000),
  WRITE_BATCH_MAX_EVENTS: z.coerce.number().int().min(1).max(50_000).default(5_000),
  WRITE_BATCH_MAX_WAIT_MS: z.coerce.number().int().min(0).max(5_000).default(20),
  /** Batches written at once, each on a connection of its own (the embedded database has one). */
  WRITE_CONCURRENCY: z.coerce.number().int().min(1).max(8).default(2),
  /**
   * How long a worker holds a job without renewing its lock, and how often stalled jobs are
   * looked for: a crashed worker's jobs go back in line within about twice this.
   */
  JOB_LOCK_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  /** pino's level for the JSON logs on stdout. */
  LOG_LEVEL: logLevel,
  /** Port of the worker's /metrics and /health/{live,ready} (0: any free port). */
  WORKER_HTTP_PORT: z.coerce.number().int().min(0).max(65_535).default(9464),
  /** Refresh the continuous aggregates from the app: the embedded database runs no background jobs. */
  REFRESH_AGGREGATES_IN_APP: z.stringbool().default(false),
  EVENT_MAX_AGE_DAYS: sharedEnv.EVENT_MAX_AGE_DAYS,
});

/** The environment variables the worker reads. */
export const WORKER_SETTINGS = Object.keys(workerEnv.shape);

const workerConfig = workerEnv.refine(...clusterNeedsHashTag).transform((env) => ({
  ...connections(env),
  concurrency: env.WORKER_CONCURRENCY,
  batchMaxEvents: env.WRITE_BATCH_MAX_EVENTS,
  batchMaxWaitMs: env.WRITE_BATCH_MAX_WAIT_MS,
  writeConcurrency: env.WRITE_CONCURRENCY,
  jobLockMs: env.JOB_LOCK_MS,
  refreshAggregatesInApp: env.REFRESH_AGGREGATES_IN_APP,
  eventMaxAgeDays: env.EVENT_MAX_AGE_DAYS,
  httpPort: env.WORKER_HTTP_PORT,
  logLevel: env.LOG_LEVEL,
}));

export type WorkerConfig = z.output<typeof workerConfig>;

export const WORKER_CONFIG = Symbol('WORKER_CONFIG');

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  return parseEnv(workerConfig, env);
}
