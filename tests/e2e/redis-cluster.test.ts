import { randomUUID } from 'node:crypto';
import { Cluster } from 'ioredis';
import type { KioskEvent } from '@kiosk-pulse/contract';
import { kioskClock } from '@kiosk-pulse/demo';
import { ADMIN_TOKEN, LiveClient, startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';
import { DisposableRedis } from '../support/redis-server';

/*
 * The app on a real Redis Cluster (three masters started here): the BullMQ queue, the pub/sub
 * between processes, the socket.io adapter and the rate limits all work through REDIS_CLUSTER
 * with REDIS_URL naming one node, and the queue's keys share the one slot of the prefix's
 * hash tag.
 */
describe('on a Redis Cluster', () => {
  let nodes: DisposableRedis[] = [];
  let test: TestApp;
  let live: LiveClient | undefined;

  beforeAll(async () => {
    nodes = await DisposableRedis.startCluster(3);
    // Not the node that holds the queue's slot, most likely: the client must learn the others.
    test = await startTestApp({ redisUrl: nodes[0].url, redisCluster: true });
  }, 60_000);

  afterAll(async () => {
    live?.close();
    await test?.close();
    await Promise.all(nodes.map((node) => node.down()));
  });

  it('takes events through the queue into the database and shows them live', async () => {
    const created = await call(`${test.url}/api/v1/kiosks`, { json: { wardCode: '26740', label: 'Cluster kiosk' } });
    expect(created.status).toBe(201);
    live = new LiveClient(test.url, ADMIN_TOKEN);
    await live.connected();
    await live.subscribe({});
    await live.waitFor((counts) => counts.accountsRegistered === 0);

    const events: KioskEvent[] = Array.from({ length: 25 }, () => ({
      id: randomUUID(),
      type: 'account_registered',
      level: 2,
      occurredAt: kioskClock(Date.now() - 1_000),
    }));
    const reply = await call(`${test.url}/api/v1/events`, { token: created.body.key, json: { events } });
    expect(reply.status).toBe(202);
    await live.waitFor((counts) => counts.accountsRegistered === 25, 20_000);
    const { rows } = await test.pool.query<{ n: number }>('SELECT count(*)::bigint AS n FROM events');
    expect(rows[0].n).toBe(25);

    const cluster = new Cluster([{ host: '127.0.0.1', port: nodes[0].port }]);
    try {
      await new Promise((resolve) => cluster.once('ready', resolve));
      const keys = (
        await Promise.all(cluster.nodes('master').map((node) => node.keys(`${test.queuePrefix}:*`)))
      ).flat();
      expect(keys.length).toBeGreaterThan(0);
      const slots = new Set(await Promise.all(keys.map((key) => cluster.cluster('KEYSLOT', key))));
      expect(slots.size).toBe(1);
    } finally {
      cluster.disconnect();
    }
  }, 60_000);
});
