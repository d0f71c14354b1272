import { z } from 'zod';
import { parseEnv } from '@kiosk-pulse/contract/env';

const workerEnv = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// URL' }).default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z.string().min(1).default('{kiosk-pulse}'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(100),
  WRITE_BATCH_MAX_EVENTS: z.coerce.number().int().min(1).max(50_000).default(5_000),
  WRITE_BATCH_MAX_WAIT_MS: z.coerce.number().int().min(0).max(5_000).default(20),
  /** Refresh the continuous aggregates from the app: the embedded database runs no background jobs. */
  REFRESH_AGGREGATES_IN_APP: z.stringbool().default(false),
});

export interface WorkerConfig {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  concurrency: number;
  batchMaxEvents: number;
  batchMaxWaitMs: number;
  refreshAggregatesInApp: boolean;
}

export const WORKER_CONFIG = Symbol('WORKER_CONFIG');

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const parsed = parseEnv(workerEnv, env);
  return {
    databaseUrl: parsed.DATABASE_URL,
    redisUrl: parsed.REDIS_URL,
    queuePrefix: parsed.QUEUE_PREFIX,
    concurrency: parsed.WORKER_CONCURRENCY,
    batchMaxEvents: parsed.WRITE_BATCH_MAX_EVENTS,
    batchMaxWaitMs: parsed.WRITE_BATCH_MAX_WAIT_MS,
    refreshAggregatesInApp: parsed.REFRESH_AGGREGATES_IN_APP,
  };
}
