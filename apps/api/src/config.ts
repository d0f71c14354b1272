import { z } from 'zod';
import { parseEnv } from '@kiosk-pulse/contract/env';

const apiEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Unset: the embedded TimescaleDB (PGlite) with its data under DATA_DIR. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
  /** Unset: redis://127.0.0.1:6379, or a redis-server started locally when none answers there. */
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// URL' }).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  ADMIN_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  QUEUE_PREFIX: z.string().min(1).default('{kiosk-pulse}'),
  EVENT_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  EVENT_MAX_FUTURE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  JOB_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(12),
  ENQUEUE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
  LIVE_INTERVAL_MS: z.coerce.number().int().min(50).max(5_000).default(250),
});

export interface ApiConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  dataDir: string;
  adminToken: string;
  queuePrefix: string;
  eventMaxAgeMs: number;
  eventMaxFutureMs: number;
  jobAttempts: number;
  enqueueTimeoutMs: number;
  liveIntervalMs: number;
}

export const API_CONFIG = Symbol('API_CONFIG');

/**
 * Reads and checks the api's settings. ADMIN_TOKEN is required except in demo mode, where the
 * caller makes one up and passes it in env.
 */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const parsed = parseEnv(
    apiEnv.refine((value) => value.ADMIN_TOKEN !== undefined, {
      path: ['ADMIN_TOKEN'],
      message: 'is required (or run with --demo)',
    }),
    env,
  );
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    databaseUrl: parsed.DATABASE_URL,
    redisUrl: parsed.REDIS_URL,
    dataDir: parsed.DATA_DIR,
    adminToken: parsed.ADMIN_TOKEN as string,
    queuePrefix: parsed.QUEUE_PREFIX,
    eventMaxAgeMs: parsed.EVENT_MAX_AGE_DAYS * 86_400_000,
    eventMaxFutureMs: parsed.EVENT_MAX_FUTURE_SECONDS * 1000,
    jobAttempts: parsed.JOB_ATTEMPTS,
    enqueueTimeoutMs: parsed.ENQUEUE_TIMEOUT_MS,
    liveIntervalMs: parsed.LIVE_INTERVAL_MS,
  };
}
