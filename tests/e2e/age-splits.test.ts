import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { addCityDays, cityDay } from '@kiosk-pulse/contract';
import { cityDayToInstant } from '@kiosk-pulse/contract/time';
import { kioskClock } from '@kiosk-pulse/demo';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';

const HOUR = 3_600_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/*
 * The age splits as docs/privacy.md publishes them: per closed city day, once, each ward's small
 * cells hidden with a complement, and a range's figure the sum of its days' cells.
 */
describe('age splits', () => {
  let test: TestApp;
  const A = '26740'; // Phường Sài Gòn
  const B = '26743'; // Phường Bến Thành
  const keys: Record<string, string> = {};
  let staffToken: string;
  // Two past city days, 10:00 in the city.
  const D1 = cityDay(Date.now(), -3);
  const D2 = addCityDays(D1, 1);
  const D3 = addCityDays(D1, 2);
  const at = (day: string) => cityDayToInstant(day).getTime() + 10 * HOUR;
  const none = { under_14: 0, '14_15': 0, '16_30': 0, '31_44': 0, '45_59': 0, '60_64': 0, '65_74': 0, '75_plus': 0 };
  const hidden = { atLeast: 0 };

  const post = async (ward: string, day: string, counts: Record<string, number>, type = 'visit_started') => {
    const events = Object.entries(counts).flatMap(([ageGroup, n]) =>
      Array.from({ length: n }, () => ({
        id: randomUUID(),
        type,
        occurredAt: kioskClock(at(day)),
        ageGroup,
        ...(type === 'visit_started' ? {} : { guide: 'scam_awareness' }),
      })),
    );
    const reply = await call(`${test.url}/api/v1/events`, { token: keys[ward], json: { events } });
    expect(reply.body.accepted).toBe(events.length);
  };
  /** Waits for a ward's day total by a read that publishes nothing: a day is published at its first split read. */
  const stored = async (ward: string, day: string, people: number) => {
    const url = `${test.url}/api/v1/stats/timeseries?metric=peopleReached&bucket=day&wardCode=${ward}&from=${day}&to=${addCityDays(day, 1)}`;
    for (let attempt = 0; attempt < 200; attempt++) {
      if ((await call(url)).body.points[0]?.value === people) return;
      await sleep(50);
    }
    throw new Error(`ward ${ward} never reached ${people} people on ${day}`);
  };
  const summary = async (query: string, token = ADMIN_TOKEN) =>
    (await call(`${test.url}/api/v1/stats/summary?${query}`, { token })).body;

  beforeAll(async () => {
    test = await startTestApp({ config: { ageSplitDelayMs: 0, ageSplitPeriod: 'day' } });
    for (const ward of [A, B]) {
      keys[ward] = (
        await call(`${test.url}/api/v1/kiosks`, { json: { wardCode: ward, label: `Kiosk ${ward}` } })
      ).body.key;
    }
    staffToken = (
      await call(`${test.url}/api/v1/tokens`, { json: { name: 'A staff', role: 'ward_staff', wardCode: A } })
    ).body.token;
    await post(A, D1, { '16_30': 20, '65_74': 5, '75_plus': 4 });
    await post(A, D2, { '16_30': 10, '65_74': 6, '75_plus': 5 });
    await post(B, D1, { '60_64': 6 });
    await post(A, D1, { '16_30': 6, '75_plus': 1 }, 'guide_started');
    await stored(A, D1, 29);
    await stored(A, D2, 21);
    await stored(B, D1, 6);
  });

  afterAll(async () => {
    await test?.close();
  });

  it('hides a day’s small cell with the smallest cell beside it, and keeps the totals exact', async () => {
    expect(await summary(`wardCode=${A}&from=${D1}&to=${D2}`)).toMatchObject({
      peopleReached: 29,
      ageSplit: {
        period: 'day',
        from: D1,
        to: D2,
        total: 29,
        byAgeGroup: { ...none, '16_30': 20, '65_74': hidden, '75_plus': hidden, unknown: 0 },
      },
    });
    // A day without small cells is published whole; 5, the threshold, is not small.
    expect((await summary(`wardCode=${A}&from=${D2}&to=${D3}`)).ageSplit.byAgeGroup).toEqual({
      ...none,
      '16_30': 10,
      '65_74': 6,
      '75_plus': 5,
      unknown: 0,
    });
  });

  it('sums a range from its days, so one range minus another cannot give a hidden cell', async () => {
    const both = await summary(`wardCode=${A}&from=${D1}&to=${D3}`);
    expect(both.ageSplit).toEqual({
      period: 'day',
      from: D1,
      to: D3,
      total: 50,
      byAgeGroup: { ...none, '16_30': 30, '65_74': { atLeast: 6 }, '75_plus': { atLeast: 5 }, unknown: 0 },
    });
    // The city is the sum of its wards.
    expect((await summary(`from=${D1}&to=${D2}`)).ageSplit.byAgeGroup).toEqual({
      ...none,
      '16_30': 20,
      '60_64': 6,
      '65_74': hidden,
      '75_plus': hidden,
      unknown: 0,
    });
    // A range cut inside days: its totals cover the range as asked, its split the whole days it
    // touches (never a part of a day, which could be subtracted from the whole).
    const cut = await summary(
      `wardCode=${A}&from=${new Date(at(D1) + HOUR).toISOString()}&to=${new Date(at(D2) - HOUR).toISOString()}`,
    );
    expect(cut).toMatchObject({ peopleReached: 0, ageSplit: { from: D1, to: D3, total: 50 } });
  });

  it('publishes a day once: a later event counts in the totals, never in the day’s split', async () => {
    const before = await summary(`wardCode=${A}&from=${D1}&to=${D2}`);
    await post(A, D1, { '75_plus': 1 });
    await stored(A, D1, 30);
    const after = await summary(`wardCode=${A}&from=${D1}&to=${D2}`);
    expect(after.peopleReached).toBe(30);
    expect(after.ageSplit).toEqual(before.ageSplit);
    const { rows } = await test.pool.query(
      `SELECT to_char(period_start, 'YYYY-MM-DD') AS day FROM age_split_periods ORDER BY period_start`,
    );
    expect(rows.map((row: { day: string }) => row.day)).toEqual([D1, D2]);
  });

  it('gives today no split, and a 60+ count per ward that is exact only where no day hid part of it', async () => {
    expect((await summary(`wardCode=${A}`)).ageSplit).toMatchObject({ from: null, to: null, total: 0 });
    const wards = (await call(`${test.url}/api/v1/stats/wards?from=${D1}&to=${D3}`)).body;
    expect(wards.ageSplit).toEqual({ period: 'day', from: D1, to: D3 });
    const pick = (list: { wardCode: string }[], code: string) => list.find((ward) => ward.wardCode === code) as any;
    expect(pick(wards.wards, A).peopleReached60Plus).toEqual({ atLeast: 11 });
    expect(pick(wards.wards, B).peopleReached60Plus).toBe(6);
    const today = (await call(`${test.url}/api/v1/stats/wards`)).body;
    expect(today.ageSplit).toEqual({ period: 'day', from: null, to: null });
    expect(today.wards.every((ward: { peopleReached60Plus: unknown }) => ward.peopleReached60Plus === null)).toBe(true);
    // Ward staff: their own ward's 60+ only.
    const seen = (await call(`${test.url}/api/v1/stats/wards?from=${D1}&to=${D3}`, { token: staffToken })).body;
    expect(pick(seen.wards, A).peopleReached60Plus).toEqual({ atLeast: 11 });
    expect(pick(seen.wards, B).peopleReached60Plus).toBeNull();
  });

  it('writes hidden cells and lower bounds in the CSV, with the days the split covers', async () => {
    const response = await fetch(`${test.url}/api/v1/stats/summary?wardCode=${A}&from=${D1}&to=${D3}&format=csv`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const rows: string[][] = parse((await response.text()).replace(/^\ufeff/, ''));
    expect(rows).toContainEqual(['Theo nhóm tuổi', 'Các ngày đã công bố theo nhóm tuổi', `${D1} – ${D2}`, '', '']);
    expect(rows).toContainEqual(['Theo nhóm tuổi', '65–74 tuổi', '≥ 6', '', '']);
    expect(rows).toContainEqual(['Theo nhóm tuổi', '16–30 tuổi', '30', '', '']);
    const day = await fetch(`${test.url}/api/v1/stats/summary?wardCode=${A}&from=${D1}&to=${D2}&format=csv&lang=en`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(parse((await day.text()).replace(/^\ufeff/, ''))).toContainEqual([
      'By age group',
      '75 and over',
      'hidden',
      '',
      '',
    ]);
  });

  it('gives the funnel’s age lines for the city only, hidden like the rest', async () => {
    const city = (await call(`${test.url}/api/v1/stats/funnel?from=${D1}&to=${D2}`)).body;
    const scams = city.guides.find((guide: { guide: string }) => guide.guide === 'scam_awareness');
    expect(scams.started).toBe(7);
    expect(scams.byAgeGroup['16_30']).toEqual({
      started: hidden,
      completed: 0,
      abandoned: 0,
      completionRate: null,
      medianDurationMs: null,
      p90DurationMs: null,
    });
    expect(scams.byAgeGroup['75_plus'].started).toEqual(hidden);
    const ward = (await call(`${test.url}/api/v1/stats/funnel?wardCode=${A}&from=${D1}&to=${D2}`)).body;
    expect(ward.guides.every((guide: { byAgeGroup: unknown }) => guide.byAgeGroup === null)).toBe(true);
  });
});
