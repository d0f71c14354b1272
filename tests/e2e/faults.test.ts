import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { INGEST_QUEUE } from '@kiosk-pulse/contract';
import { KioskClient, MemoryEventStore } from '@kiosk-pulse/kiosk-client';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';
import { DisposableRedis } from '../support/redis-server';
import { clearRedisPrefix, testDatabaseUrl, testQueuePrefix, testRedisUrl } from '../support/services';
import { TcpProxy } from '../support/tcp-proxy';
import { freePort } from '../../apps/api/src/local-redis';

const ROOT = join(__dirname, '../..');
const run = promisify(execFile);
const WARDS = ['25747', '25750', '25760'];
const EVENTS_PER_KIOSK = 300;
// Each kiosk records its 300 visits within a second, far past a real kiosk's plausibility bounds,
// which are not what these tests are about.
const UNBOUNDED = { perMinute: 1_000_000, perDay: 1_000_000 };

/*
 * The pipeline under faults, each run with kiosks (the client library) posting a known set of
 * events through the real HTTP API while something breaks: afterwards the database and the
 * stats API must hold exactly that set, no more, no fewer.
 */
describe('the pipeline under faults', () => {
  jest.setTimeout(120_000);

  /** Kiosks in three wards, each with its events recorded and sending under way. */
  async function startKiosks(url: string, adminToken?: string): Promise<{ clients: KioskClient[]; ids: Set<string> }> {
    const clients: KioskClient[] = [];
    const ids = new Set<string>();
    for (const wardCode of WARDS) {
      const created = await call(`${url}/api/v1/kiosks`, {
        token: adminToken,
        json: { wardCode, label: `Kiosk ${wardCode}` },
      });
      expect(created.status).toBe(201);
      const client = new KioskClient({
        apiUrl: url,
        kioskKey: created.body.key,
        store: new MemoryEventStore(),
        batchSize: 10,
        sendDelayMs: 0,
        heartbeatIntervalMs: 0,
        backoff: { baseMs: 100, maxMs: 1_000 },
      });
      for (let i = 0; i < EVENTS_PER_KIOSK; i++) {
        ids.add((await client.track({ type: 'visit_started', ageGroup: '60_64' })).id);
      }
      clients.push(client);
    }
    for (const client of clients) client.start();
    return { clients, ids };
  }

  /** Waits until every kiosk has handed over all it kept and the database holds `expected` events. */
  async function settled(clients: KioskClient[], pool: Pool, expected: number, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const pending = await pendingIn(clients);
      const stored = await storedCount(pool);
      if (pending === 0 && stored >= expected) return;
      if (Date.now() > deadline) throw new Error(`not settled: ${pending} pending, ${stored} stored`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const pendingIn = async (clients: KioskClient[]) =>
    (await Promise.all(clients.map(async (client) => (await client.status()).pending))).reduce((a, b) => a + b, 0);

  const sentBy = async (clients: KioskClient[]) =>
    (await Promise.all(clients.map(async (client) => (await client.status()).sent))).reduce((a, b) => a + b, 0);

  const storedCount = async (pool: Pool) => (await pool.query('SELECT count(*)::int AS n FROM events')).rows[0].n;

  /** The set check every fault test ends with; returns the figures for the report. */
  async function expectExactly(test: TestApp, pool: Pool, clients: KioskClient[], ids: Set<string>) {
    await new Promise((resolve) => setTimeout(resolve, 500)); // anything extra would have landed by now
    const { rows } = await pool.query<{ id: string }>('SELECT id FROM events');
    const stored = new Set(rows.map((row) => row.id));
    expect(rows.length).toBe(stored.size);
    expect([...stored].sort()).toEqual([...ids].sort());
    // Events that reach the database after their minute closed (resent after the fault) show in
    // the counts once the worker's refresh, which runs apart from the writes, has run: allow it
    // a bounded while (it takes longer the busier the machine; a refresh that never comes fails).
    const countedNow = async () => {
      let total = 0;
      for (const wardCode of WARDS) {
        total += (await call(`${test.url}/api/v1/stats/summary?wardCode=${wardCode}`)).body.peopleReached;
      }
      return total;
    };
    let counted = await countedNow();
    for (const deadline = Date.now() + 15_000; counted !== ids.size && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      counted = await countedNow();
    }
    expect(counted).toBe(ids.size);
    const statuses = await Promise.all(clients.map((client) => client.status()));
    expect(statuses.reduce((sum, status) => sum + status.dropped, 0)).toBe(0);
    return { sent: ids.size, stored: stored.size, counted };
  }

  it.each(['SIGKILL', 'SIGTERM'] as const)(
    'loses nothing and counts nothing twice when the process gets %s mid-batch',
    async (signal) => {
      // The embedded default in a process of its own (api, worker and database), killed outright.
      const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-pulse-'));
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const queuePrefix = testQueuePrefix();
      const start = (): ChildProcess =>
        // The built app, as `npm start` runs it (npm test builds it first).
        spawn(process.execPath, [join(ROOT, 'dist/apps/api/apps/api/src/main.js')], {
          cwd: ROOT,
          env: {
            ...process.env,
            HOST: '127.0.0.1',
            PORT: String(port),
            DATA_DIR: dataDir,
            ADMIN_TOKEN,
            JWT_SECRET: 'faults-jwt-secret-0123456789abcdefghijkl',
            REDIS_URL: testRedisUrl(),
            QUEUE_PREFIX: queuePrefix,
            WRITE_BATCH_MAX_WAIT_MS: '50',
            JOB_LOCK_MS: '2000',
            KIOSK_USAGE_EVENTS_PER_MINUTE: String(UNBOUNDED.perMinute),
            KIOSK_USAGE_EVENTS_PER_DAY: String(UNBOUNDED.perDay),
          },
          stdio: 'ignore',
        });
      const ready = async () => {
        for (let attempt = 0; attempt < 600; attempt++) {
          const reply = await fetch(`${url}/api/v1/wards`, {
            headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
          }).catch(() => undefined);
          if (reply?.status === 200) return;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        throw new Error('the app did not start');
      };
      const counted = async () => {
        let total = 0;
        for (const wardCode of WARDS) {
          total += (await call(`${url}/api/v1/stats/summary?wardCode=${wardCode}`, { token: ADMIN_TOKEN })).body
            .peopleReached;
        }
        return total;
      };
      const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
      const queue = new Queue(INGEST_QUEUE, { connection: redis, prefix: queuePrefix });
      let app = start();
      try {
        await ready();
        const { clients, ids } = await startKiosks(url, ADMIN_TOKEN);
        // Kill it once some batches are written and others are in the worker's hands.
        let atKill = { counted: 0, active: 0 };
        for (let attempt = 0; attempt < 600; attempt++) {
          atKill = { counted: await counted(), active: (await queue.getJobCounts('active')).active ?? 0 };
          if (atKill.counted > 0 && atKill.active > 0) break;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        const stopping = Date.now();
        app.kill(signal);
        await new Promise((resolve) => app.once('exit', resolve));
        const stoppedInMs = Date.now() - stopping;
        expect(atKill.counted).toBeLessThan(ids.size);

        app = start();
        await ready();
        let total = 0;
        for (let attempt = 0; attempt < 1_200; attempt++) {
          const pending = await pendingIn(clients);
          total = await counted();
          if (pending === 0 && total >= ids.size) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
        total = await counted();
        await Promise.all(clients.map((client) => client.stop()));
        await new Promise<void>((resolve) => {
          app.once('exit', () => resolve());
          app.kill('SIGTERM');
        });

        // The stored events, read from the data folder the process left.
        const { stdout } = await run(
          process.execPath,
          ['--import', 'tsx', join(ROOT, 'tests/support/stored-event-ids.ts'), join(dataDir, 'pglite')],
          {
            cwd: ROOT,
          },
        );
        const rows = (JSON.parse(stdout) as string[]).map((id) => ({ id }));
        const stored = new Set(rows.map((row) => row.id));
        expect(rows.length).toBe(stored.size);
        expect([...stored].sort()).toEqual([...ids].sort());
        expect(total).toBe(ids.size);
        console.log(
          `process ${signal}: ${JSON.stringify({ sent: ids.size, stored: stored.size, counted: total, atKill, stoppedInMs })}`,
        );
      } finally {
        app.kill('SIGKILL');
        await queue.close();
        redis.disconnect();
        await clearRedisPrefix(queuePrefix);
      }
    },
  );

  it('loses nothing when the database connection is cut during load, and catches up after', async () => {
    const direct = new URL(testDatabaseUrl());
    const proxy = await TcpProxy.start({ host: direct.hostname, port: Number(direct.port) });
    const proxied = new URL(testDatabaseUrl());
    proxied.port = String(proxy.port);
    const test = await startTestApp({ databaseUrl: proxied.toString(), config: { kioskUsageLimits: UNBOUNDED } });
    // The app's own pool, through the proxy: the embedded database serves one connection at a time.
    const pool = test.pool;
    try {
      const { clients, ids } = await startKiosks(test.url);
      while ((await storedCount(pool)) === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      const storedBeforeCut = await storedCount(pool);
      proxy.cut();
      const sentAtCut = await sentBy(clients);
      // Residents keep coming while the database is away (the first load may all be sent by now).
      for (const client of clients) {
        for (let i = 0; i < 5; i++) ids.add((await client.track({ type: 'visit_started', ageGroup: '60_64' })).id);
      }
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      // The api kept taking batches into the queue while the database was away.
      const sentDuringCut = (await sentBy(clients)) - sentAtCut;
      // What needs the database says so, and when to come back.
      const summary = await call(`${test.url}/api/v1/stats/summary`);
      expect(summary.status).toBe(503);
      expect(summary.headers.get('retry-after')).toBe('5');
      proxy.restore();

      await settled(clients, pool, ids.size);
      const figures = await expectExactly(test, pool, clients, ids);
      console.log(`database cut for 3 s: ${JSON.stringify({ ...figures, storedBeforeCut, sentDuringCut })}`);
      expect(sentDuringCut).toBeGreaterThan(0);
      await Promise.all(clients.map((client) => client.stop()));
    } finally {
      await test.close();
      await proxy.close();
    }
  });

  it('keeps sign-ins, sign-outs and every change working, audited, while Redis is down', async () => {
    const redis = await DisposableRedis.start();
    const test = await startTestApp({ redisUrl: redis.url, worker: false });
    const url = (path: string) => `${test.url}${path}`;
    const auditHas = async (action: string, targetId: string) =>
      (await call(url('/api/v1/audit?kind=changes&limit=500'))).body.some(
        (entry: { action: string; targetId: string }) => entry.action === action && entry.targetId === targetId,
      );
    try {
      const users: Record<string, string> = {};
      for (const [username, role, wardCode] of [
        ['chief', 'admin', null],
        ['ward.a', 'ward_staff', WARDS[0]],
        ['ward.b', 'ward_staff', WARDS[1]],
      ] as const) {
        const created = await call(url('/api/v1/users'), {
          json: { username, password: `${username}-password`, role, wardCode },
        });
        users[username] = created.body.id;
      }
      const signIn = async (username: string) =>
        call(url('/api/v1/auth/login'), { token: null, json: { username, password: `${username}-password` } });
      const chief = (await signIn('chief')).body.token as string;
      const wardA = (await signIn('ward.a')).body.token as string;
      const kiosk = (await call(url('/api/v1/kiosks'), { json: { wardCode: WARDS[0], label: 'Kiosk A' } })).body;
      const apiToken = (await call(url('/api/v1/tokens'), { json: { name: 'report' } })).body;

      await redis.down();
      // Signed-in requests need no Redis.
      for (const path of ['/api/v1/auth/me', '/api/v1/stats/summary', '/api/v1/kiosks']) {
        const reply = await call(url(path), { token: wardA });
        expect({ path, status: reply.status }).toEqual({ path, status: 200 });
      }
      // A sign-in works (its limits fall back to this process's memory) and is audited.
      const signedIn = await signIn('ward.b');
      expect(signedIn.status).toBe(200);
      expect(await auditHas('auth.login', users['ward.b'])).toBe(true);
      // A sign-out holds, though no other api process can hear of it now.
      expect((await call(url('/api/v1/auth/logout'), { token: wardA, method: 'POST' })).status).toBe(204);
      expect((await call(url('/api/v1/stats/summary'), { token: wardA })).status).toBe(401);

      // Every change is made, answered and in the audit log.
      const revoked = await call(url(`/api/v1/kiosks/${kiosk.id}/revoke`), { token: chief, method: 'POST' });
      expect(revoked.status).toBe(200);
      expect(revoked.body.revokedAt).not.toBeNull();
      expect(await auditHas('kiosk.revoke', kiosk.id)).toBe(true);
      const tokenRevoked = await call(url(`/api/v1/tokens/${apiToken.id}/revoke`), { token: chief, method: 'POST' });
      expect(tokenRevoked.status).toBe(200);
      expect(await auditHas('token.revoke', apiToken.id)).toBe(true);
      expect((await call(url('/api/v1/stats/summary'), { token: apiToken.token })).status).toBe(401);
      const locked = await call(url(`/api/v1/users/${users['ward.b']}`), {
        token: chief,
        method: 'PATCH',
        json: { disabled: true },
      });
      expect(locked.status).toBe(200);
      expect(await auditHas('user.update', users['ward.b'])).toBe(true);
      expect((await call(url('/api/v1/auth/me'), { token: signedIn.body.token })).status).toBe(401);
      const population = await call(url(`/api/v1/wards/${WARDS[0]}/population`), {
        token: chief,
        method: 'PUT',
        json: { total: 30_000, source: 'ward report', asOf: '2026-01-01' },
      });
      expect(population.status).toBe(200);
      expect(await auditHas('ward.population', WARDS[0])).toBe(true);

      // What cannot work without Redis says so, and when to come back; never a 500.
      const queue = await call(url('/api/v1/queue'), { token: chief });
      expect(queue).toMatchObject({
        status: 503,
        body: { message: 'a service the api needs is unavailable; retry later' },
      });
      expect(queue.headers.get('retry-after')).toBe('5');
    } finally {
      await redis.up();
      await test.close();
      await redis.down();
    }
  });

  it('loses nothing when Redis crashes during load and comes back (append-only, synced)', async () => {
    const redis = await DisposableRedis.start({ persistIn: mkdtempSync(join(tmpdir(), 'redis-')) });
    const test = await startTestApp({ redisUrl: redis.url, config: { kioskUsageLimits: UNBOUNDED } });
    const pool = test.pool;
    try {
      const { clients, ids } = await startKiosks(test.url);
      while ((await storedCount(pool)) === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      await redis.down(); // SIGKILL
      const storedAtCrash = await storedCount(pool);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await redis.up();

      await settled(clients, pool, ids.size);
      const figures = await expectExactly(test, pool, clients, ids);
      console.log(`Redis SIGKILL for 2 s: ${JSON.stringify({ ...figures, storedAtCrash })}`);
      await Promise.all(clients.map((client) => client.stop()));
    } finally {
      await test.close();
      await redis.up();
      await redis.down();
    }
  });
});
