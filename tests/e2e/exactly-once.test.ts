import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { cityDay } from '@kiosk-pulse/contract';
import { cityDayStart } from '@kiosk-pulse/contract/time';
import { KioskClient, MemoryEventStore } from '@kiosk-pulse/kiosk-client';
import { startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';

/*
 * Known sets of events through the real HTTP API (real Redis queue, real embedded TimescaleDB):
 * afterwards the database and the stats API hold exactly that set, no more, no fewer.
 */
describe('exactly once', () => {
  let test: TestApp;
  let pool: Pool;

  beforeAll(async () => {
    test = await startTestApp();
    pool = test.pool;
  });

  afterAll(async () => {
    await test?.close();
  });

  const newKiosk = async (wardCode: string) => {
    const created = await call(`${test.url}/api/v1/kiosks`, { json: { wardCode, label: `Kiosk ${wardCode}` } });
    expect(created.status).toBe(201);
    return created.body as { id: string; key: string };
  };
  const visit = (occurredAt = new Date()) => ({
    id: randomUUID(),
    type: 'visit_started',
    occurredAt: occurredAt.toISOString(),
    ageGroup: '60_64',
  });
  /** The ids stored for a kiosk, once `expected` have landed and a little longer (for any extra to show). */
  const storedIds = async (kioskId: string, expected: number) => {
    const read = async () =>
      (await pool.query<{ id: string }>('SELECT id FROM events WHERE kiosk_id = $1', [kioskId])).rows.map(
        (row) => row.id,
      );
    for (let attempt = 0; attempt < 100 && (await read()).length < expected; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    return (await read()).sort();
  };

  it('counts a batch replayed several times, and overlapping batches, once per event', async () => {
    const kiosk = await newKiosk('25747');
    const first = Array.from({ length: 10 }, () => visit());
    const second = [...first.slice(5), ...Array.from({ length: 5 }, () => visit())];
    const post = (events: object[]) => call(`${test.url}/api/v1/events`, { token: kiosk.key, json: { events } });
    const replies = await Promise.all([post(first), post(first), post(second), post(first), post(second)]);
    expect(replies.map((reply) => reply.status)).toEqual([202, 202, 202, 202, 202]);

    const sent = new Set([...first, ...second].map((event) => event.id));
    expect(sent.size).toBe(15);
    expect(await storedIds(kiosk.id, 15)).toEqual([...sent].sort());
    // The counts follow the stored events once the aggregate refresher has run after the last
    // write: wait for them, then check that they settle at 15 and no higher.
    const peopleReached = async () =>
      (await call(`${test.url}/api/v1/stats/summary?wardCode=25747`)).body.peopleReached as number;
    for (let attempt = 0; attempt < 100 && (await peopleReached()) < 15; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await peopleReached()).toBe(15);
  });

  it("lands a kiosk's day offline on the right city day, in the daily aggregates too", async () => {
    const kiosk = await newKiosk('25750');
    const options = {
      apiUrl: test.url,
      kioskKey: kiosk.key,
      store: new MemoryEventStore(),
      heartbeatIntervalMs: 0,
      backoff: { baseMs: 10, maxMs: 20 },
    };
    const client = new KioskClient({ ...options, apiUrl: 'http://127.0.0.1:9' }); // no network all day
    // Yesterday, city time: 08:00, 12:00 and 23:30 (16:30 UTC, the same UTC day as today's early hours).
    const yesterday = cityDayStart(Date.now()).getTime() - 86_400_000;
    for (const hours of [8, 12, 23.5]) {
      await client.track({
        type: 'visit_started',
        ageGroup: '75_plus',
        occurredAt: new Date(yesterday + hours * 3_600_000),
      });
    }
    await client.flush();
    expect((await client.status()).pending).toBe(3);

    // Back online: the same client, the same kept events.
    const online = new KioskClient(options);
    await online.flush();
    expect(await online.status()).toMatchObject({ pending: 0, sent: 3 });
    expect(await storedIds(kiosk.id, 3)).toHaveLength(3);

    const day = cityDay(yesterday);
    const today = cityDay(Date.now());
    let yesterdays = 0;
    for (let attempt = 0; attempt < 100 && yesterdays !== 3; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      yesterdays = (await call(`${test.url}/api/v1/stats/summary?wardCode=25750&from=${day}&to=${today}`)).body
        .peopleReached;
    }
    expect(yesterdays).toBe(3);
    expect((await call(`${test.url}/api/v1/stats/summary?wardCode=25750`)).body.peopleReached).toBe(0);
    // Read from the materialized daily tier, not only through real-time aggregation.
    const { rows } = await pool.query(
      `SELECT sum(reached_75_plus)::int AS n FROM ward_daily_figures WHERE ward_code = '25750' AND bucket = $1`,
      [new Date(yesterday)],
    );
    expect(rows[0].n).toBe(3);
  });
});

describe('backpressure', () => {
  let test: TestApp;

  beforeAll(async () => {
    // No consumer: jobs stay waiting, as when the workers fall behind.
    test = await startTestApp({ worker: false, config: { maxQueueDepth: 3 } });
  });

  afterAll(async () => {
    await test?.close();
  });

  it('answers 503 with Retry-After once the queue holds its limit, instead of queueing more', async () => {
    const { key } = (await call(`${test.url}/api/v1/kiosks`, { json: { wardCode: '25760', label: 'Kiosk' } })).body;
    const post = () =>
      call(`${test.url}/api/v1/events`, {
        token: key,
        json: {
          events: [
            { id: randomUUID(), type: 'visit_started', occurredAt: new Date().toISOString(), ageGroup: '16_30' },
          ],
        },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await post()).status);
    expect(statuses).toEqual([202, 202, 202]);
    const refused = await post();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(refused.body.message).toBe('the event queue is full; keep the events and retry');
  });
});
