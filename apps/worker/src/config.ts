import { z } from 'zod';
import { parseEnv } from '@kiosk-pulse/contract/env';
import { logLevel } from '@kiosk-pulse/logging';
import { clusterNeedsHashTag } from '@kiosk-pulse/redis';

const workerEnv = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// URL' }).default('redis://127.0.0.1:6379'),
  /** REDIS_URL is one node of a Redis Cluster. */
  REDIS_CLUSTER: z.stringbool().default(false),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(4),
  DATABASE_IDLE_MS: z.coerce.number().int().min(10).max(600_000).default(30_000),
  QUEUE_PREFIX: z.string().min(1).default('{kiosk-pulse}'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(100),
  WRITE_BATCH_MAX_EVENTS: z.coerce.number().int().min(1).max(50_000).default(5_000),
  WRITE_BATCH_MAX_WAIT_MS: z.coerce.number().int().min(0).max(5_000).default(20),
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
  /** The api's acceptance window: the id ledger keeps ids this long (and a day). */
  EVENT_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
});

/** The environment variables the worker reads. */
export const WORKER_SETTINGS = Object.keys(workerEnv.shape);

const workerConfig = workerEnv.refine(...clusterNeedsHashTag).transform((env) => ({
  databaseUrl: env.DATABASE_URL,
  databasePool: { size: env.DATABASE_POOL_SIZE, idleMs: env.DATABASE_IDLE_MS },
  redis: { url: env.REDIS_URL, cluster: env.REDIS_CLUSTER },
  queuePrefix: env.QUEUE_PREFIX,
  concurrency: env.WORKER_CONCURRENCY,
  batchMaxEvents: env.WRITE_BATCH_MAX_EVENTS,
  batchMaxWaitMs: env.WRITE_BATCH_MAX_WAIT_MS,
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
