import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { cityDay, cityDayStart, nextCityDayStart } from '@kiosk-pulse/contract';
import { kioskClock } from '../../apps/api/src/demo/simulated-visit';
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

/** The published figures: small age-group counts hidden at every level, totals exact. */
describe('analytics', () => {
  let test: TestApp;
  let key: string;
  const WARD = '26740';
  // The city day the first test's events fall on, and the next one: explicit, so that a run
  // across the city midnight still reads the day it wrote.
  let posted: { at: number; from: string; to: string };

  beforeAll(async () => {
    test = await startTestApp();
    key = (await call(`${test.url}/api/v1/kiosks`, { json: { wardCode: WARD, label: 'Kiosk' } })).body.key;
  });

  afterAll(async () => {
    await test?.close();
  });

  it('hides age-group counts below the threshold in the API and on the socket, at the boundary', async () => {
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
      expect(counts.byAgeGroup).toEqual({
        under_14: 0,
        '14_15': 0,
        '16_30': 0,
        '31_44': 0,
        '45_59': 0,
        '60_64': 0,
        '65_74': 5,
        '75_plus': '<5',
        unknown: 0,
      });
    } finally {
      live.close();
    }
    const summary = await call(`${test.url}/api/v1/stats/summary?wardCode=${WARD}&from=${posted.from}`);
    expect(summary.body).toMatchObject({ peopleReached: 9, byAgeGroup: { '65_74': 5, '75_plus': '<5' } });
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
    const hidden = { completionRate: null, medianDurationMs: null, p90DurationMs: null };
    expect(vneid).toEqual({
      guide: 'vneid',
      started: 2,
      completed: 1,
      abandoned: 1,
      completionRate: 0.5,
      medianDurationMs: expect.any(Number),
      p90DurationMs: expect.any(Number),
      byAgeGroup: expect.objectContaining({
        '60_64': { started: '<5', completed: '<5', abandoned: 0, ...hidden },
        unknown: { started: 0, completed: 0, abandoned: '<5', ...hidden },
        '16_30': { started: 0, completed: 0, abandoned: 0, ...hidden },
      }),
    });
    // Read from the duration histogram: within one class (2^(1/8), about 9 %) of the one duration.
    for (const duration of [vneid.medianDurationMs, vneid.p90DurationMs]) {
      expect(Math.abs(duration - 300_000) / 300_000).toBeLessThan(2 ** (1 / 8) - 1);
    }
  });

  it('writes the city day and hour beside each instant in the trend CSV, across the city midnight', async () => {
    // The events of the test before: one at 23:30 the day before yesterday, two at 00:30 yesterday (city time).
    const yesterday = cityDayStart(Date.now()).getTime() - DAY;
    const days = await csv(
      `${test.url}/api/v1/stats/timeseries?metric=peopleReached&bucket=day&format=csv` +
        `&from=${cityDay(yesterday - DAY)}&to=${cityDay(yesterday + DAY)}`,
    );
    expect(days).toEqual([
      ['Bắt đầu (ISO 8601, giờ TP.HCM)', 'Ngày (TP.HCM)', 'Người dân được hỗ trợ', 'Đang diễn ra (số liệu chưa trọn)'],
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
        'People reached',
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
      // The range still runs to its end; the points stop at now.
      expect(Date.parse(series.to)).toBeGreaterThan(next);
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
      'Người dân được hỗ trợ',
      'Lượt hướng dẫn hoàn thành',
      'Tài khoản VNeID đã đăng ký',
      'Người dân từ 60 tuổi được hỗ trợ',
      'Dân số',
      'Dân số từ 60 tuổi',
      'Người dân được hỗ trợ trên 10.000 dân',
      'Hướng dẫn hoàn thành trên 10.000 dân',
      'Tài khoản VNeID đã đăng ký trên 10.000 dân',
      'Người từ 60 tuổi được hỗ trợ trên 10.000 dân từ 60 tuổi',
      'Nguồn số liệu dân số',
      'Ngày số liệu dân số',
    ]);
    expect(wards).toHaveLength(169);
    // Most people reached first.
    expect(wards[1]).toEqual([WARD, 'Phường Sài Gòn', '9', '0', '0', '9', '', '', '', '', '', '', '', '']);
    expect(wards).toContainEqual(['26743', 'Phường Bến Thành', '0', '0', '0', '0', '', '', '', '', '', '', '', '']);
    const english = await csv(`${test.url}/api/v1/stats/wards?format=csv&lang=en&from=${posted.from}&to=${posted.to}`);
    expect(english[0].slice(0, 6)).toEqual([
      'Ward code',
      'Ward',
      'People reached',
      'Guides completed',
      'VNeID accounts registered',
      'People aged 60+ reached',
    ]);
    expect(english.slice(1)).toEqual(wards.slice(1));

    const summary = await csv(`${test.url}/api/v1/stats/summary?wardCode=${WARD}&from=${posted.from}&format=csv`);
    expect(summary[0]).toEqual(['Bảng', 'Mục', 'Giá trị', 'Kỳ trước', 'Thay đổi so với kỳ trước (%)']);
    expect(summary).toContainEqual(['Theo nhóm tuổi', 'Từ 75 tuổi', '<5', '', '']);
    expect(summary[1].slice(0, 3)).toEqual(['Tổng', 'Người dân được hỗ trợ', '9']);
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
      peopleReached60Plus: 9,
      population: { total: 45_000, aged60Plus: 6_000, source: 'Niên giám thống kê 2024', asOf: '2024-12-31' },
      per10k: { peopleReached: 2, guidesCompleted: 0, accountsRegistered: 0, peopleReached60Plus: 15 },
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

  it('gives the same figures per kiosk, in the caller’s scope', async () => {
    const kiosks = await call(`${test.url}/api/v1/stats/kiosks?wardCode=${WARD}&from=${posted.from}`);
    expect(kiosks.status).toBe(200);
    expect(kiosks.body.kiosks).toEqual([
      expect.objectContaining({
        label: 'Kiosk',
        wardCode: WARD,
        peopleReached: 9,
        guidesCompleted: 0,
        byAgeGroup: expect.objectContaining({ '65_74': 5, '75_plus': '<5' }),
      }),
    ]);
    const rows = await csv(`${test.url}/api/v1/stats/kiosks?format=csv&lang=en&from=${posted.from}`);
    expect(rows[0].slice(0, 7)).toEqual([
      'Kiosk id',
      'Kiosk name',
      'Ward code',
      'People reached',
      'Guides completed',
      'VNeID accounts registered',
      'People reached (Under 14)',
    ]);
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
    // Another ward with people aged 60+, a population, and free text that looks like a formula.
    const BEN_THANH = '26743';
    const kiosk = await call(`${test.url}/api/v1/kiosks`, {
      json: { wardCode: BEN_THANH, label: '=HYPERLINK("https://example.com","Kiosk")' },
    });
    const events = Array.from({ length: 6 }, () => ({
      id: randomUUID(),
      type: 'visit_started',
      occurredAt: kioskClock(posted.at),
      ageGroup: '60_64',
    }));
    expect((await call(`${test.url}/api/v1/events`, { token: kiosk.body.key, json: { events } })).body.accepted).toBe(
      6,
    );
    await call(`${test.url}/api/v1/wards/${BEN_THANH}/population`, {
      method: 'PUT',
      json: { total: 20_000, aged60Plus: 3_000, source: '@SUM(1+1)*cmd', asOf: '2024-12-31' },
    });
    const staff = await call(`${test.url}/api/v1/tokens`, {
      json: { name: 'Sài Gòn staff', role: 'ward_staff', wardCode: WARD },
    });
    expect(staff.status).toBe(201);
    const range = `from=${posted.from}&to=${posted.to}`;
    const pick = (wards: any[], code: string) => wards.find((ward) => ward.wardCode === code);

    const admin = await readUntil(
      async () => (await call(`${test.url}/api/v1/stats/wards?${range}`)).body,
      (body) => pick(body.wards, BEN_THANH)?.peopleReached === 6,
    );
    expect(pick(admin.wards, BEN_THANH)).toMatchObject({ peopleReached60Plus: 6, per10k: { peopleReached60Plus: 20 } });

    const seen = (await call(`${test.url}/api/v1/stats/wards?${range}`, { token: staff.body.token })).body;
    expect(pick(seen.wards, WARD)).toMatchObject({ peopleReached60Plus: 9, per10k: { peopleReached60Plus: 15 } });
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
        ward.wardCode === WARD ? ward.peopleReached60Plus === 9 : ward.peopleReached60Plus === null,
      ),
    ).toBe(true);
    expect(seen.median).toEqual(admin.median);

    const rows = await csv(`${test.url}/api/v1/stats/wards?format=csv&${range}`, staff.body.token);
    const row = (code: string) => rows.find((cells) => cells[0] === code) as string[];
    expect(row(WARD).slice(2, 6)).toEqual(['9', '0', '0', '9']);
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
