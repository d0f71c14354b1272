import { randomUUID } from 'node:crypto';
import { addCityDays, cityDay, SHARE_TOKEN_HEADER } from '@kiosk-pulse/contract';
import { cityDayToInstant } from '@kiosk-pulse/contract/time';
import { kioskClock } from '@kiosk-pulse/demo';
import { publicViewSchema } from '../../apps/api/src/public/public-view.schema';
import { startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';

const HOUR = 3_600_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/*
 * The public view (docs/privacy.md): a share link opens a ward's or the city's page without
 * signing in; breakdowns under the public rule, no kiosk or admin data, cached, limited, revocable.
 */
describe('the public view', () => {
  let test: TestApp;
  const A = '26740'; // Phường Sài Gòn
  const B = '26743'; // Phường Bến Thành
  const keys: Record<string, string> = {};
  const D = cityDay(Date.now(), -2);
  let cityLink: { id: string; token: string };
  let wardLink: { id: string; token: string };

  const open = (token: string | undefined) =>
    fetch(`${test.url}/api/v1/public/view`, { headers: token === undefined ? {} : { [SHARE_TOKEN_HEADER]: token } });
  const view = async (token: string) => {
    const response = await open(token);
    expect(response.status).toBe(200);
    return publicViewSchema.parse(await response.json());
  };
  const post = async (ward: string, occurredAt: number, counts: Record<string, number>) => {
    const events = Object.entries(counts).flatMap(([ageGroup, n]) =>
      Array.from({ length: n }, () => ({
        id: randomUUID(),
        type: 'visit_started',
        occurredAt: kioskClock(occurredAt),
        ageGroup,
      })),
    );
    expect((await call(`${test.url}/api/v1/events`, { token: keys[ward], json: { events } })).body.accepted).toBe(
      events.length,
    );
  };
  const dayTotal = async (ward: string, day: string) =>
    (
      await call(
        `${test.url}/api/v1/stats/timeseries?metric=peopleReached&bucket=day&wardCode=${ward}&from=${day}&to=${addCityDays(day, 1)}`,
      )
    ).body.points[0]?.value;

  beforeAll(async () => {
    test = await startTestApp({
      config: {
        ageSplitDelayMs: 0,
        ageSplitPeriod: 'day',
        publicView: { threshold: 10, cacheSeconds: 1, readsPerMinute: 40 },
      },
    });
    for (const ward of [A, B]) {
      keys[ward] = (
        await call(`${test.url}/api/v1/kiosks`, { json: { wardCode: ward, label: `Nhà văn hóa ${ward}` } })
      ).body.key;
    }
    const at = cityDayToInstant(D).getTime() + 10 * HOUR;
    await post(A, at, { '16_30': 12, '65_74': 10, '75_plus': 3 });
    await post(B, at, { '16_30': 7 });
    // A minute ago, or at the city day's first instant if that was yesterday.
    const today = cityDay(Date.now());
    await post(A, Math.max(Date.now() - 60_000, cityDayToInstant(today).getTime()), { '31_44': 4 });
    // Each post is a job of its own, written in any order: wait for all three.
    const stored = async () =>
      (await dayTotal(A, D)) === 25 && (await dayTotal(B, D)) === 7 && (await dayTotal(A, today)) === 4;
    for (let attempt = 0; !(await stored()); attempt++) {
      if (attempt > 200) throw new Error('the events were not stored');
      await sleep(50);
    }
    cityLink = (await call(`${test.url}/api/v1/share-links`, { json: { label: 'TP.HCM trực tiếp' } })).body;
    wardLink = (
      await call(`${test.url}/api/v1/share-links`, { json: { label: 'Ngày hội phường Sài Gòn', wardCode: A } })
    ).body;
  });

  afterAll(async () => {
    await test?.close();
  });

  it('lets an admin share the city or any ward, ward staff their own ward only, city officials nothing', async () => {
    expect(cityLink).toMatchObject({ label: 'TP.HCM trực tiếp', wardCode: null, revokedAt: null });
    expect(cityLink.token).toMatch(/^kps_[\w-]{43}$/);
    const staff = (await call(`${test.url}/api/v1/tokens`, { json: { name: 'A', role: 'ward_staff', wardCode: A } }))
      .body.token;
    const own = await call(`${test.url}/api/v1/share-links`, { token: staff, json: { label: 'Của phường' } });
    expect(own.status).toBe(201);
    expect(own.body.wardCode).toBe(A);
    const other = await call(`${test.url}/api/v1/share-links`, { token: staff, json: { label: 'x', wardCode: B } });
    expect(other.status).toBe(403);
    // The staff list their ward's links only, and cannot revoke the city's (it answers as unknown).
    const listed = (await call(`${test.url}/api/v1/share-links`, { token: staff })).body;
    expect(listed.map((link: { wardCode: string }) => link.wardCode)).toEqual([A, A]);
    expect(listed.some((link: object) => 'token' in link)).toBe(false);
    expect(
      (await call(`${test.url}/api/v1/share-links/${cityLink.id}/revoke`, { token: staff, method: 'POST' })).status,
    ).toBe(404);
    const official = (await call(`${test.url}/api/v1/tokens`, { json: { name: 'C', role: 'city_official' } })).body
      .token;
    expect((await call(`${test.url}/api/v1/share-links`, { token: official, json: { label: 'x' } })).status).toBe(403);
  });

  it('shows today’s totals exactly, and every breakdown at threshold 10, rounded to a multiple of 5', async () => {
    const city = await view(cityLink.token);
    expect(city).toMatchObject({ label: 'TP.HCM trực tiếp', scope: 'city', wardCode: null });
    expect(city.today).toMatchObject({ day: cityDay(Date.now()), peopleReached: 4 });
    expect(city.days).toHaveLength(30);
    expect(city.days.at(-1)?.day).toBe(cityDay(Date.now(), -1));
    // 32 people on day D in the city: rounded to 30 or 35.
    expect([30, 35]).toContain(city.days.find((day) => day.day === D)?.peopleReached);
    expect(city.wards).toHaveLength(168);
    const ward = (code: string) => city.wards.find((row) => row.wardCode === code)?.peopleReached;
    expect(ward(A)).toBe(25);
    expect(ward(B)).toEqual({ below: 10 });
    // Published at threshold 10: the 3 people aged 75+ hidden with the smallest cell beside them.
    expect(city.ageSplit).toMatchObject({ from: cityDay(Date.now(), -30), to: cityDay(Date.now()) });
    expect(city.ageSplit.byAgeGroup['65_74']).toEqual({ atLeast: 0 });
    expect(city.ageSplit.byAgeGroup['75_plus']).toEqual({ atLeast: 0 });
    // The city's 16-30 is A's 12 and B's 7, which B's row hides: at least 12, rounded down.
    expect(city.ageSplit.byAgeGroup['16_30']).toEqual({ atLeast: 10 });

    const own = await view(wardLink.token);
    expect(own).toMatchObject({ scope: 'ward', wardCode: A, wardName: 'Phường Sài Gòn' });
    expect(own.wards).toEqual([{ wardCode: A, name: 'Phường Sài Gòn', peopleReached: 25 }]);
    expect([10, 15]).toContain(own.ageSplit.byAgeGroup['16_30']);
    // One figure is rounded one way wherever it shows, and every time.
    expect((await view(wardLink.token)).ageSplit).toEqual(own.ageSplit);
  });

  it('shows the scope’s own targets, their counts under the public rule, an age group’s from its published days', async () => {
    const today = cityDay(Date.now());
    const [start, deadline] = [addCityDays(today, -10), addCityDays(today, 20)];
    const set = async (fields: object) => {
      const made = await call(`${test.url}/api/v1/targets`, { json: { startDay: start, deadline, ...fields } });
      expect(made.status).toBe(201);
    };
    await set({ indicator: 'visits', target: 100 });
    await set({ indicator: 'visits', wardCode: A, target: 50, ageGroups: ['60_64', '65_74', '75_plus'] });
    await set({ indicator: 'visits', wardCode: A, target: 40, ageGroups: ['16_30'] });
    await set({ indicator: 'visits', wardCode: A, target: 30, startDay: addCityDays(today, 1) });
    await set({ indicator: 'visits', wardCode: B, target: 20 });
    const bLink = (await call(`${test.url}/api/v1/share-links`, { json: { label: 'B', wardCode: B } })).body;
    // The answers of a few seconds ago are cached: wait for ones with the targets.
    const withTargets = async (token: string) => {
      let shown = await view(token);
      for (let attempt = 0; shown.targets.length === 0 && attempt < 40; attempt++) {
        await sleep(100);
        shown = await view(token);
      }
      return shown.targets;
    };

    // The city's link: the city-wide target only. 36 visits so far (32 on day D, 4 today): 35 or 40.
    const city = await withTargets(cityLink.token);
    expect(city).toHaveLength(1);
    expect(city[0]).toMatchObject({ indicator: 'visits', ageGroups: null, target: 100, startDay: start, deadline });
    expect(city[0]).toMatchObject({ countedFrom: start, countedTo: addCityDays(today, 1) });
    expect([35, 40]).toContain(city[0].count);
    expect(city[0].percent).toBe(city[0].count);
    // Its status is the dashboard's (a total tells no one's age).
    const signedIn = (await call(`${test.url}/api/v1/targets/progress`)).body.targets.find(
      (entry: { target: { wardCode: string | null } }) => entry.target.wardCode === null,
    );
    expect(signedIn.count).toBe(36);
    expect(city[0].status).toBe(signedIn.status);

    const ward = await withTargets(wardLink.token);
    expect(ward.map((entry) => [entry.target, entry.ageGroups])).toEqual(
      expect.arrayContaining([
        [50, ['60_64', '65_74', '75_plus']],
        [40, ['16_30']],
        [30, null],
      ]),
    );
    expect(ward).toHaveLength(3);
    const find = (target: number) => ward.find((entry) => entry.target === target);
    // A's 13 people aged 60+ on day D are hidden at threshold 10 (3 aged 75+ and the 10 beside
    // them): the target shows no number, and no status while under way. The dashboard has 13.
    expect(find(50)).toMatchObject({ count: { atLeast: 0 }, percent: null, status: null, countedFrom: start });
    expect(find(50)?.countedTo).toBe(today);
    // A's 12 aged 16-30 are published exactly: rounded to 10 or 15.
    expect([10, 15]).toContain(find(40)?.count);
    expect(find(40)?.percent).toBe(((find(40)?.count as number) / 40) * 100);
    expect(find(30)).toMatchObject({ count: 0, percent: 0, status: 'not_started', countedFrom: null, countedTo: null });
    // B's 7 visits: below the public threshold.
    expect(await withTargets(bLink.token)).toEqual([
      expect.objectContaining({ target: 20, count: { below: 10 }, percent: null, status: 'on_track' }),
    ]);
  });

  it('holds no kiosk, account or admin data', async () => {
    const text = JSON.stringify(await view(cityLink.token));
    for (const secret of ['Nhà văn hóa', 'kiosk', 'createdBy', 'admin', 'token', cityLink.id]) {
      expect(text).not.toContain(secret);
    }
  });

  it('answers from a shared cache for a few seconds, then anew', async () => {
    const before = (await view(wardLink.token)).today.peopleReached;
    await post(A, Date.now() - 30_000, { '31_44': 1 });
    for (let attempt = 0; (await dayTotal(A, cityDay(Date.now()))) !== before + 1; attempt++) {
      if (attempt > 200) throw new Error('the event was not stored');
      await sleep(50);
    }
    const cached = await view(wardLink.token);
    let fresh = cached;
    for (let attempt = 0; fresh.today.peopleReached === before && attempt < 40; attempt++) {
      await sleep(100);
      fresh = await view(wardLink.token);
    }
    expect(fresh.today.peopleReached).toBe(before + 1);
    expect(Date.parse(fresh.asOf) - Date.parse(cached.asOf)).toBeGreaterThan(0);
  });

  it('answers an unknown, malformed or revoked link alike, and stops a revoked one at once', async () => {
    const unknown = await open(`kps_${'a'.repeat(43)}`);
    expect(unknown.status).toBe(404);
    const message = (await unknown.json()).message;
    expect((await open(undefined)).status).toBe(404);
    expect((await open('x'.repeat(500))).status).toBe(404);
    await view(cityLink.token);
    const revoked = await call(`${test.url}/api/v1/share-links/${cityLink.id}/revoke`, { method: 'POST' });
    expect(revoked.body.revokedAt).not.toBeNull();
    const gone = await open(cityLink.token);
    expect(gone.status).toBe(404);
    expect((await gone.json()).message).toBe(message);
    const audit = (await call(`${test.url}/api/v1/audit?kind=changes&limit=20`)).body.map(
      (entry: { action: string }) => entry.action,
    );
    expect(audit).toEqual(expect.arrayContaining(['share_link.create', 'share_link.revoke']));
  });

  it('is documented in OpenAPI', async () => {
    const document = (await call(`${test.url}/api/docs-json`, { token: null })).body;
    expect(document.paths['/api/v1/public/view'].get.responses['200'].content['application/json'].schema).toBeDefined();
  });

  it('limits reads per address with 429 and Retry-After', async () => {
    let response = await open(wardLink.token);
    for (let read = 0; read < 60 && response.status !== 429; read++) response = await open(wardLink.token);
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
