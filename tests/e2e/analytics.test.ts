import { randomUUID } from 'node:crypto';
import { cityDay, cityDayStart } from '@kiosk-pulse/contract';
import { kioskClock } from '../../apps/api/src/demo/simulated-visit';
import { ADMIN_TOKEN, LiveClient, startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';

/** The published figures: small age-group counts hidden at every level, totals exact. */
describe('analytics', () => {
  let test: TestApp;
  let key: string;
  const WARD = '26740';

  beforeAll(async () => {
    test = await startTestApp();
    key = (await call(`${test.url}/api/v1/kiosks`, { json: { wardCode: WARD, label: 'Kiosk' } })).body.key;
  });

  afterAll(async () => {
    await test?.close();
  });

  it('hides age-group counts below the threshold in the API and on the socket, at the boundary', async () => {
    const visit = (ageGroup: string) => ({
      id: randomUUID(),
      type: 'visit_started',
      occurredAt: kioskClock(Date.now() - 10_000),
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
    const summary = await call(`${test.url}/api/v1/stats/summary?wardCode=${WARD}`);
    expect(summary.body).toMatchObject({ peopleReached: 9, byAgeGroup: { '65_74': 5, '75_plus': '<5' } });
  });

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
    const today = cityDay(Date.now());
    let summary: any;
    for (let attempt = 0; attempt < 100; attempt++) {
      summary = (await call(`${test.url}/api/v1/stats/summary?from=${day}&to=${today}`)).body;
      if (summary.peopleReached === 2 && summary.previous.peopleReached === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(summary).toMatchObject({
      peopleReached: 2,
      previous: { peopleReached: 1, guidesCompleted: 0 },
      change: { peopleReached: 1, guidesCompleted: null, accountsRegistered: null },
    });

    const heatmap = await call(
      `${test.url}/api/v1/stats/heatmap?metric=peopleReached&from=${cityDay(yesterday - 86_400_000)}&to=${today}`,
    );
    expect(heatmap.body.cells).toHaveLength(168);
    const weekday = (time: number) => ((new Date(time + 7 * 3_600_000).getUTCDay() + 6) % 7) + 1;
    const filled = heatmap.body.cells.filter((cell: { value: number }) => cell.value > 0);
    expect(filled).toEqual(
      [
        { weekday: weekday(yesterday - 30 * 60_000), hour: 23, value: 1 },
        { weekday: weekday(yesterday + 30 * 60_000), hour: 0, value: 2 },
      ].sort((a, b) => a.weekday - b.weekday || a.hour - b.hour),
    );

    const funnel = await call(`${test.url}/api/v1/stats/funnel?from=${day}&to=${today}`);
    const vneid = funnel.body.guides.find((guide: { guide: string }) => guide.guide === 'vneid');
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

  it('exports each table as CSV with a byte-order mark for Excel', async () => {
    const response = await fetch(`${test.url}/api/v1/stats/wards?format=csv`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="wards_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trim().split('\n');
    expect(lines[0]).toBe(
      'wardCode,name,peopleReached,guidesCompleted,accountsRegistered,peopleReached60Plus,population,population60Plus,' +
        'peopleReachedPer10k,guidesCompletedPer10k,accountsRegisteredPer10k,peopleReached60PlusPer10k60Plus,populationSource,populationAsOf',
    );
    expect(lines).toHaveLength(169);
    expect(lines).toContain(`${WARD},Phường Sài Gòn,9,0,0,9,,,,,,,,`);
    expect(lines).toContain('26743,Phường Bến Thành,0,0,0,0,,,,,,,,');

    const summary = await call(`${test.url}/api/v1/stats/summary?wardCode=${WARD}&format=csv`);
    expect(summary.body).toContain('ageGroup,75_plus,<5,');
    expect(summary.body).toContain('total,peopleReached,9,');
    expect((await call(`${test.url}/api/v1/stats/summary?format=xml`)).status).toBe(400);
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
    const wards = await call(`${test.url}/api/v1/stats/wards`);
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
    const kiosks = await call(`${test.url}/api/v1/stats/kiosks?wardCode=${WARD}`);
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
    const csv = await call(`${test.url}/api/v1/stats/kiosks?format=csv`);
    expect(csv.body.split('\n')[0]).toContain(
      'kioskId,label,wardCode,guidesCompleted,accountsRegistered,peopleReached,ageGroup_under_14',
    );
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
