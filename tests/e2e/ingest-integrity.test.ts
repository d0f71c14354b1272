import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Queue } from 'bullmq';
import { INGEST_QUEUE, cityDay } from '@kiosk-pulse/contract';
import { cityDayStart } from '@kiosk-pulse/contract/time';
import { kioskClock } from '@kiosk-pulse/demo';
import { startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';
import { testRedisUrl } from '../support/services';

/*
 * What a kiosk key can make the figures say: plausibility bounds per kiosk, late events made
 * visible, an id counted once whatever its time, ids and durations that cannot carry a personal
 * number, times the checks and the database read alike; and the fleet that shows all of it,
 * in the ward a kiosk is in now, without telling ward staff which other kiosks exist.
 */
describe('ingest integrity', () => {
  // Low bounds, so that a test can reach them with a handful of events.
  const PER_MINUTE = 5;
  const PER_DAY = 8;
  const MINUTE = 60_000;
  let test: TestApp;
  const url = (path: string) => `${test.url}${path}`;

  beforeAll(async () => {
    test = await startTestApp({ config: { kioskUsageLimits: { perMinute: PER_MINUTE, perDay: PER_DAY } } });
  });

  afterAll(async () => {
    await test?.close();
  });

  const newKiosk = async (wardCode: string) => {
    const created = await call(url('/api/v1/kiosks'), { json: { wardCode, label: `Kiosk ${wardCode}` } });
    expect(created.status).toBe(201);
    return created.body as { id: string; key: string };
  };
  const visit = (time: number | string, id = randomUUID()) => ({
    id,
    type: 'visit_started',
    occurredAt: typeof time === 'number' ? kioskClock(time) : time,
    ageGroup: '65_74',
  });
  const heartbeat = () => ({ id: randomUUID(), type: 'heartbeat', occurredAt: kioskClock() });
  const post = (key: string, events: object[], headers?: Record<string, string>) =>
    call(url('/api/v1/events'), { token: key, json: { events }, headers });
  const fleetRow = async (id: string, token?: string) => (await call(url(`/api/v1/kiosks/${id}`), { token })).body;
  /** Waits for the worker: the kiosk's fleet row once `test` holds. */
  const waitForRow = async (id: string, test: (row: any) => boolean) => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const row = await fleetRow(id);
      if (test(row)) return row;
      if (Date.now() > deadline) throw new Error(`fleet row never matched: ${JSON.stringify(row)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  /** Waits for a figure: a late event shows in an already materialized day once the worker's refresh has run. */
  const peopleReached = async (wardCode: string, from: string, to: string | undefined, expected: number) => {
    const read = async () =>
      (await call(url(`/api/v1/stats/summary?wardCode=${wardCode}&from=${from}${to ? `&to=${to}` : ''}`))).body
        .peopleReached as number;
    const deadline = Date.now() + 15_000;
    let figure = await read();
    while (figure !== expected && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      figure = await read();
    }
    return figure;
  };
  const storedIds = async (kioskId: string) =>
    (await test.pool.query('SELECT id FROM events WHERE kiosk_id = $1', [kioskId])).rows.map((row) => row.id).sort();
  // A minute wholly in the past, the same whatever the time of day: yesterday's 10:00, city time.
  const yesterdayAt = (hour: number, minute = 0) =>
    cityDayStart(Date.now()).getTime() - 86_400_000 + hour * 3_600_000 + minute * MINUTE;

  describe("a kiosk's plausibility bounds (item 6)", () => {
    it('refuses usage events past the bound of one minute, one by one, and not heartbeats', async () => {
      const kiosk = await newKiosk('25747');
      const at = yesterdayAt(10) + 5_000;
      const events = [heartbeat(), ...Array.from({ length: 7 }, () => visit(at)), heartbeat()];
      const reply = await post(kiosk.key, events);
      expect(reply.status).toBe(202);
      const minute = new Date(yesterdayAt(10)).toISOString();
      expect(reply.body).toEqual({
        accepted: 7,
        rejected: [6, 7].map((index) => ({
          index,
          code: 'kiosk_rate_exceeded',
          message: `events[${index}] is past this kiosk's bound of ${PER_MINUTE} usage events in one minute (${minute}); not counted`,
        })),
      });
      // The same minute later: still full.
      const later = await post(kiosk.key, [visit(at + 30_000)]);
      expect(later.body.rejected.map((rejection: { code: string }) => rejection.code)).toEqual(['kiosk_rate_exceeded']);

      const row = await waitForRow(kiosk.id, (row) => row.eventsStored === PER_MINUTE);
      expect(row).toMatchObject({ eventsRejected: 3, lastErrorCode: 'kiosk_rate_exceeded' });
      expect(row.flags).toContainEqual({ code: 'over_limit', count: 3, lastAt: expect.any(String) });
      expect(Date.now() - Date.parse(row.flags.find((flag: any) => flag.code === 'over_limit').lastAt)).toBeLessThan(
        60_000,
      );
    });

    it("takes a day's queue at once when its minutes are plausible, and refuses what is past the day's bound", async () => {
      const kiosk = await newKiosk('25750');
      // An offline kiosk's day: one visit a minute from 09:00, all sent in one post.
      const day = Array.from({ length: PER_DAY }, (_, i) => visit(yesterdayAt(9, i)));
      expect((await post(kiosk.key, day)).body).toEqual({ accepted: PER_DAY, rejected: [] });
      const more = await post(kiosk.key, [visit(yesterdayAt(15)), visit(yesterdayAt(16))]);
      expect(more.body).toEqual({
        accepted: 0,
        rejected: [0, 1].map((index) => ({
          index,
          code: 'kiosk_daily_limit_exceeded',
          message: `events[${index}] is past this kiosk's bound of ${PER_DAY} usage events on ${cityDay(yesterdayAt(0))}; not counted`,
        })),
      });
      // Another day has a bound of its own.
      expect((await post(kiosk.key, [visit(Date.now())])).body.accepted).toBe(1);

      const row = await waitForRow(kiosk.id, (row) => row.eventsStored === PER_DAY + 1);
      expect(row).toMatchObject({ eventsRejected: 2, lastErrorCode: 'kiosk_daily_limit_exceeded' });
      expect(row.flags.map((flag: any) => [flag.code, flag.count])).toEqual([
        ['late_events', PER_DAY],
        ['over_limit', 2],
      ]);
    });

    it('lets no more than the bound through when a kiosk posts many batches at once', async () => {
      const kiosk = await newKiosk('25760');
      // Six batches of one minute's events at once: the count in Redis is shared, not read then written.
      const at = yesterdayAt(14);
      const replies = await Promise.all(Array.from({ length: 6 }, () => post(kiosk.key, [visit(at), visit(at)])));
      expect(replies.reduce((sum, reply) => sum + reply.body.accepted, 0)).toBe(PER_MINUTE);
    });
  });

  describe('late events (item 6)', () => {
    it('stores and counts an event from an earlier city day, and flags the kiosk', async () => {
      const kiosk = await newKiosk('25768');
      const reply = await post(kiosk.key, [visit(yesterdayAt(11)), visit(yesterdayAt(12)), visit(Date.now())]);
      expect(reply.body).toEqual({ accepted: 3, rejected: [] });
      const row = await waitForRow(kiosk.id, (row) => row.eventsStored === 3);
      expect(row.flags).toEqual([{ code: 'late_events', count: 2, lastAt: expect.any(String) }]);
      // Not a rejection: the events count.
      expect(row).toMatchObject({ eventsRejected: 0, lastError: null, lastErrorCode: null });
      expect(await peopleReached('25768', cityDay(yesterdayAt(0)), cityDay(Date.now()), 2)).toBe(2);
    });
  });

  describe('an event id is counted once, whatever its time (item 8)', () => {
    it('counts a resend with a shifted time once, and shows a copy from another kiosk as its rejection', async () => {
      const first = await newKiosk('26740');
      const second = await newKiosk('26740');
      const event = visit(Date.now() - 3_000);
      expect((await post(first.key, [event])).body).toEqual({ accepted: 1, rejected: [] });
      await waitForRow(first.id, (row) => row.eventsStored === 1);
      expect((await post(first.key, [{ ...event, occurredAt: kioskClock(Date.now() - 2_000) }])).status).toBe(202);
      // The other kiosk hears 202 (the write is asynchronous); the fleet tells the truth.
      expect((await post(second.key, [event])).body).toEqual({ accepted: 1, rejected: [] });
      const copier = await waitForRow(second.id, (row) => row.eventsRejected === 1);
      expect(copier).toMatchObject({
        eventsStored: 0,
        lastErrorCode: 'duplicate_id',
        lastError: '1 event carried an id another kiosk had sent first; not counted',
      });
      expect(copier.flags).toEqual([{ code: 'duplicate_ids', count: 1, lastAt: expect.any(String) }]);
      const original = await fleetRow(first.id);
      expect(original).toMatchObject({ eventsStored: 1, eventsRejected: 0, flags: [] });
      expect(await storedIds(first.id)).toEqual([event.id]);
      expect(await storedIds(second.id)).toEqual([]);
    });
  });

  describe('ids and durations that could carry a personal number (item 13)', () => {
    it('refuses ids other than UUIDv7 and v4, ids of digits only, and durations over 4 hours', async () => {
      const kiosk = await newKiosk('26743');
      const at = kioskClock(Date.now() - 1_000);
      const reply = await post(kiosk.key, [
        { id: '01934567-8901-7234-9567-890123456789', type: 'heartbeat', occurredAt: at },
        { id: '6ba7b810-9dad-11d1-80b4-00c04fd430c8', type: 'heartbeat', occurredAt: at },
        { id: randomUUID(), type: 'guide_completed', occurredAt: at, guide: 'vneid', durationMs: 912_345_678 },
        { id: randomUUID(), type: 'guide_completed', occurredAt: at, guide: 'vneid', durationMs: 3_600_000 },
      ]);
      expect(reply.body).toEqual({
        accepted: 1,
        rejected: [
          {
            index: 0,
            code: 'invalid_field',
            message: 'events[0].id must not be made of digits only (an id carries no number about a person)',
          },
          { index: 1, code: 'invalid_field', message: 'events[1].id must be a UUID of version 7 (or 4)' },
          { index: 2, code: 'invalid_field', message: 'events[2].durationMs must be at most 14400000 (4 hours)' },
        ],
      });
      expect((await fleetRow(kiosk.id)).lastErrorCode).toBe('invalid_field');
    });
  });

  describe('times and encodings (item 18)', () => {
    it('lands a time a hair before a city midnight on that day, and one a hair after on the next', async () => {
      const kiosk = await newKiosk('25771');
      const midnight = cityDayStart(Date.now());
      const yesterday = cityDay(midnight.getTime() - 1);
      const today = cityDay(midnight);
      const before = visit(`${yesterday}T23:59:59.9999996+07:00`);
      const after = visit(`${today}T00:00:00.0000004+07:00`);
      expect((await post(kiosk.key, [before, after])).body).toEqual({ accepted: 2, rejected: [] });
      await waitForRow(kiosk.id, (row) => row.eventsStored === 2);
      const { rows } = await test.pool.query<{ id: string; occurred_at: Date; us: string }>(
        `SELECT id, occurred_at, to_char(occurred_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD HH24:MI:SS.US') AS us
         FROM events WHERE kiosk_id = $1`,
        [kiosk.id],
      );
      const at = new Map(rows.map((row) => [row.id, row.us]));
      expect(at.get(before.id)).toBe(`${yesterday} 23:59:59.999999`);
      expect(at.get(after.id)).toBe(`${today} 00:00:00.000000`);
      expect(await peopleReached('25771', yesterday, today, 1)).toBe(1);
      expect(await peopleReached('25771', today, undefined, 1)).toBe(1);
    });

    it('refuses a compressed body with 415, and takes Content-Encoding: identity', async () => {
      const kiosk = await newKiosk('25777');
      const body = JSON.stringify({ events: [heartbeat()] });
      const gzipped = await fetch(url('/api/v1/events'), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${kiosk.key}`,
          'content-type': 'application/json',
          'content-encoding': 'gzip',
        },
        body: gzipSync(body),
      });
      expect(gzipped.status).toBe(415);
      expect(await gzipped.json()).toEqual({
        statusCode: 415,
        error: 'Unsupported Media Type',
        message: 'send the batch uncompressed (no Content-Encoding, or identity); this server does not decode bodies',
      });
      const br = await post(kiosk.key, [heartbeat()], { 'content-encoding': 'br' });
      expect(br.status).toBe(415);
      const identity = await post(kiosk.key, [heartbeat()], { 'content-encoding': 'identity' });
      expect(identity).toMatchObject({ status: 202, body: { accepted: 1, rejected: [] } });
    });
  });

  describe('the fleet (items 14 and 15)', () => {
    const WARD_A = '26740';
    const WARD_B = '26743';
    const tokens: Record<string, string> = {};

    beforeAll(async () => {
      for (const [username, wardCode] of [
        ['staff.a', WARD_A],
        ['staff.b', WARD_B],
      ]) {
        const created = await call(url('/api/v1/users'), {
          json: { username, password: `${username}-password`, role: 'ward_staff', wardCode },
        });
        expect(created.status).toBe(201);
        const signedIn = await call(url('/api/v1/auth/login'), {
          token: null,
          json: { username, password: `${username}-password` },
        });
        tokens[username] = signedIn.body.token;
      }
    });

    it("answers another ward's kiosk as it answers an unknown id: 404, with the same body", async () => {
      const other = await newKiosk(WARD_B);
      const unknown = randomUUID();
      const attempts = (id: string) => [
        call(url(`/api/v1/kiosks/${id}`), { token: tokens['staff.a'] }),
        call(url(`/api/v1/kiosks/${id}`), { token: tokens['staff.a'], method: 'PATCH', json: { label: 'x' } }),
        call(url(`/api/v1/kiosks/${id}`), { token: tokens['staff.a'], method: 'PATCH', json: { wardCode: WARD_A } }),
        call(url(`/api/v1/kiosks/${id}/rotate`), { token: tokens['staff.a'], method: 'POST' }),
        call(url(`/api/v1/kiosks/${id}/revoke`), { token: tokens['staff.a'], method: 'POST' }),
      ];
      const forOther = await Promise.all(attempts(other.id));
      const forUnknown = await Promise.all(attempts(unknown));
      for (const [i, reply] of forOther.entries()) {
        expect({ status: reply.status, body: reply.body }).toEqual({
          status: 404,
          body: { statusCode: 404, error: 'Not Found', message: `no kiosk ${other.id}` },
        });
        expect({ status: forUnknown[i].status, body: forUnknown[i].body }).toEqual({
          status: 404,
          body: { statusCode: 404, error: 'Not Found', message: `no kiosk ${unknown}` },
        });
      }
      // Nothing was changed.
      expect(await fleetRow(other.id)).toMatchObject({ label: `Kiosk ${WARD_B}`, revokedAt: null });
      expect((await post(other.key, [heartbeat()])).status).toBe(202);
    });

    it("counts today, on a moved kiosk's row, only its events in the ward it is in now", async () => {
      const kiosk = await newKiosk(WARD_A);
      await post(kiosk.key, [visit(Date.now()), visit(Date.now())]);
      await waitForRow(kiosk.id, (row) => row.today.peopleReached === 2);
      const moved = await call(url(`/api/v1/kiosks/${kiosk.id}`), { method: 'PATCH', json: { wardCode: WARD_B } });
      expect(moved.body).toMatchObject({ wardCode: WARD_B });
      await post(kiosk.key, [visit(Date.now())]);
      const row = await waitForRow(kiosk.id, (row) => row.eventsStored === 3);
      expect(row.today).toEqual({ peopleReached: 1, guidesCompleted: 0, accountsRegistered: 0 });
      const seenByB = (await call(url('/api/v1/kiosks'), { token: tokens['staff.b'] })).body.find(
        (entry: { id: string }) => entry.id === kiosk.id,
      );
      expect(seenByB.today.peopleReached).toBe(1);
      // The old ward's figures keep the two it recorded.
      const wardA = await call(url(`/api/v1/stats/summary?wardCode=${WARD_A}`));
      expect(wardA.body.peopleReached).toBeGreaterThanOrEqual(2);
    });
  });
});

describe('late events by age (EVENT_LATE_AFTER_HOURS)', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await startTestApp({ config: { lateEventAfterMs: 2 * 3_600_000 } });
  });

  afterAll(async () => {
    await test?.close();
  });

  it('flags events older than the setting, whatever their day', async () => {
    const kiosk = (await call(`${test.url}/api/v1/kiosks`, { json: { wardCode: '25780', label: 'Late' } })).body;
    const events = [3, 1, 0].map((hours) => ({
      id: randomUUID(),
      type: 'visit_started',
      occurredAt: kioskClock(Date.now() - hours * 3_600_000),
      ageGroup: '31_44',
    }));
    const reply = await call(`${test.url}/api/v1/events`, { token: kiosk.key, json: { events } });
    expect(reply.body).toEqual({ accepted: 3, rejected: [] });
    const deadline = Date.now() + 15_000;
    let row = (await call(`${test.url}/api/v1/kiosks/${kiosk.id}`)).body;
    while (row.eventsStored !== 3 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      row = (await call(`${test.url}/api/v1/kiosks/${kiosk.id}`)).body;
    }
    expect(row.flags).toEqual([{ code: 'late_events', count: 1, lastAt: expect.any(String) }]);
  });
});

describe('a batch the queue cannot take (503)', () => {
  let test: TestApp;

  beforeAll(async () => {
    // No consumer and room for one job: the second post is answered 503.
    test = await startTestApp({
      worker: false,
      config: { maxQueueDepth: 1, kioskUsageLimits: { perMinute: 2, perDay: 100 } },
    });
  });

  afterAll(async () => {
    await test?.close();
  });

  it('is not counted against the bounds, nor its rejections on the fleet, until it is taken', async () => {
    const kiosk = (await call(`${test.url}/api/v1/kiosks`, { json: { wardCode: '25792', label: 'Busy' } })).body;
    const at = kioskClock(Date.now());
    const visit = () => ({ id: randomUUID(), type: 'visit_started', occurredAt: at, ageGroup: '60_64' });
    const post = (events: object[]) => call(`${test.url}/api/v1/events`, { token: kiosk.key, json: { events } });
    expect((await post([visit()])).body).toEqual({ accepted: 1, rejected: [] });

    const retried = [visit(), visit(), { id: randomUUID(), type: 'visit_started', occurredAt: at }];
    expect((await post(retried)).status).toBe(503);
    expect((await call(`${test.url}/api/v1/kiosks/${kiosk.id}`)).body).toMatchObject({
      eventsRejected: 0,
      lastErrorCode: null,
      flags: [],
    });

    // The workers catch up; the kiosk sends the batch again, and it counts once.
    const queue = new Queue(INGEST_QUEUE, { connection: { url: testRedisUrl() }, prefix: test.queuePrefix });
    try {
      await queue.drain();
    } finally {
      await queue.close();
    }
    // Readiness reads the queue afresh: once it says there is room, a post sees it too.
    const deadline = Date.now() + 10_000;
    while ((await call(`${test.url}/api/v1/health/ready`)).status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const again = await post(retried);
    expect(again.body).toMatchObject({
      accepted: 1,
      rejected: [
        { index: 1, code: 'kiosk_rate_exceeded' },
        { index: 2, code: 'missing_field' },
      ],
    });
    expect((await call(`${test.url}/api/v1/kiosks/${kiosk.id}`)).body).toMatchObject({
      eventsRejected: 2,
      lastErrorCode: 'missing_field',
      flags: [{ code: 'over_limit', count: 1 }],
    });
  });
});
