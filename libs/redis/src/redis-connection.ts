import { Cluster, Redis, type RedisOptions } from 'ioredis';

/** Where a deployment's Redis is: one server, or any node of a Redis Cluster. */
export interface RedisTarget {
  url: string;
  /** REDIS_CLUSTER=true: url is one node; the client learns the others from it. */
  cluster: boolean;
}

export type RedisConnection = Redis | Cluster;

/**
 * A connection to the deployment's Redis. On a cluster every key the app uses carries the
 * hash tag of QUEUE_PREFIX (`{kiosk-pulse}` by default), so a queue's keys share one slot, as
 * BullMQ's scripts need.
 */
export function connectRedis(target: RedisTarget, options: RedisOptions = {}): RedisConnection {
  if (!target.cluster) return new Redis(target.url, options);
  const { hostname, port, username, password } = new URL(target.url);
  // The cluster client retries on its own terms; a node's own retry strategy does not apply.
  const { lazyConnect, enableOfflineQueue, maxRetriesPerRequest, retryStrategy: _ignored, ...nodeOptions } = options;
  return new Cluster([{ host: hostname, port: Number(port || 6379) }], {
    lazyConnect,
    enableOfflineQueue,
    redisOptions: {
      ...nodeOptions,
      maxRetriesPerRequest,
      username: username ? decodeURIComponent(username) : undefined,
      password: password ? decodeURIComponent(password) : undefined,
      tls: target.url.startsWith('rediss:') ? {} : undefined,
    },
  });
}

/** Whether a queue prefix keeps a queue's keys in one cluster slot: it holds a `{hash tag}`. */
export function isHashTagged(prefix: string): boolean {
  return /\{[^{}]+\}/.test(prefix);
}

/** For a settings schema's refine(): on a cluster, QUEUE_PREFIX must keep each queue in one slot. */
export const clusterNeedsHashTag: [
  check: (env: { REDIS_CLUSTER: boolean; QUEUE_PREFIX: string }) => boolean,
  issue: { path: string[]; message: string },
] = [
  (env) => !env.REDIS_CLUSTER || isHashTagged(env.QUEUE_PREFIX),
  { path: ['QUEUE_PREFIX'], message: 'must hold a {hash tag} on a Redis Cluster, such as {kiosk-pulse}' },
];
