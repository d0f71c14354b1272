import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Pool } from 'pg';
import {
  COUNTS_CHANGED_CHANNEL,
  INGEST_JOB,
  INGEST_QUEUE,
  cityDay,
  type CountsChangedMessage,
  type IngestJobData,
  type KioskEvent,
} from '@kiosk-pulse/contract';
import { cityDayStart, cityHourStart, nextCityDayStart } from '@kiosk-pulse/contract/time';
import { pruneEventIds, writeEvents } from '../../libs/ingest-writer/src/events.repository';
import { IngestConsumer } from '../../libs/ingest-writer/src/ingest-consumer';
import {
  clearRedisPrefix,
  resetDatabase,
  testDatabaseUrl,
  testPool,
  testQueuePrefix,
  testRedisUrl,
} from '../support/services';

/*
 * The queue consumer against real Redis (BullMQ) and the embedded TimescaleDB: batching many
 * jobs per write, duplicates counted once, a poison job set aside, late events made visible.
 */
describe('ingest worker', () => {
  const prefix = testQueuePrefix();
  const kioskId = randomUUID();
  const otherKioskId = randomUUID();
  let pool: Pool;
  let queue: Queue<IngestJobData>;
  let consumer: IngestConsumer;
  let subscriber: Redis;
  const changes: CountsChangedMessage[] = [];

  const visit = (occurredAt = new Date(Date.now() - 60_000).toISOString()): KioskEvent => ({
    id: randomUUID(),
    type: 'visit_started',
    occurredAt,
    ageGroup: '65_74',
  });
  const job = (events: KioskEvent[], overrides: Partial<IngestJobData> = {}): IngestJobData => ({
    kioskId,
    wardCode: '26740',
    receivedAt: new Date().toISOString(),
    clockOffsetMs: 120,
    events,
    ...overrides,
  });
  const count = async (sql = 'SELECT count(*)::int AS n FROM events'): Promise<number> =>
    (await pool.query(sql)).rows[0].n;

  const drained = async (timeoutMs = 20_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      if (Object.values(counts).every((n) => n === 0)) return;
      if (Date.now() > deadline) throw new Error(`queue not drained: ${JSON.stringify(counts)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  beforeAll(async () => {
    pool = testPool();
    await resetDatabase(pool);
    for (const id of [kioskId, otherKioskId]) {
      await pool.query(`INSERT INTO kiosks (id, ward_code, label, key_hash) VALUES ($1, '26740', 'probe', $2)`, [
        id,
        Buffer.from(randomUUID()),
      ]);
    }
    queue = new Queue<IngestJobData>(INGEST_QUEUE, {
      connection: { url: testRedisUrl() },
      prefix,
      defaultJobOptions: {
        attempts: 2,
        backoff: { type: 'fixed', delay: 10 },
        removeOnComplete: true,
        removeOnFail: false,
      },
    });
    subscriber = new Redis(testRedisUrl());
    await subscriber.subscribe(`${prefix}:${COUNTS_CHANGED_CHANNEL}`);
    subscriber.on('message', (_channel, message: string) => changes.push(JSON.parse(message)));
  });

  afterAll(async () => {
    await consumer?.beforeApplicationShutdown();
    await queue.close();
    subscriber.disconnect();
    await clearRedisPrefix(prefix);
    await pool.end();
  });

  it('writes many queued jobs in few batches, each event once', async () => {
    const jobs = Array.from({ length: 40 }, () => job(Array.from({ length: 25 }, () => visit())));
    // The same job twice, as after a worker crash: its events must be counted once.
    await queue.addBulk([...jobs, jobs[0]].map((data) => ({ name: INGEST_JOB, data })));

    consumer = new IngestConsumer(pool, {
      databaseUrl: testDatabaseUrl(),
      databasePool: { size: 1, idleMs: 30_000 },
      redis: { url: testRedisUrl(), cluster: false },
      queuePrefix: prefix,
      concurrency: 50,
      batchMaxEvents: 5_000,
      batchMaxWaitMs: 50,
      writeConcurrency: 2,
      jobLockMs: 30_000,
      refreshAggregatesInApp: false,
      eventMaxAgeDays: 30,
      httpPort: 0,
      logLevel: 'warn',
    });
    await consumer.onModuleInit();
    await drained();

    expect(await count()).toBe(1_000);
    expect(await count(`SELECT count(DISTINCT id)::int AS n FROM events WHERE clock_offset_ms = 120`)).toBe(1_000);
    const lastSeen = (await pool.query('SELECT last_seen_at FROM kiosks WHERE id = $1', [kioskId])).rows[0]
      .last_seen_at;
    expect(lastSeen).not.toBeNull();
    // One counts-changed message per written batch: 41 jobs took far fewer writes.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.length).toBeLessThan(10);
    expect(changes[0]).toEqual({
      wardCodes: ['26740'],
      days: [cityDay(Date.now() - 60_000)],
      acceptedAt: expect.any(String),
    });
    // The earliest acceptance among the batch's jobs, for the POST -> counts lag.
    expect(jobs.map((data) => data.receivedAt)).toContain(changes[0].acceptedAt);
  });

  it('sets a poison job aside with its error and writes the jobs batched with it', async () => {
    const good = job([visit(), visit()]);
    const poison = job([visit()], { kioskId: 'not-a-uuid' });
    await queue.addBulk([good, poison, job([visit()])].map((data) => ({ name: INGEST_JOB, data })));
    await drained();
    expect(await count()).toBe(1_003);
    const failed = await queue.getFailed();
    expect(failed).toHaveLength(1);
    expect(failed[0].data.kioskId).toBe('not-a-uuid');
    expect(failed[0].attemptsMade).toBe(2);
    expect(failed[0].failedReason).toContain('invalid input syntax for type uuid');
  });

  it('makes a late event in an already materialized hour visible within a moment, without holding up the write', async () => {
    const twoHoursAgo = new Date(cityHourStart(Date.now()).getTime() - 2 * 3_600_000 + 60_000);
    const bucketCount = () =>
      pool
        .query(`SELECT coalesce(sum(events), 0)::int AS n FROM events_hourly WHERE bucket = $1`, [
          cityHourStart(twoHoursAgo),
        ])
        .then((result) => result.rows[0].n as number);
    // resetDatabase materialized up to this hour, so that bucket is below the watermark.
    expect(await bucketCount()).toBe(0);
    await queue.add(INGEST_JOB, job([visit(twoHoursAgo.toISOString())]));
    await drained();
    // The daily aggregate for that city day must agree with the raw events too.
    const day = [cityDayStart(twoHoursAgo), nextCityDayStart(twoHoursAgo)];
    const dailyCount = () =>
      pool
        .query(`SELECT coalesce(sum(events), 0)::int AS n FROM events_daily WHERE bucket = $1`, [day[0]])
        .then((result) => result.rows[0].n as number);
    const { rows: raw } = await pool.query(
      `SELECT count(*)::int AS n FROM events WHERE occurred_at >= $1 AND occurred_at < $2`,
      day,
    );
    // The refresh that brings it in runs after the write, apart from it.
    const deadline = Date.now() + 5_000;
    while (((await bucketCount()) === 0 || (await dailyCount()) !== raw[0].n) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await bucketCount()).toBe(1);
    expect(await dailyCount()).toBe(raw[0].n);
  });

  describe('an event id is counted once, whatever its time', () => {
    const stored = async (id: string) =>
      (
        await pool.query<{ kiosk_id: string; occurred_at: Date }>(
          'SELECT kiosk_id, occurred_at FROM events WHERE id = $1',
          [id],
        )
      ).rows;
    const kioskRow = async (id: string) =>
      (
        await pool.query(
          'SELECT events_stored, events_rejected, last_error, last_error_code FROM kiosks WHERE id = $1',
          [id],
        )
      ).rows[0];
    const flags = async (id: string) =>
      (
        await pool.query<{ code: string; count: number }>(
          'SELECT code, count::int AS count FROM kiosk_flags WHERE kiosk_id = $1 ORDER BY code',
          [id],
        )
      ).rows;

    it('drops a resend of an id with a shifted time, silently', async () => {
      const first = visit(new Date(Date.now() - 120_000).toISOString());
      const before = await kioskRow(kioskId);
      expect((await writeEvents(pool, [job([first])])).inserted).toBe(1);
      const shifted = { ...first, occurredAt: new Date(Date.now() - 60_000).toISOString() };
      // Later, and in one batch with itself at yet another time: nothing more is stored.
      expect((await writeEvents(pool, [job([shifted])])).inserted).toBe(0);
      const again = { ...first, occurredAt: new Date(Date.now() - 30_000).toISOString() };
      expect((await writeEvents(pool, [job([again, shifted])])).inserted).toBe(0);
      expect(await stored(first.id)).toEqual([{ kiosk_id: kioskId, occurred_at: new Date(first.occurredAt) }]);
      expect(await kioskRow(kioskId)).toEqual({
        ...before,
        events_stored: before.events_stored + 1,
      });
      expect(await flags(kioskId)).toEqual([]);
    });

    it("refuses a copy of another kiosk's id, at its time or another, as that kiosk's duplicate_id", async () => {
      const original = visit();
      await writeEvents(pool, [job([original])]);
      const copies = [original, { ...original, occurredAt: new Date(Date.now() - 5_000).toISOString() }];
      const written = await writeEvents(pool, [job(copies, { kioskId: otherKioskId })]);
      expect(written.inserted).toBe(0);
      expect(written.duplicatesPerKiosk).toEqual(new Map([[otherKioskId, 2]]));
      expect(await stored(original.id)).toEqual([{ kiosk_id: kioskId, occurred_at: new Date(original.occurredAt) }]);
      expect(await kioskRow(otherKioskId)).toEqual({
        events_stored: 0,
        events_rejected: 2,
        last_error: '2 events carried an id another kiosk had sent first; not counted',
        last_error_code: 'duplicate_id',
      });
      expect(await flags(otherKioskId)).toEqual([{ code: 'duplicate_ids', count: 2 }]);
      expect(await flags(kioskId)).toEqual([]);
    });

    it('stores one copy when two kiosks send one id in the same batch, and refuses the other', async () => {
      const event = visit();
      const written = await writeEvents(pool, [job([event]), job([event], { kioskId: otherKioskId })]);
      expect(written.inserted).toBe(1);
      const [owner] = await stored(event.id);
      const copier = owner.kiosk_id === kioskId ? otherKioskId : kioskId;
      expect(written.duplicatesPerKiosk).toEqual(new Map([[copier, 1]]));
    });

    it('flags the late events stored, once: not again when they are resent', async () => {
      await pool.query('DELETE FROM kiosk_flags');
      const yesterday = new Date(cityDayStart(Date.now()).getTime() - 3_600_000).toISOString();
      const late = [visit(yesterday), visit(yesterday)];
      const batch = job([...late, visit()], { lateIds: late.map((event) => event.id) });
      expect((await writeEvents(pool, [batch])).latePerKiosk).toEqual(new Map([[kioskId, 2]]));
      expect((await writeEvents(pool, [batch])).latePerKiosk).toEqual(new Map());
      expect(await flags(kioskId)).toEqual([{ code: 'late_events', count: 2 }]);
      const { rows } = await pool.query(`SELECT day::text AS day FROM kiosk_flags WHERE kiosk_id = $1`, [kioskId]);
      expect(rows).toEqual([{ day: cityDay(Date.now()) }]);
    });

    it('forgets ids once no copy of their event could be accepted any more', async () => {
      const old = randomUUID();
      const recent = randomUUID();
      await pool.query(
        `INSERT INTO event_ids (id, kiosk_id, occurred_at) VALUES ($1, $3, now() - interval '32 days'), ($2, $3, now() - interval '30 days')`,
        [old, recent, kioskId],
      );
      expect(await pruneEventIds(pool, 30)).toBe(1);
      const { rows } = await pool.query('SELECT id FROM event_ids WHERE id = ANY($1::uuid[])', [[old, recent]]);
      expect(rows).toEqual([{ id: recent }]);
    });
  });
});
