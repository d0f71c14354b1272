import { z } from 'zod';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates environment variables once, naming every variable that is wrong or missing.
 * An empty variable counts as unset (compose files and .env templates leave them empty).
 */
export function parseEnv<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv): z.output<T> {
  const result = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = issue.path.join('.');
      const value = env[name];
      return value === undefined ? `${name}: ${issue.message} (not set)` : `${name}: ${issue.message}`;
    }),
  );
}

/**
 * The settings the api and the ingest worker both read, each defined once: the same name, check
 * and message in every process. A process places them in its own schema (the order of its
 * variables is the order its problems are listed in), and adds what differs: whether a URL may
 * be left out, and the pool's size. LOG_LEVEL is `logLevel` of @kiosk-pulse/logging, and
 * QUEUE_PREFIX's rule on a cluster `clusterNeedsHashTag` of @kiosk-pulse/redis.
 */
export const sharedEnv = {
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// URL' }),
  /** REDIS_URL is one node of a Redis Cluster. */
  REDIS_CLUSTER: z.stringbool().default(false),
  /** Connections the process keeps to DATABASE_URL; each process gives its own default. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100),
  /** How long an unused connection stays open. */
  DATABASE_IDLE_MS: z.coerce.number().int().min(10).max(600_000).default(30_000),
  /** Starts every Redis key and channel of the deployment (queues, leases, sign-outs). */
  QUEUE_PREFIX: z.string().min(1).default('{kiosk-pulse}'),
  /** The api's acceptance window; the worker's id ledger keeps ids this long (and a day). */
  EVENT_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
};

/**
 * The database and Redis connection settings, in the order both processes list them. A process
 * gives what differs: whether DATABASE_URL and REDIS_URL may be left out (and what then), and the
 * pool's default size. QUEUE_PREFIX stays where each process lists it.
 */
export const connectionEnv = <DatabaseUrl extends z.ZodType, RedisUrl extends z.ZodType>(
  urls: { DATABASE_URL: DatabaseUrl; REDIS_URL: RedisUrl },
  poolSize: number,
) => ({
  DATABASE_URL: urls.DATABASE_URL,
  REDIS_URL: urls.REDIS_URL,
  REDIS_CLUSTER: sharedEnv.REDIS_CLUSTER,
  DATABASE_POOL_SIZE: sharedEnv.DATABASE_POOL_SIZE.default(poolSize),
  DATABASE_IDLE_MS: sharedEnv.DATABASE_IDLE_MS,
});

/** What the connection settings (and QUEUE_PREFIX) come to in every process's configuration. */
export const connections = <Env extends ConnectionSettings>(env: Env) => ({
  // As each process's schema has them: required in the worker, optional in the api.
  databaseUrl: env.DATABASE_URL as Env['DATABASE_URL'],
  databasePool: { size: env.DATABASE_POOL_SIZE, idleMs: env.DATABASE_IDLE_MS },
  redis: { url: env.REDIS_URL as Env['REDIS_URL'], cluster: env.REDIS_CLUSTER },
  queuePrefix: env.QUEUE_PREFIX,
});

interface ConnectionSettings {
  DATABASE_URL?: string;
  REDIS_URL?: string;
  REDIS_CLUSTER: boolean;
  DATABASE_POOL_SIZE: number;
  DATABASE_IDLE_MS: number;
  QUEUE_PREFIX: string;
}
