import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { cityDay } from '@kiosk-pulse/contract';
import { cityDayStart, nextCityDayStart } from '@kiosk-pulse/contract/time';
import { kioskClock } from '@kiosk-pulse/demo';
import { ADMIN_TOKEN, LiveClient, startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads until the answer satisfies `done` (the aggregates take a late event in on their own
 * time), then returns that answer; past the deadline, the last one, for the test to fail on.
 */
async function readUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(50);
  }
}

/** A CSV download as a spreadsheet reads it, after checking its byte-order mark. */
async function csv(url: string, token = ADMIN_TOKEN): Promise<string[][]> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parse(new TextDecoder().decode(bytes.slice(3)));
}

/** The published figures: totals exact and live; age splits only for published days (tests/e2e/age-splits.test.ts). */
describe('analytics', () => {
  let test: TestApp;
  let key: string;
  const WARD = '26740';
  // The city day the first test's events fall on, and the next one: explicit, so that a run
  // across the city midnight still reads the day it wrote.
  let posted: { at: number; from: string; to: string };

  beforeAll(async () => {
    // Days are published as soon as they are over, so that yesterday's split exists at any hour.
    test = await startTestApp({ config: { ageSplitDelayMs: 0, ageSplitPeriod: 'day' } });
    key = (await call(`${test.url}/api/v1/kiosks`, { json: { wardCode: WARD, label: 'Kiosk' } })).body.key;
  });

  afterAll(async () => {
    await test?.close();
  });

  it('gives today’s totals live on the socket and in the API, with no age split until the day is over', async () => {
    // The socket counts today: a minute before the city midnight, write in the new day instead.
    while (cityDay(Date.now() - 10_000) !== cityDay(Date.now() + 60_000)) await sleep(1_000);
    const occurredAt = Date.now() - 10_000;
    posted = { at: occurredAt, from: cityDay(occurredAt), to: cityDay(nextCityDayStart(occurredAt)) };
    const visit = (ageGroup: string) => ({
      id: randomUUID(),
      type: 'visit_started',
      occurredAt: kioskClock(occurredAt),
      ageGroup,
    });
    const events = [
      ...Array.from({ length: 5 }, () => visit('65_74')),
      ...Array.from({ length: 4 }, () => visit('75_plus')),
    ];
    expect((await call(`${test.url}/api/v1/events`, { token: key, json: { events } })).body.accepted).toBe(9);

    const live = new LiveClient(test.url, ADMIN_TOKEN);
    try {
      await live.connected();
      await live.subscribe({ wardCode: WARD });
      const counts = await live.waitFor((c) => c.peopleReached === 9);
      // Each push would otherwise tell the age of whoever just came.
      expect(Object.keys(counts).sort()).toEqual([
        'accountsRegistered',
        'asOf',
        'byGuide',
        'byOutcome',
        'day',
        'guidesCompleted',
        'peopleReached',
        'scope',
        'wardCode',
      ]);
    } finally {
      live.close();
    }
    const summary = await call(`${test.url}/api/v1/stats/summary?wardCode=${WARD}&from=${posted.from}`);
    expect(summary.body).toMatchObject({ peopleReached: 9, ageSplit: { from: null, to: null, total: 0 } });
  }, 90_000);

  it('compares a range with the period before it, across the city midnight', async () => {
    // 23:30 the day before yesterday and 00:30 yesterday, city time: two city days, one UTC day.
    const yesterday = cityDayStart(Date.now()).getTime() - 86_400_000;
    const at = (time: number, fields: object) => ({ id: randomUUID(), occurredAt: kioskClock(time), ...fields });
    const events = [
      at(yesterday - 30 * 60_000, { type: 'visit_started', ageGroup: '60_64' }),
      at(yesterday + 30 * 60_000, { type: 'visit_started', ageGroup: '60_64' }),
      at(yesterday + 30 * 60_000, { type: 'visit_started', ageGroup: '60_64' }),
      at(yesterday + 31 * 60_000, { type: 'guide_started', guide: 'vneid', ageGroup: '60_64' }),
      at(yesterday + 32 * 60_000, { type: 'guide_started', guide: 'vneid', ageGroup: '60_64' }),
      at(yesterday + 40 * 60_000, { type: 'guide_completed', guide: 'vneid', ageGroup: '60_64', durationMs: 300_000 }),
      at(yesterday + 41 * 60_000, { type: 'guide_abandoned', guide: 'vneid', durationMs: 60_000 }),
    ];
    expect((await call(`${test.url}/api/v1/events`, { token: key, json: { events } })).body.accepted).toBe(7);
    const day = cityDay(yesterday);
    const today = cityDay(yesterday + DAY);
    const summary = await readUntil(
      async () => (await call(`${test.url}/api/v1/stats/summary?from=${day}&to=${today}`)).body,
      (body) => body.peopleReached === 2 && body.previous.peopleReached === 1,
    );
    expect(summary).toMatchObject({
      peopleReached: 2,
      previous: { peopleReached: 1, guidesCompleted: 0 },
      change: { peopleReached: 1, guidesCompleted: null, accountsRegistered: null },
    });

    // Each view reads its own aggregates, which take a late event in on their own time: wait for it.
    const weekday = (time: number) => ((new Date(time + 7 * HOUR).getUTCDay() + 6) % 7) + 1;
    const expectedCells = [
      { weekday: weekday(yesterday - 30 * 60_000), hour: 23, value: 1 },
      { weekday: weekday(yesterday + 30 * 60_000), hour: 0, value: 2 },
    ].sort((a, b) => a.weekday - b.weekday || a.hour - b.hour);
    const filled = (cells: { value: number }[]) => cells.filter((cell) => cell.value > 0);
    const heatmap = await readUntil(
      async () =>
        (
          await call(
            `${test.url}/api/v1/stats/heatmap?metric=peopleReached&from=${cityDay(yesterday - DAY)}&to=${today}`,
          )
        ).body,
      (body) => JSON.stringify(filled(body.cells)) === JSON.stringify(expectedCells),
    );
    expect(heatmap.cells).toHaveLength(168);
    expect(filled(heatmap.cells)).toEqual(expectedCells);

    // The funnel's steps and durations come from one state: once the steps show the late
    // guides, the durations in the same answer do too.
    const funnel = await readUntil(
      async () => (await call(`${test.url}/api/v1/stats/funnel?from=${day}&to=${today}`)).body,
      (body) => body.guides.find((guide: { guide: string }) => guide.guide === 'vneid').started === 2,
    );
    const vneid = funnel.guides.find((guide: { guide: string }) => guide.guide === 'vneid');
    const none = { completionRate: null, medianDurationMs: null, p90DurationMs: null };
    const hidden = { atLeast: 0 };
    // Yesterday is published: each small age cell hidden with a complement (here a zero: nobody
    // else is in the line), and no duration from a single completion.
    expect(funnel.ageSplit).toEqual({ period: 'day', from: day, to: today });
    expect(vneid).toEqual({
      guide: 'vneid',
      started: 2,
      completed: 1,
      abandoned: 1,
      completionRate: 0.5,
      medianDurationMs: null,
      p90DurationMs: null,
      byAgeGroup: expect.objectContaining({
        under_14: { started: hidden, completed: hidden, abandoned: hidden, ...none },
        '60_64': { started: hidden, completed: hidden, abandoned: 0, ...none },
        unknown: { started: 0, completed: 0, abandoned: hidden, ...none },
        '16_30': { started: 0, completed: 0, abandoned: 0, ...none },
      }),
    });
  });

  it('writes the city day and hour beside each instant in the trend CSV, across the city midnight', async () => {
    // The events of the test before: one at 23:30 the day before yesterday, two at 00:30 yesterday (city time).
    const yesterday = cityDayStart(Date.now()).getTime() - DAY;
    const days = await csv(
      `${test.url}/api/v1/stats/timeseries?metric=peopleReached&bucket=day&format=csv` +
        `&from=${cityDay(yesterday - DAY)}&to=${cityDay(yesterday + DAY)}`,
    );
    expect(days).toEqual([
      ['Bắt đầu (ISO 8601, giờ TP.HCM)', 'Ngày (TP.HCM)', 'Lượt người được hỗ trợ', 'Đang diễn ra (số liệu chưa trọn)'],
      [`${cityDay(yesterday - DAY)}T00:00:00+07:00`, cityDay(yesterday - DAY), '1', ''],
      [`${cityDay(yesterday)}T00:00:00+07:00`, cityDay(yesterday), '2', ''],
    ]);
    const hours = await csv(
      `${test.url}/api/v1/stats/timeseries?metric=peopleReached&bucket=hour&format=csv&lang=en` +
        `&from=${new Date(yesterday - HOUR).toISOString()}&to=${new Date(yesterday + HOUR).toISOString()}`,
    );
    expect(hours).toEqual([
      [
        'Start (ISO 8601, Ho Chi Minh City time)',
        'Hour (Ho Chi Minh City)',
        'People helped (visits)',
        'In progress (partial figure)',
      ],
      [`${cityDay(yesterday - DAY)}T23:00:00+07:00`, `${cityDay(yesterday - DAY)} 23:00`, '1', ''],
      [`${cityDay(yesterday)}T00:00:00+07:00`, `${cityDay(yesterday)} 00:00`, '2', ''],
    ]);
  });

  it('draws the trend up to now: no points after it, the open hour and day marked partial', async () => {
    for (const bucket of ['hour', 'day'] as const) {
      const before = Date.now();
      const query =
        bucket === 'hour'
          ? `bucket=hour`
          : `bucket=day&from=${cityDay(before - 3 * DAY)}&to=${cityDay(before + 3 * DAY)}`;
      const series = (await call(`${test.url}/api/v1/stats/timeseries?metric=peopleReached&${query}`)).body;
      const after = Date.now();
      const last = series.points.at(-1);
      const next = bucket === 'hour' ? Date.parse(last.t) + HOUR : nextCityDayStart(Date.parse(last.t)).getTime();
      // The last point is the bucket that held the moment of the request.
      expect(Date.parse(last.t)).toBeLessThanOrEqual(after);
      expect(next).toBeGreaterThan(before);
      expect(last.partial).toBe(true);
      expect(series.points.filter((point: { partial?: boolean }) => point.partial !== undefined)).toHaveLength(1);
      // The range still runs to its end; the points stop at now. In the city day's last hour the
      // open hour's end is the range's end.
      expect(Date.parse(series.to)).toBeGreaterThanOrEqual(next);
      expect(Date.parse(series.to)).toBeGreaterThan(Date.parse(last.t));
      const rows = await csv(`${test.url}/api/v1/stats/timeseries?metric=peopleReached&${query}&format=csv`);
      expect(rows).toHaveLength(series.points.length + 1);
      expect(rows.at(-1)?.[3]).toBe('có');
    }
  });

  it('exports each table as CSV with a byte-order mark for Excel, headed in Vietnamese or English', async () => {
    const response = await fetch(`${test.url}/api/v1/stats/wards?format=csv`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="wards_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv"$/,
    );

    const wards = await csv(`${test.url}/api/v1/stats/wards?format=csv&from=${posted.from}&to=${posted.to}`);
    expect(wards[0]).toEqual([
      'Mã phường/xã',
      'Phường/xã',
      'Lượt người được hỗ trợ',
      'Lượt hướng dẫn hoàn thành',
      'Tài khoản VNeID đã đăng ký',
      'Lượt người từ 60 tuổi được hỗ trợ',
      'Dân số',
      'Dân số từ 60 tuổi',
      'Lượt người được hỗ trợ trên 10.000 dân',
      'Hướng dẫn hoàn thành trên 10.000 dân',
      'Tài khoản VNeID đã đăng ký trên 10.000 dân',
      'Lượt người từ 60 tuổi được hỗ trợ trên 10.000 dân từ 60 tuổi',
      'Nguồn số liệu dân số',
      'Ngày số liệu dân số',
    ]);
    expect(wards).toHaveLength(169);
    // Most people reached first.
    // Today has no age split yet: the 60+ column is blank.
    expect(wards[1]).toEqual([WARD, 'Phường Sài Gòn', '9', '0', '0', '', '', '', '', '', '', '', '', '']);
    expect(wards).toContainEqual(['26743', 'Phường Bến Thành', '0', '0', '0', '', '', '', '', '', '', '', '', '']);
    const english = await csv(`${test.url}/api/v1/stats/wards?format=csv&lang=en&from=${posted.from}&to=${posted.to}`);
    expect(english[0].slice(0, 6)).toEqual([
      'Ward code',
      'Ward',
      'People helped (visits)',
      'Guides completed',
      'VNeID accounts registered',
      'Visits by people aged 60+',
    ]);
    expect(english.slice(1)).toEqual(wards.slice(1));

    const summary = await csv(`${test.url}/api/v1/stats/summary?wardCode=${WARD}&from=${posted.from}&format=csv`);
    expect(summary[0]).toEqual(['Bảng', 'Mục', 'Giá trị', 'Kỳ trước', 'Thay đổi so với kỳ trước (%)']);
    expect(summary).toContainEqual([
      'Theo nhóm tuổi',
      'Các ngày đã công bố theo nhóm tuổi',
      'chưa có (theo nhóm tuổi chỉ công bố ngày đã kết thúc)',
      '',
      '',
    ]);
    expect(summary).toContainEqual(['Theo nhóm tuổi', 'Từ 75 tuổi', '', '', '']);
    expect(summary[1].slice(0, 3)).toEqual(['Tổng', 'Lượt người được hỗ trợ', '9']);
    const funnel = await csv(`${test.url}/api/v1/stats/funnel?format=csv&lang=en`);
    expect(funnel[0]).toEqual([
      'Guide',
      'Age group',
      'Started',
      'Completed',
      'Abandoned',
      'Completion rate (%)',
      'Median duration (minutes)',
      '90th percentile duration (minutes)',
    ]);
    const heatmap = await csv(`${test.url}/api/v1/stats/heatmap?metric=guidesCompleted&format=csv`);
    expect(heatmap[0]).toEqual(['Thứ', 'Giờ (TP.HCM)', 'Lượt hướng dẫn hoàn thành']);
    expect(heatmap[1]).toEqual(['Thứ Hai', '00:00', '0']);
    expect((await call(`${test.url}/api/v1/stats/summary?format=xml`)).status).toBe(400);
    expect((await call(`${test.url}/api/v1/stats/summary?format=csv&lang=fr`)).body).toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('lang'),
    });
  });

  it('rates wards per 10,000 residents where an admin has filled in the population, with the city median', async () => {
    const put = await call(`${test.url}/api/v1/wards/${WARD}/population`, {
      method: 'PUT',
      json: { total: 45_000, aged60Plus: 6_000, source: 'Niên giám thống kê 2024', asOf: '2024-12-31' },
    });
    expect(put.status).toBe(200);
    expect(
      (
        await call(`${test.url}/api/v1/wards/${WARD}/population`, {
          method: 'PUT',
          json: { total: 5, aged60Plus: 9, source: 'x', asOf: '2024-12-31' },
        })
      ).body,
    ).toMatchObject({
      statusCode: 400,
      message: 'aged60Plus: cannot exceed total',
    });
    const wards = await call(`${test.url}/api/v1/stats/wards?from=${posted.from}&to=${posted.to}`);
    const saigon = wards.body.wards.find((ward: { wardCode: string }) => ward.wardCode === WARD);
    expect(saigon).toEqual({
      wardCode: WARD,
      name: 'Phường Sài Gòn',
      peopleReached: 9,
      guidesCompleted: 0,
      accountsRegistered: 0,
      peopleReached60Plus: null,
      population: { total: 45_000, aged60Plus: 6_000, source: 'Niên giám thống kê 2024', asOf: '2024-12-31' },
      per10k: { peopleReached: 2, guidesCompleted: 0, accountsRegistered: 0, peopleReached60Plus: null },
    });
    expect(wards.body.wards.filter((ward: { per10k: unknown }) => ward.per10k !== null)).toHaveLength(1);
    expect(wards.body.median).toEqual({
      peopleReached: 0,
      guidesCompleted: 0,
      accountsRegistered: 0,
      per10k: { peopleReached: 2, guidesCompleted: 0, accountsRegistered: 0 },
    });
    const listed = await call(`${test.url}/api/v1/wards?q=sai gon`);
    expect(listed.body[0].population).toEqual({
      total: 45_000,
      aged60Plus: 6_000,
      source: 'Niên giám thống kê 2024',
      asOf: '2024-12-31',
    });
  });

  it('gives the totals per kiosk, in the caller’s scope, with no age split', async () => {
    const kiosks = await call(`${test.url}/api/v1/stats/kiosks?wardCode=${WARD}&from=${posted.from}`);
    expect(kiosks.status).toBe(200);
    expect(kiosks.body.kiosks).toEqual([
      expect.objectContaining({ label: 'Kiosk', wardCode: WARD, peopleReached: 9, guidesCompleted: 0 }),
    ]);
    expect(kiosks.body.kiosks[0]).not.toHaveProperty('byAgeGroup');
    const rows = await csv(`${test.url}/api/v1/stats/kiosks?format=csv&lang=en&from=${posted.from}`);
    expect(rows[0].slice(0, 6)).toEqual([
      'Kiosk id',
      'Kiosk name',
      'Ward code',
      'People helped (visits)',
      'Guides completed',
      'VNeID accounts registered',
    ]);
    expect(rows[0].some((header) => /Under 14|aged/i.test(header))).toBe(false);
    expect(rows[1].slice(1, 6)).toEqual(['Kiosk', WARD, '9', '0', '0']);
  });

  it('orders the ward comparison by the value, then by name in Vietnamese collation, then by code', async () => {
    const byName = new Intl.Collator('vi').compare;
    for (const sort of ['peopleReached', 'guidesCompleted', 'peopleReachedPer10k'] as const) {
      const { wards } = (await call(`${test.url}/api/v1/stats/wards?sort=${sort}&from=${posted.from}&to=${posted.to}`))
        .body as { wards: { wardCode: string; name: string; per10k: Record<string, number> | null }[] };
      const value = (ward: (typeof wards)[number]) =>
        sort.endsWith('Per10k') ? (ward.per10k?.peopleReached ?? null) : (ward as never)[sort];
      expect(wards).toHaveLength(168);
      for (let index = 1; index < wards.length; index++) {
        const [a, b] = [wards[index - 1], wards[index]];
        const [x, y] = [value(a), value(b)];
        if (x !== y) expect(y === null || (x !== null && x > y)).toBe(true);
        else expect(byName(a.name, b.name) < 0 || (byName(a.name, b.name) === 0 && a.wardCode < b.wardCode)).toBe(true);
      }
    }
    expect((await call(`${test.url}/api/v1/stats/wards?sort=population`)).status).toBe(400);
  });

  it('shows ward staff other wards only as the three counts and their rates, in JSON and CSV', async () => {
    // Another ward with people aged 60+, a population, and free text that looks like a formula;
    // on a past day, so that its 60+ counts are published (none is small: nothing is hidden).
    const BEN_THANH = '26743';
    const kiosk = await call(`${test.url}/api/v1/kiosks`, {
      json: { wardCode: BEN_THANH, label: '=HYPERLINK("https://example.com","Kiosk")' },
    });
    const past = cityDayStart(Date.now()).getTime() - 3 * DAY + 10 * HOUR;
    const visits = (n: number, ageGroup: string) =>
      Array.from({ length: n }, () => ({
        id: randomUUID(),
        type: 'visit_started',
        occurredAt: kioskClock(past),
        ageGroup,
      }));
    expect(
      (await call(`${test.url}/api/v1/events`, { token: kiosk.body.key, json: { events: visits(6, '60_64') } })).body
        .accepted,
    ).toBe(6);
    const ours = [...visits(5, '65_74'), ...visits(5, '75_plus')];
    expect((await call(`${test.url}/api/v1/events`, { token: key, json: { events: ours } })).body.accepted).toBe(10);
    const range = `from=${cityDay(past)}&to=${cityDay(past + DAY)}`;
    // Stored before anything reads the day's split: a day is published once, at its first read.
    await readUntil(
      async () => (await call(`${test.url}/api/v1/stats/timeseries?metric=peopleReached&bucket=day&${range}`)).body,
      (body) => body.points[0]?.value === 16,
    );
    await call(`${test.url}/api/v1/wards/${BEN_THANH}/population`, {
      method: 'PUT',
      json: { total: 20_000, aged60Plus: 3_000, source: '@SUM(1+1)*cmd', asOf: '2024-12-31' },
    });
    const staff = await call(`${test.url}/api/v1/tokens`, {
      json: { name: 'Sài Gòn staff', role: 'ward_staff', wardCode: WARD },
    });
    expect(staff.status).toBe(201);
    const pick = (wards: any[], code: string) => wards.find((ward) => ward.wardCode === code);

    const admin = await readUntil(
      async () => (await call(`${test.url}/api/v1/stats/wards?${range}`)).body,
      (body) => pick(body.wards, BEN_THANH)?.peopleReached === 6,
    );
    expect(pick(admin.wards, BEN_THANH)).toMatchObject({ peopleReached60Plus: 6, per10k: { peopleReached60Plus: 20 } });

    const seen = (await call(`${test.url}/api/v1/stats/wards?${range}`, { token: staff.body.token })).body;
    expect(pick(seen.wards, WARD)).toMatchObject({ peopleReached60Plus: 10, per10k: { peopleReached60Plus: 16.7 } });
    expect(pick(seen.wards, BEN_THANH)).toEqual({
      wardCode: BEN_THANH,
      name: 'Phường Bến Thành',
      peopleReached: 6,
      guidesCompleted: 0,
      accountsRegistered: 0,
      peopleReached60Plus: null,
      population: { total: 20_000, aged60Plus: 3_000, source: '@SUM(1+1)*cmd', asOf: '2024-12-31' },
      per10k: { peopleReached: 3, guidesCompleted: 0, accountsRegistered: 0, peopleReached60Plus: null },
    });
    expect(
      seen.wards.every((ward: { wardCode: string; peopleReached60Plus: unknown }) =>
        ward.wardCode === WARD ? ward.peopleReached60Plus === 10 : ward.peopleReached60Plus === null,
      ),
    ).toBe(true);
    expect(seen.median).toEqual(admin.median);

    const rows = await csv(`${test.url}/api/v1/stats/wards?format=csv&${range}`, staff.body.token);
    const row = (code: string) => rows.find((cells) => cells[0] === code) as string[];
    expect(row(WARD).slice(2, 6)).toEqual(['10', '0', '0', '10']);
    // Ben Thanh: three counts and their rates; its 60+ count and rate blank. Its source cannot run as a formula.
    expect(row(BEN_THANH)).toEqual([
      BEN_THANH,
      'Phường Bến Thành',
      '6',
      '0',
      '0',
      '',
      '20000',
      '3000',
      '3',
      '0',
      '0',
      '',
      "'@SUM(1+1)*cmd",
      '2024-12-31',
    ]);
    expect(
      rows
        .slice(1)
        .filter((cells) => cells[5] !== '')
        .map((cells) => cells[0]),
    ).toEqual([WARD]);
    // The admin's file has every ward's 60+ figures, and the kiosk label cannot run either.
    expect((await csv(`${test.url}/api/v1/stats/wards?format=csv&${range}`)).find((c) => c[0] === BEN_THANH)?.[5]).toBe(
      '6',
    );
    const kiosks = await csv(`${test.url}/api/v1/stats/kiosks?format=csv&wardCode=${BEN_THANH}&${range}`);
    expect(kiosks[1][1]).toBe(`'=HYPERLINK("https://example.com","Kiosk")`);
  });

  it('documents the API with OpenAPI at /api/docs, every stats parameter included', async () => {
    const page = await fetch(`${test.url}/api/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger');
    const document = await call(`${test.url}/api/docs-json`, { token: null });
    expect(document.status).toBe(200);
    expect(document.body.openapi).toBe('3.1.0');
    const summary = document.body.paths['/api/v1/stats/summary'].get;
    expect(summary.parameters.map((parameter: { name: string }) => parameter.name)).toEqual([
      'from',
      'to',
      'format',
      'lang',
      'wardCode',
    ]);
    const timeseries = document.body.paths['/api/v1/stats/timeseries'].get;
    expect(timeseries.parameters.find((parameter: { name: string }) => parameter.name === 'metric')).toMatchObject({
      required: true,
      schema: { enum: ['guidesCompleted', 'accountsRegistered', 'peopleReached'] },
    });
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/events',
        '/api/v1/stats/wards',
        '/api/v1/stats/heatmap',
        '/api/v1/stats/funnel',
        '/api/v1/stats/kiosks',
      ]),
    );
  });
});
