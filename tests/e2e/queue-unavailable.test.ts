import { randomUUID } from 'node:crypto';
import { withinTime } from '@kiosk-pulse/runtime';
import { kioskClock } from '@kiosk-pulse/demo';
import { LiveClient, ADMIN_TOKEN, startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';
import { DisposableRedis } from '../support/redis-server';

/*
 * When Redis cannot take a batch the kiosk must hear 503 with Retry-After (and keep its
 * events), never 202; once Redis is back the same batch is accepted and counted.
 */
describe('ingest while Redis is down', () => {
  let redis: DisposableRedis;
  let test: TestApp;
  let key: string;

  beforeAll(async () => {
    redis = await DisposableRedis.start();
    test = await startTestApp({ redisUrl: redis.url });
    key = (await call(`${test.url}/api/v1/kiosks`, { json: { wardCode: '26740', label: 'Kiosk' } })).body.key;
  });

  afterAll(async () => {
    await redis.up();
    // In 3 of some 15 full runs this close hung past jest's hook limit (not seen alone, cause not
    // yet found): bound it, and say so, rather than fail a suite whose assertions all passed.
    await withinTime(test?.close() ?? Promise.resolve(), 20_000, () =>
      console.warn('queue-unavailable: the test app did not close within 20 s'),
    );
    await redis.down();
  });

  it('answers 503 with Retry-After, then accepts the same batch when Redis is back', async () => {
    const batch = {
      events: [
        { id: randomUUID(), type: 'visit_started', occurredAt: kioskClock(Date.now() - 1_000), ageGroup: '75_plus' },
      ],
    };
    const post = () => call(`${test.url}/api/v1/events`, { token: key, json: batch });
    expect((await post()).status).toBe(202); // the key is cached before Redis goes away
    expect((await call(`${test.url}/api/v1/health/ready`)).body).toMatchObject({
      status: 'ok',
      details: { database: { status: 'up' }, redis: { status: 'up' }, queue: { status: 'up', waiting: 0 } },
    });

    await redis.down();
    const refused = await post();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    const health = await call(`${test.url}/api/v1/health/ready`);
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'error', error: { redis: { status: 'down' } } });
    expect(health.body.info).toMatchObject({ database: { status: 'up' } });
    // Alive all the same: an orchestrator must not restart it for Redis being away.
    expect((await call(`${test.url}/api/v1/health/live`, { token: null })).status).toBe(200);
    expect(refused.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'the event queue is unavailable; keep the events and retry',
    });

    await redis.up();
    let accepted = await post();
    for (let attempt = 0; accepted.status !== 202 && attempt < 100; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      accepted = await post();
    }
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ accepted: 1, rejected: [] });

    // Redis lost the first job with its data (this one keeps nothing on disk); the resend is counted once.
    const live = new LiveClient(test.url, ADMIN_TOKEN);
    try {
      await live.connected();
      await live.subscribe({});
      expect(await live.waitFor((counts) => counts.peopleReached === 1)).toMatchObject({ peopleReached: 1 });
    } finally {
      live.close();
    }
    const { rows } = await test.pool.query('SELECT count(*)::int AS n FROM events');
    expect(rows[0].n).toBe(1);
  });
});
