import { randomUUID } from 'node:crypto';
import { cityDay, type KioskEvent } from '@kiosk-pulse/contract';
import { cityDayStart, cityHourStart } from '@kiosk-pulse/contract/time';
import { kioskClock } from '@kiosk-pulse/demo';
import { ADMIN_TOKEN, LiveClient, startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';

/*
 * The live pipeline end to end, as a kiosk and a dashboard use it: a kiosk posts over HTTP,
 * the events go through BullMQ (real Redis) into the embedded TimescaleDB, and a socket.io
 * client sees the counts; then the stats API is read back. Every number is asserted exactly.
 */
describe('live pipeline: kiosk -> BullMQ -> TimescaleDB -> socket.io', () => {
  let test: TestApp;
  let kiosk: { id: string; wardCode: string; label: string; key: string };
  let live: LiveClient;
  const now = Date.now();
  const recent = kioskClock(now - 60_000);
  const today = cityDay(now);
  const yesterday = cityDay(cityDayStart(now).getTime() - 1);
  // 23:30 yesterday in the city: 16:30 UTC, on yesterday's UTC day too, but a timezone slip would move it.
  const lateAt = kioskClock(cityDayStart(now).getTime() - 30 * 60_000);
  const WARD = '26740'; // Phường Sài Gòn
  const OTHER_WARD = '26743';

  const event = (type: KioskEvent['type'], fields: Partial<KioskEvent> = {}): KioskEvent => ({
    id: randomUUID(),
    type,
    occurredAt: recent,
    ...fields,
  });

  const firstVisit = event('visit_started', { ageGroup: '60_64', helperRole: 'youth_volunteer' });
  const teamVisit = event('visit_started', { ageGroup: '16_30', helperRole: 'community_digital_team' });
  const batch: unknown[] = [
    firstVisit,
    event('visit_started', { ageGroup: '75_plus', helperRole: 'police' }),
    teamVisit,
    event('guide_started', { guide: 'vneid' }),
    event('guide_completed', { guide: 'vneid', durationMs: 240_000, ageGroup: '60_64' }),
    event('guide_completed', { guide: 'scam_awareness', durationMs: 90_000 }),
    event('account_registered', { level: 1 }),
    event('heartbeat'),
    { ...firstVisit }, // the same event twice in one batch: counted once
    { ...event('visit_started', { ageGroup: '31_44' }), fullName: 'Nguyễn Văn A' },
    event('visit_started', { ageGroup: '45_59', occurredAt: kioskClock(now - 31 * 86_400_000) }),
    event('visit_started', { ageGroup: '45_59', occurredAt: kioskClock(now + 10 * 60_000) }),
    event('visit_started', { ageGroup: '45_59', occurredAt: lateAt }), // a kiosk that was offline overnight
  ];

  beforeAll(async () => {
    // Yesterday's age split is published at once, whatever the hour.
    test = await startTestApp({ config: { ageSplitDelayMs: 0, ageSplitPeriod: 'day' } });
  });

  afterAll(async () => {
    live?.close();
    await test?.close();
  });

  it('creates a kiosk whose key is shown once and never listed', async () => {
    const created = await call(`${test.url}/api/v1/kiosks`, {
      json: { wardCode: WARD, label: '  Nhà văn hóa khu phố 1 ' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      wardCode: WARD,
      label: 'Nhà văn hóa khu phố 1',
      revokedAt: null,
      lastSeenAt: null,
    });
    expect(created.body.key).toMatch(/^kpk_[A-Za-z0-9_-]{43}$/);
    kiosk = created.body;

    const listed = await call(`${test.url}/api/v1/kiosks`);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      {
        id: kiosk.id,
        wardCode: WARD,
        label: 'Nhà văn hóa khu phố 1',
        createdAt: created.body.createdAt,
        revokedAt: null,
        lastSeenAt: null,
        status: 'never_seen',
        today: { peopleReached: 0, guidesCompleted: 0, accountsRegistered: 0 },
        eventsStored: 0,
        eventsRejected: 0,
        lastError: null,
        lastErrorCode: null,
        lastErrorAt: null,
        heartbeat: null,
        flags: [],
      },
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(kiosk.key);
    const { rows } = await test.pool.query('SELECT key_hash FROM kiosks');
    expect(rows[0].key_hash.toString('hex')).not.toContain(Buffer.from(kiosk.key).toString('hex'));
  });

  it('refuses a /live connection without a valid token', async () => {
    await expect(new LiveClient(test.url, undefined).connected()).rejects.toThrow('unauthorized');
    await expect(new LiveClient(test.url, 'wrong-token').connected()).rejects.toThrow('unauthorized');
  });

  it('sends the city counts at once on subscribe, all zero on an empty day', async () => {
    live = new LiveClient(test.url, ADMIN_TOKEN);
    await live.connected();
    expect(await live.subscribe({})).toEqual({ ok: true, room: 'city' });
    const first = await live.waitFor(() => true);
    expect(first).toMatchObject({
      scope: 'city',
      wardCode: null,
      day: today,
      guidesCompleted: 0,
      accountsRegistered: 0,
      peopleReached: 0,
    });
    // Totals only: today has no age split until it is over (docs/privacy.md).
    expect(first).not.toHaveProperty('byAgeGroup');
    expect(await live.subscribe({ wardCode: '99999' })).toEqual({ ok: false, error: 'unknown ward 99999' });
    expect(await live.subscribe({ wardCode: 'x' })).toEqual({ ok: false, error: 'must be a 5-digit ward code' });
  });

  it('accepts the good events of a batch, rejects the bad ones with reasons, and counts them live', async () => {
    const posted = Date.now();
    const reply = await call(`${test.url}/api/v1/events`, {
      token: kiosk.key,
      json: { sentAt: kioskClock(), events: batch },
    });
    expect(reply.status).toBe(202);
    expect(reply.body).toEqual({
      accepted: 10,
      rejected: [
        {
          index: 9,
          code: 'unknown_field',
          message: 'events[9] has unknown field "fullName"; events carry no other data',
        },
        { index: 10, code: 'occurred_too_old', message: 'events[10].occurredAt is more than 30 days old' },
        {
          index: 11,
          code: 'occurred_in_future',
          message: 'events[11].occurredAt is more than 300 s ahead of the server clock',
        },
      ],
    });

    const counts = await live.waitFor((c) => c.peopleReached > 0);
    process.stdout.write(`POST -> counts: ${Date.now() - posted} ms\n`);
    expect(counts).toMatchObject({
      scope: 'city',
      wardCode: null,
      day: today,
      guidesCompleted: 2,
      accountsRegistered: 1,
      peopleReached: 3,
      byGuide: { vneid: 1, public_services: 0, procedure_lookup: 0, scam_awareness: 1, other: 0 },
    });
    expect(Date.parse(counts.asOf)).toBeGreaterThanOrEqual(posted);
  });

  it('stores each event once, as sent, with the ward taken from the key', async () => {
    const { rows } = await test.pool.query(
      `SELECT id, occurred_at, received_at, clock_offset_ms, kiosk_id, ward_code FROM events ORDER BY occurred_at, id`,
    );
    expect(rows).toHaveLength(8); // 10 accepted, less the heartbeat and the in-batch duplicate
    expect(new Set(rows.map((row) => row.id)).size).toBe(8);
    for (const row of rows) {
      expect(row.kiosk_id).toBe(kiosk.id);
      expect(row.ward_code).toBe(WARD);
      expect(Math.abs(row.clock_offset_ms)).toBeLessThan(5_000);
      expect(row.received_at.getTime()).toBeGreaterThanOrEqual(now);
    }
    expect(rows[0].occurred_at.getTime()).toBe(Date.parse(lateAt));
    // A community digital technology team's help is stored as such (migration 0021).
    const team = await test.pool.query('SELECT helper_role FROM events WHERE id = $1', [teamVisit.id]);
    expect(team.rows).toEqual([{ helper_role: 'community_digital_team' }]);
    const kiosks = await call(`${test.url}/api/v1/kiosks`);
    expect(Date.parse(kiosks.body[0].lastSeenAt)).toBeGreaterThanOrEqual(now);
  });

  it('counts a resent batch once', async () => {
    const again = await call(`${test.url}/api/v1/events`, { token: kiosk.key, json: { events: batch } });
    expect(again.status).toBe(202);
    expect(again.body.accepted).toBe(10);
    // A later event shows only after the resend ahead of it in the queue has been written.
    const marker = event('visit_started', { ageGroup: 'under_14' });
    expect((await call(`${test.url}/api/v1/events`, { token: kiosk.key, json: { events: [marker] } })).status).toBe(
      202,
    );
    const counts = await live.waitFor((c) => c.peopleReached === 4);
    expect(counts).toMatchObject({
      guidesCompleted: 2,
      accountsRegistered: 1,
    });
    const { rows } = await test.pool.query('SELECT count(*)::int AS n FROM events');
    expect(rows[0].n).toBe(9);
  });

  it('answers the stats API from the database', async () => {
    const summary = await call(`${test.url}/api/v1/stats/summary`);
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({ wardCode: null, guidesCompleted: 2, accountsRegistered: 1, peopleReached: 4 });
    expect(summary.body.from).toBe(cityDayStart(now).toISOString());

    // The late event is on yesterday's city day, whatever the server's time zone.
    const late = await call(`${test.url}/api/v1/stats/summary?from=${yesterday}&to=${today}`);
    expect(late.body).toMatchObject({
      peopleReached: 1,
      guidesCompleted: 0,
    });

    const ward = await call(`${test.url}/api/v1/stats/summary?wardCode=${WARD}`);
    expect(ward.body).toMatchObject({ wardCode: WARD, peopleReached: 4, guidesCompleted: 2, accountsRegistered: 1 });
    const other = await call(`${test.url}/api/v1/stats/summary?wardCode=${OTHER_WARD}`);
    expect(other.body).toMatchObject({
      wardCode: OTHER_WARD,
      peopleReached: 0,
      guidesCompleted: 0,
      accountsRegistered: 0,
    });

    // A range cut mid-hour is read from the raw events and agrees.
    const cut = await call(
      `${test.url}/api/v1/stats/summary?from=${encodeURIComponent(kioskClock(now - 5 * 60_000))}&to=${encodeURIComponent(kioskClock(now + 60_000))}`,
    );
    expect(cut.body).toMatchObject({ peopleReached: 4, guidesCompleted: 2, accountsRegistered: 1 });

    const daily = await call(`${test.url}/api/v1/stats/timeseries?metric=peopleReached&bucket=day&from=${yesterday}`);
    expect(daily.status).toBe(200);
    // Today is still open: partial, and no points after it.
    expect(daily.body.points).toEqual([
      { t: cityDayStart(cityDayStart(now).getTime() - 1).toISOString(), value: 1 },
      { t: cityDayStart(now).toISOString(), value: 4, partial: true },
    ]);

    const asked = Date.now();
    const hourly = await call(`${test.url}/api/v1/stats/timeseries?metric=guidesCompleted&bucket=hour`);
    // Every hour of today up to the one under way, which is partial.
    const last = hourly.body.points.at(-1);
    expect(hourly.body.points[0].t).toBe(cityDayStart(now).toISOString());
    expect(last.partial).toBe(true);
    expect(Date.parse(last.t)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(last.t) + 3_600_000).toBeGreaterThan(asked);
    const hour = cityHourStart(Date.parse(recent)).toISOString();
    expect(hourly.body.points.find((point: { t: string }) => point.t === hour).value).toBe(2);
    expect(hourly.body.points.reduce((sum: number, point: { value: number }) => sum + point.value, 0)).toBe(2);

    const wards = await call(
      `${test.url}/api/v1/stats/wards?from=${yesterday}&to=${cityDay(cityDayStart(now).getTime() + 86_400_000)}`,
    );
    expect(wards.body.wards).toHaveLength(168);
    expect(wards.body.wards.find((row: { wardCode: string }) => row.wardCode === WARD)).toEqual({
      wardCode: WARD,
      name: 'Phường Sài Gòn',
      guidesCompleted: 2,
      accountsRegistered: 1,
      peopleReached: 5,
      // The 60+ count covers yesterday only (today has no age split yet): its one person, aged
      // 45-59, hidden with a complement outside 60+, leaves 60+ at an exact 0.
      peopleReached60Plus: 0,
      population: null,
      per10k: null,
    });
    const others = wards.body.wards.filter((row: { wardCode: string }) => row.wardCode !== WARD);
    expect(others.every((row: { peopleReached: number }) => row.peopleReached === 0)).toBe(true);
  });

  it('answers bad stats parameters with 400 and a missing token with 401', async () => {
    const bad = await call(`${test.url}/api/v1/stats/summary?from=last-week`);
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'from: must be a date (YYYY-MM-DD, a city day) or an ISO-8601 timestamp with an offset',
    });
    expect((await call(`${test.url}/api/v1/stats/timeseries?metric=x&bucket=hour`)).status).toBe(400);
    expect((await call(`${test.url}/api/v1/stats/summary?wardCode=99999`)).body.message).toBe('unknown ward 99999');
    expect((await call(`${test.url}/api/v1/stats/summary`, { token: null })).status).toBe(401);
    expect((await call(`${test.url}/api/v1/stats/wards`, { token: 'nope' })).status).toBe(401);
    expect((await call(`${test.url}/api/v1/kiosks`, { token: kiosk.key })).status).toBe(401);
  });

  it('answers bad ingest requests with the right 4xx', async () => {
    const url = `${test.url}/api/v1/events`;
    const one = [event('heartbeat')];
    expect((await call(url, { token: null, json: { events: one } })).status).toBe(401);
    expect((await call(url, { token: 'kpk_unknown', json: { events: one } })).status).toBe(401);
    expect((await call(url, { token: ADMIN_TOKEN, json: { events: one } })).status).toBe(401);
    expect(
      (await call(url, { token: kiosk.key, body: JSON.stringify({ events: one }), contentType: 'text/plain' })).status,
    ).toBe(415);
    expect((await call(url, { token: kiosk.key, body: '<events/>', contentType: 'application/xml' })).status).toBe(415);
    const notJson = await call(url, { token: kiosk.key, body: '{"events": [', contentType: 'application/json' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.statusCode).toBe(400);
    expect((await call(url, { token: kiosk.key, json: { events: [] } })).body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: '"events" must hold at least one event',
    });
    expect((await call(url, { token: kiosk.key, json: { events: new Array(501).fill(one[0]) } })).status).toBe(400);
    const huge = await call(url, { token: kiosk.key, json: { events: one, padding: 'x'.repeat(600 * 1024) } });
    expect(huge.status).toBe(413);
    expect(JSON.stringify(huge.body)).not.toContain('at ');
    const allBad = await call(url, {
      token: kiosk.key,
      json: { events: [{ id: 'x', type: 'heartbeat', occurredAt: recent }] },
    });
    expect(allBad.status).toBe(202);
    expect(allBad.body).toEqual({
      accepted: 0,
      rejected: [{ index: 0, code: 'invalid_field', message: 'events[0].id must be a UUID of version 7 (or 4)' }],
    });
  });

  it('validates kiosk creation and stops a revoked key at once', async () => {
    expect((await call(`${test.url}/api/v1/kiosks`, { json: { wardCode: '99999', label: 'x' } })).body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'unknown ward 99999',
    });
    expect((await call(`${test.url}/api/v1/kiosks`, { json: { wardCode: WARD, label: '', key: 'mine' } })).status).toBe(
      400,
    );
    expect(
      (await call(`${test.url}/api/v1/kiosks`, { json: { wardCode: WARD, label: 'x' }, token: null })).status,
    ).toBe(401);
    expect((await call(`${test.url}/api/v1/kiosks/not-a-uuid/revoke`, { method: 'POST' })).status).toBe(400);
    expect((await call(`${test.url}/api/v1/kiosks/${randomUUID()}/revoke`, { method: 'POST' })).status).toBe(404);

    const heartbeat = () =>
      call(`${test.url}/api/v1/events`, { token: kiosk.key, json: { events: [event('heartbeat')] } });
    expect((await heartbeat()).status).toBe(202); // the key is cached now
    const revoked = await call(`${test.url}/api/v1/kiosks/${kiosk.id}/revoke`, { method: 'POST' });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect((await heartbeat()).status).toBe(401);
  });

  it('sends a ward subscriber the counts of that ward only', async () => {
    const wardLive = new LiveClient(test.url, ADMIN_TOKEN);
    try {
      await wardLive.connected();
      expect(await wardLive.subscribe({ wardCode: OTHER_WARD })).toEqual({ ok: true, room: `ward:${OTHER_WARD}` });
      expect(await wardLive.waitFor(() => true)).toMatchObject({
        scope: 'ward',
        wardCode: OTHER_WARD,
        peopleReached: 0,
      });
      expect(await wardLive.subscribe({ wardCode: WARD })).toEqual({ ok: true, room: `ward:${WARD}` });
      expect(await wardLive.waitFor((c) => c.wardCode === WARD)).toMatchObject({
        scope: 'ward',
        peopleReached: 4,
        guidesCompleted: 2,
      });
    } finally {
      wardLive.close();
    }
  });
});
