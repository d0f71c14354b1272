import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { INGEST_JOB, INGEST_QUEUE, type IngestJobData } from '@kiosk-pulse/contract';
import { startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';
import { testRedisUrl } from '../support/services';

/** A job that fails for good goes to the failed set with its error, shows on the admin view, and blocks nothing. */
describe('ingest queue for admins', () => {
  let test: TestApp;
  let connection: Redis;
  let queue: Queue<IngestJobData>;

  beforeAll(async () => {
    test = await startTestApp();
    connection = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
    queue = new Queue<IngestJobData>(INGEST_QUEUE, { connection, prefix: test.queuePrefix });
  });

  afterAll(async () => {
    await queue?.close();
    connection?.disconnect();
    await test?.close();
  });

  it('lists a poison job with its error, lets an admin retry it, and keeps taking good batches', async () => {
    // Only a bug or a changed schema could make one: the api checks what it queues.
    await queue.add(
      INGEST_JOB,
      {
        kioskId: 'not-a-uuid',
        wardCode: '26740',
        receivedAt: new Date().toISOString(),
        clockOffsetMs: null,
        events: [{ id: randomUUID(), type: 'visit_started', occurredAt: new Date().toISOString(), ageGroup: '16_30' }],
      },
      { attempts: 2, backoff: { type: 'fixed', delay: 10 } },
    );
    let health: any;
    for (let attempt = 0; attempt < 200; attempt++) {
      health = (await call(`${test.url}/api/v1/queue`)).body;
      if (health.failed === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(health).toMatchObject({ waiting: 0, failed: 1 });
    expect(health.failedJobs).toEqual([
      expect.objectContaining({
        kioskId: 'not-a-uuid',
        events: 1,
        attempts: 2,
        error: expect.stringContaining('uuid'),
      }),
    ]);

    const { key } = (await call(`${test.url}/api/v1/kiosks`, { json: { wardCode: '26740', label: 'Kiosk' } })).body;
    const event = { id: randomUUID(), type: 'visit_started', occurredAt: new Date().toISOString(), ageGroup: '16_30' };
    expect((await call(`${test.url}/api/v1/events`, { token: key, json: { events: [event] } })).status).toBe(202);
    let stored = 0;
    for (let attempt = 0; attempt < 100 && stored === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      stored = (await test.pool.query('SELECT count(*)::int AS n FROM events WHERE id = $1', [event.id])).rows[0].n;
    }
    expect(stored).toBe(1);

    const id = health.failedJobs[0].id;
    expect((await call(`${test.url}/api/v1/queue/failed/${id}/retry`, { method: 'POST' })).status).toBe(201);
    expect((await call(`${test.url}/api/v1/queue/failed/999999/retry`, { method: 'POST' })).status).toBe(404);
    expect((await call(`${test.url}/api/v1/queue/failed/x'1/retry`, { method: 'POST' })).status).toBe(404);
    const audit = (await call(`${test.url}/api/v1/audit?kind=changes`)).body;
    expect(audit[0]).toMatchObject({ action: 'queue.retry', targetId: id });
  });

  it('is for admins only', async () => {
    await call(`${test.url}/api/v1/users`, {
      json: { username: 'official', password: 'official-password', role: 'city_official', wardCode: null },
    });
    const { token } = (
      await call(`${test.url}/api/v1/auth/login`, { json: { username: 'official', password: 'official-password' } })
    ).body;
    expect((await call(`${test.url}/api/v1/queue`, { token })).status).toBe(403);
  });
});
