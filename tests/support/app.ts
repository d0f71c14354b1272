import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Pool } from 'pg';
import type { DestinationStream } from 'pino';
import { io, type Socket } from 'socket.io-client';
import type { LiveCounts } from '@kiosk-pulse/contract';
import { createPool } from '@kiosk-pulse/database';
import { loadApiConfig, type ApiConfig } from '../../apps/api/src/config/api-config';
import { closeApiApp, createApiApp } from '../../apps/api/src/create-app';
import type { WorkerConfig } from '../../libs/ingest-writer/src/ingest-writer.config';
import { clearRedisPrefix, resetDatabase, testDatabaseUrl, testPool, testQueuePrefix, testRedisUrl } from './services';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface TestApp {
  app: NestFastifyApplication;
  pool: Pool;
  /** The Redis prefix of this app's queue and channels. */
  queuePrefix: string;
  url: string;
  close(): Promise<void>;
}

/**
 * The whole product in this process, as on the embedded default: api, /live socket and queue
 * consumer, on this worker's embedded TimescaleDB and the real Redis, under a queue prefix of
 * its own. The database is emptied first.
 */
export async function startTestApp(
  options: {
    redisUrl?: string;
    /** redisUrl is a node of a Redis Cluster. */
    redisCluster?: boolean;
    /** Reach this worker's embedded database through another address (a TcpProxy, say). */
    databaseUrl?: string;
    config?: Partial<ApiConfig>;
    /** Run the queue consumer (default true). */
    worker?: boolean;
    /** Where the app's JSON logs go (stdout by default). */
    logDestination?: DestinationStream;
  } = {},
): Promise<TestApp> {
  const databaseUrl = options.databaseUrl ?? testDatabaseUrl();
  const resetPool = testPool();
  await resetDatabase(resetPool);
  await resetPool.end();
  const pool = createPool(databaseUrl, { max: 1, applicationName: 'test' });
  const queuePrefix = testQueuePrefix();
  const redisUrl = options.redisUrl ?? testRedisUrl();
  const redis = { url: redisUrl, cluster: options.redisCluster ?? false };
  const config: ApiConfig = {
    ...loadApiConfig({
      ADMIN_TOKEN,
      JWT_SECRET: 'test-jwt-secret-0123456789abcdefghijklmnop',
      QUEUE_PREFIX: queuePrefix,
      LIVE_INTERVAL_MS: '100',
      JOB_ATTEMPTS: '5',
      LOG_LEVEL: 'error',
    }),
    host: '127.0.0.1',
    port: 0,
    databaseUrl,
    redis,
    ...options.config,
  };
  const worker: WorkerConfig = {
    databaseUrl,
    databasePool: { size: 1, idleMs: 30_000 },
    redis,
    queuePrefix,
    concurrency: 50,
    batchMaxEvents: 5_000,
    batchMaxWaitMs: 10,
    writeConcurrency: 1,
    jobLockMs: 30_000,
    refreshAggregatesInApp: false,
    eventMaxAgeDays: 30,
    httpPort: 0,
    logLevel: 'error',
  };
  const app = await createApiApp({
    config,
    pool,
    redis,
    worker: options.worker === false ? undefined : worker,
    logDestination: options.logDestination,
  });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    pool,
    queuePrefix,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await closeApiApp(app);
      await clearRedisPrefix(queuePrefix, redisUrl);
    },
  };
}

/** A /live client that keeps every `counts` message it receives. */
export class LiveClient {
  readonly received: LiveCounts[] = [];
  readonly socket: Socket;

  constructor(url: string, token: string | undefined) {
    this.socket = io(`${url}/live`, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false });
    this.socket.on('counts', (counts: LiveCounts) => this.received.push(counts));
  }

  connected(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', (error) => reject(error));
    });
  }

  subscribe(scope: { wardCode?: string }): Promise<unknown> {
    return this.socket.timeout(5_000).emitWithAck('subscribe', scope);
  }

  /** Waits for a `counts` message (already received or still to come) that satisfies the test. */
  async waitFor(test: (counts: LiveCounts) => boolean, timeoutMs = 10_000): Promise<LiveCounts> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.received.find(test);
      if (match) return match;
      if (Date.now() > deadline) {
        throw new Error(`no matching counts within ${timeoutMs} ms; last: ${JSON.stringify(this.received.at(-1))}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  close(): void {
    this.socket.disconnect();
  }
}
