import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { INGEST_QUEUE, type KioskEvent } from '@kiosk-pulse/contract';
import { kioskClock } from '@kiosk-pulse/demo';
import { ADMIN_TOKEN, LiveClient } from '../support/app';
import { call } from '../support/http';
import {
  clearRedisPrefix,
  resetDatabase,
  testDatabaseUrl,
  testPool,
  testQueuePrefix,
  testRedisUrl,
} from '../support/services';
import { freePort } from '../../apps/api/src/local-redis';

const ROOT = join(__dirname, '../..');
const WARD = '26740';

/*
 * A deployment scaled out on one machine: two api processes and two workers, as built, sharing
 * one Redis (BullMQ queue, socket.io Redis adapter) and one TimescaleDB. The embedded database
 * serves one connection at a time, so every process keeps a pool of one that it closes when idle
 * and they take turns; a native TimescaleDB needs none of that.
 */
describe('scale-out: 2 api and 2 worker processes', () => {
  const queuePrefix = testQueuePrefix();
  const env = {
    ...process.env,
    HOST: '127.0.0.1',
    DATABASE_URL: testDatabaseUrl(),
    DATABASE_POOL_SIZE: '1',
    DATABASE_IDLE_MS: '20',
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: queuePrefix,
    ADMIN_TOKEN,
    JWT_SECRET: 'scale-out-jwt-secret-0123456789abcdefghij',
    LIVE_INTERVAL_MS: '100',
    WRITE_BATCH_MAX_WAIT_MS: '20',
    // Two workers on one machine: each its own port for /metrics and /health.
    WORKER_HTTP_PORT: '0',
    LOG_LEVEL: 'warn',
  };
  const processes: ChildProcess[] = [];
  const apis: { url: string; process: ChildProcess }[] = [];
  let kioskKey: string;
  const sockets: LiveClient[] = [];

  const startApi = async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [join(ROOT, 'dist/apps/api/apps/api/src/main.js')], {
      cwd: ROOT,
      env: { ...env, PORT: String(port) },
      stdio: 'ignore',
    });
    processes.push(child);
    return { url: `http://127.0.0.1:${port}`, process: child };
  };
  const startWorker = () => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/apps/worker/apps/worker/src/main.js')], {
      cwd: ROOT,
      env,
      stdio: 'ignore',
    });
    processes.push(child);
  };
  const ready = async (url: string) => {
    for (let attempt = 0; attempt < 600; attempt++) {
      const reply = await fetch(`${url}/api/v1/health`).catch(() => undefined);
      if (reply?.status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${url} did not start`);
  };
  const post = async (url: string, events: KioskEvent[]) => {
    const reply = await call(`${url}/api/v1/events`, { token: kioskKey, json: { events } });
    expect(reply.status).toBe(202);
    expect(reply.body.accepted).toBe(events.length);
  };
  const completions = (count: number): KioskEvent[] =>
    Array.from({ length: count }, () => ({
      id: randomUUID(),
      type: 'guide_completed',
      guide: 'vneid',
      durationMs: 120_000,
      occurredAt: kioskClock(Date.now() - 1_000),
    }));
  const watch = async (url: string) => {
    const live = new LiveClient(url, ADMIN_TOKEN);
    sockets.push(live);
    await live.connected();
    expect(await live.subscribe({})).toEqual({ ok: true, room: 'city' });
    await live.waitFor((counts) => counts.guidesCompleted === 0);
    return live;
  };

  beforeAll(async () => {
    const pool = testPool();
    await resetDatabase(pool);
    await pool.end();
    apis.push(await startApi(), await startApi());
    startWorker();
    startWorker();
    await Promise.all(apis.map((api) => ready(api.url)));
    const created = await call(`${apis[1].url}/api/v1/kiosks`, { json: { wardCode: WARD, label: 'Scale-out kiosk' } });
    expect(created.status).toBe(201);
    kioskKey = created.body.key;
  }, 120_000);

  afterAll(async () => {
    for (const live of sockets) live.close();
    await Promise.all(
      processes.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
          }),
      ),
    );
    await clearRedisPrefix(queuePrefix);
  }, 60_000);

  it('shares one BullMQ queue between both workers', async () => {
    const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
    const queue = new Queue(INGEST_QUEUE, { connection: redis, prefix: queuePrefix });
    try {
      for (let attempt = 0; attempt < 300 && (await queue.getWorkersCount()) < 2; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await queue.getWorkersCount()).toBe(2);
    } finally {
      await queue.close();
      redis.disconnect();
    }
  });

  it('shows a dashboard on api A the counts of events posted to api B, and the other way round', async () => {
    const [a, b] = apis;
    const onA = await watch(a.url);
    const onB = await watch(b.url);

    await post(b.url, completions(30));
    await onA.waitFor((counts) => counts.guidesCompleted === 30, 30_000);
    await onB.waitFor((counts) => counts.guidesCompleted === 30, 30_000);

    await post(a.url, completions(12));
    await onB.waitFor((counts) => counts.guidesCompleted === 42, 30_000);
    await onA.waitFor((counts) => counts.guidesCompleted === 42, 30_000);

    // One api reads and sends for all: every dashboard gets each change once, not once per api.
    const sentToA = onA.received.filter((counts) => counts.guidesCompleted === 42).length;
    expect(sentToA).toBe(1);
  }, 90_000);

  it('keeps the live counts going when an api stops', async () => {
    const [a, b] = apis;
    const onB = sockets[1];
    await new Promise<void>((resolve) => {
      a.process.once('exit', () => resolve());
      a.process.kill('SIGTERM');
    });
    await post(b.url, completions(8));
    await onB.waitFor((counts) => counts.guidesCompleted === 50, 30_000);
  }, 60_000);
});
