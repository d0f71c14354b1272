import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { OUTCOMES, SHARE_TOKEN_HEADER, type Outcome, type StatsSummary } from '@kiosk-pulse/contract';
import { kioskClock } from '@kiosk-pulse/demo';
import { refreshAggregates } from '@kiosk-pulse/database';
import { CHANH_HIEP, SAI_GON, cityDay, createKiosk, post, visits, waitForPeople } from '../browser/fixtures';
import { ADMIN_TOKEN, LiveClient, startTestApp, type TestApp } from '../support/app';
import { publicViewSchema } from '../../apps/api/src/public/public-view.schema';
import { call } from '../support/http';

const HOUR = 3_600_000;

/** `count` outcome_recorded events of `outcome` at `time`, as a kiosk sends them after a visit. */
const outcomes = (count: number, time: number, outcome: Outcome): object[] =>
  Array.from({ length: count }, () => ({
    id: randomUUID(),
    type: 'outcome_recorded',
    occurredAt: kioskClock(time),
    outcome,
    ageGroup: '60_64',
    helperRole: 'police',
  }));

const none = Object.fromEntries(OUTCOMES.map((outcome) => [outcome, 0]));

/*
 * The city's outcomes (Kế hoạch 31/KH-UBND, "Bình dân học vụ số") as kiosks record them: stored,
 * counted per ward and for the city over any range, from whole days, whole hours or raw events
 * alike, before and after the aggregates are materialized, and written in the summary CSV.
 */
describe('the city’s outcomes', () => {
  let test: TestApp;
  // Yesterday 10:00 in the city: its day, its hours and a range cut inside them hold the same events.
  const yesterday = cityDay(-1);
  const ten = Date.parse(`${yesterday}T10:00:00+07:00`);

  beforeAll(async () => {
    test = await startTestApp();
    const saiGon = await createKiosk(test.url, SAI_GON, 'Sài Gòn');
    const chanhHiep = await createKiosk(test.url, CHANH_HIEP, 'Chánh Hiệp');
    await post(test.url, saiGon.key, [
      ...visits(3, ten, '60_64'),
      ...outcomes(2, ten + 60_000, 'vneid_level2_activated'),
      ...outcomes(1, ten + 120_000, 'digital_citizen_app_installed'),
    ]);
    await post(test.url, chanhHiep.key, [
      ...visits(2, ten, '75_plus'),
      ...outcomes(1, ten + 60_000, 'vneid_level2_activated'),
      ...outcomes(1, ten + 60_000, 'bdhvs_certified'),
    ]);
    await waitForPeople(test.url, { from: yesterday, to: cityDay(0) }, 5);
  }, 60_000);

  afterAll(async () => {
    await test?.close();
  });

  const summary = async (query: string): Promise<StatsSummary> => {
    const reply = await call<StatsSummary>(`${test.url}/api/v1/stats/summary?${query}`);
    expect(reply.status).toBe(200);
    return reply.body;
  };

  const ranges = () => {
    const iso = (time: number) => encodeURIComponent(new Date(time).toISOString());
    return {
      day: `from=${yesterday}&to=${cityDay(0)}`,
      hours: `from=${iso(ten - HOUR)}&to=${iso(ten + 2 * HOUR)}`,
      cut: `from=${iso(ten - 30 * 60_000)}&to=${iso(ten + 45 * 60_000)}`,
    };
  };

  const expectCounts = async () => {
    for (const [name, range] of Object.entries(ranges())) {
      const city = await summary(range);
      expect({ name, byOutcome: city.byOutcome }).toEqual({
        name,
        byOutcome: { ...none, vneid_level2_activated: 3, digital_citizen_app_installed: 1, bdhvs_certified: 1 },
      });
      const ward = await summary(`${range}&wardCode=${SAI_GON}`);
      expect({ name, byOutcome: ward.byOutcome }).toEqual({
        name,
        byOutcome: { ...none, vneid_level2_activated: 2, digital_citizen_app_installed: 1 },
      });
    }
  };

  it('counts each outcome per ward and for the city, from days, hours or raw events alike', async () => {
    await expectCounts();
    // Outcomes are their own events: visits and the other totals are as they were.
    expect((await summary(ranges().day)).peopleReached).toBe(5);
    // The day before has none.
    expect((await summary(`from=${cityDay(-2)}&to=${yesterday}`)).byOutcome).toEqual(none);
  });

  it('counts the same once the aggregates are materialized', async () => {
    await refreshAggregates(test.pool);
    await expectCounts();
  });

  it('writes each outcome on a row of the summary CSV, in Vietnamese or English', async () => {
    const csv = async (lang: string) => {
      const response = await fetch(`${test.url}/api/v1/stats/summary?${ranges().day}&format=csv&lang=${lang}`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(response.status).toBe(200);
      return parse((await response.text()).replace(/^\ufeff/, '')) as string[][];
    };
    const vi = await csv('vi');
    expect(vi).toContainEqual(['Kết quả', 'Kích hoạt tài khoản định danh điện tử mức 2', '3', '', '']);
    expect(vi).toContainEqual(['Kết quả', 'Chứng nhận Bình dân học vụ số', '1', '', '']);
    expect(vi.filter((row) => row[0] === 'Kết quả')).toHaveLength(OUTCOMES.length);
    expect(await csv('en')).toContainEqual(['Outcomes', 'Digital Citizen app installed', '1', '', '']);
  });

  it('refuses an outcome the city does not count, and keeps the rest of the batch', async () => {
    const kiosk = await createKiosk(test.url, SAI_GON, 'Sài Gòn 2');
    const reply = await call(`${test.url}/api/v1/events`, {
      token: kiosk.key,
      json: {
        events: [
          ...outcomes(1, Date.now() - 60_000, 'smart_device_set_up'),
          { ...(outcomes(1, Date.now() - 60_000, 'smart_device_set_up')[0] as object), outcome: 'lottery_won' },
        ],
      },
    });
    expect(reply.status).toBe(202);
    expect(reply.body.accepted).toBe(1);
    expect(reply.body.rejected).toEqual([
      { index: 1, code: 'invalid_field', message: expect.stringContaining('events[1].outcome must be one of') },
    ]);
  });

  it('pushes today’s outcomes on the /live socket, for the city and a ward', async () => {
    const kiosk = await createKiosk(test.url, CHANH_HIEP, 'Chánh Hiệp 2');
    const clients = [new LiveClient(test.url, ADMIN_TOKEN), new LiveClient(test.url, ADMIN_TOKEN)];
    try {
      await Promise.all(clients.map((client) => client.connected()));
      await clients[0].subscribe({});
      await clients[1].subscribe({ wardCode: CHANH_HIEP });
      const before = await clients[0].waitFor(() => true);
      await post(test.url, kiosk.key, outcomes(2, Date.now() - 30_000, 'epayment_account_opened'));
      const city = await clients[0].waitFor((counts) => counts.byOutcome.epayment_account_opened === 2);
      expect(city.byOutcome.smart_device_set_up).toBe(before.byOutcome.smart_device_set_up);
      const ward = await clients[1].waitFor((counts) => counts.byOutcome.epayment_account_opened === 2);
      // The other ward's outcome of today (Sài Gòn's) is not in Chánh Hiệp's counts.
      expect(ward.byOutcome.smart_device_set_up).toBe(0);
    } finally {
      for (const client of clients) client.close();
    }
  });

  it('shows the 30 days’ outcomes on the public view under its rule: below 10 unsaid, the rest rounded to 5', async () => {
    const kiosk = await createKiosk(test.url, SAI_GON, 'Sài Gòn 3');
    await post(test.url, kiosk.key, outcomes(12, ten + 5 * 60_000, 'social_security_linked'));
    await waitForOutcome('social_security_linked', 12);
    const link = await call<{ token: string }>(`${test.url}/api/v1/share-links`, {
      json: { label: 'Ngày hội' },
    });
    expect(link.status).toBe(201);
    const response = await fetch(`${test.url}/api/v1/public/view`, {
      headers: { [SHARE_TOKEN_HEADER]: link.body.token },
    });
    const view = publicViewSchema.parse(await response.json());
    expect(view.outcomes.vneid_level2_activated).toEqual({ below: 10 });
    expect(view.outcomes.portal_account_created).toBe(0);
    expect([10, 15]).toContain(view.outcomes.social_security_linked);
  });

  /** Until the city's summary of yesterday counts `count` of `outcome`. */
  async function waitForOutcome(outcome: Outcome, count: number): Promise<void> {
    const deadline = Date.now() + 20_000;
    while ((await summary(ranges().day)).byOutcome[outcome] !== count) {
      if (Date.now() > deadline) throw new Error(`${outcome} did not reach ${count}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('counts the residents’ answers to “Hài lòng?” per ward and city, from days, hours or raw events', async () => {
    const kiosk = await createKiosk(test.url, CHANH_HIEP, 'Chánh Hiệp 3');
    const rated = (rating: number, time: number) => ({
      id: randomUUID(),
      type: 'visit_rated',
      occurredAt: kioskClock(time),
      rating,
      ageGroup: '75_plus',
    });
    await post(test.url, kiosk.key, [rated(3, ten), rated(3, ten + 60_000), rated(1, ten + 120_000)]);
    const deadline = Date.now() + 20_000;
    while ((await summary(ranges().day)).byRating[3] !== 2) {
      if (Date.now() > deadline) throw new Error('the ratings were not counted');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (const range of Object.values(ranges())) {
      expect((await summary(range)).byRating).toEqual({ 1: 1, 2: 0, 3: 2 });
      expect((await summary(`${range}&wardCode=${CHANH_HIEP}`)).byRating).toEqual({ 1: 1, 2: 0, 3: 2 });
      expect((await summary(`${range}&wardCode=${SAI_GON}`)).byRating).toEqual({ 1: 0, 2: 0, 3: 0 });
    }
    const refused = await call(`${test.url}/api/v1/events`, { token: kiosk.key, json: { events: [rated(5, ten)] } });
    expect(refused.body.rejected).toEqual([
      { index: 0, code: 'invalid_field', message: 'events[0].rating must be one of 1, 2, 3' },
    ]);
  });
});
