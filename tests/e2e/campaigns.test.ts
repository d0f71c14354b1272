import { randomUUID } from 'node:crypto';
import type { Campaign, CampaignComparison } from '@kiosk-pulse/contract';
import { CHANH_HIEP, SAI_GON, cityDay, createKiosk, post } from '../browser/fixtures';
import { startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';
import { outcomeEvents, signInWardPeople, visitEvents } from '../support/ward-people';

/** An instant of a city day, written with the city's offset: `at('2026-12-04', '07:00')`. */
const at = (day: string, time: string): string => `${day}T${time}:00+07:00`;

/** `count` visits of `ageGroup` from the city time `time` of `day`, a second apart. */
const visitsAt = (day: string, time: string, count: number, ageGroup: string): object[] =>
  visitEvents(Date.parse(at(day, time)), count, ageGroup, 1_000);

const outcomesAt = (day: string, time: string, count: number, outcome: string): object[] =>
  outcomeEvents(Date.parse(at(day, time)), count, outcome, 1_000);

/*
 * Kiosk days and campaigns (issue 17): recorded by ward staff for their own ward and by admins
 * for any, read by city officials; listed by range for the charts' markers; and compared with
 * the same kiosks' ordinary days and the ward's other kiosks, in city time while the tests run
 * in UTC.
 */
describe('campaigns and kiosk days', () => {
  let test: TestApp;
  let tokens: Record<string, string> = {};
  const url = (path: string) => `${test.url}${path}`;
  const kiosks: Record<'a' | 'b' | 'c' | 'x', { id: string; key: string }> = {} as never;
  // The campaign's city day, two days ago: its ordinary days are the 28 before it.
  const day = cityDay(-2);
  const dayBefore = cityDay(-3);

  beforeAll(async () => {
    test = await startTestApp({ config: { kioskUsageLimits: { perMinute: 100_000, perDay: 1_000_000 } } });
    tokens = await signInWardPeople(test.url);
    kiosks.a = await createKiosk(test.url, SAI_GON, 'Khu phố 28 — A');
    kiosks.b = await createKiosk(test.url, SAI_GON, 'Khu phố 28 — B');
    kiosks.c = await createKiosk(test.url, SAI_GON, 'Trụ sở phường');
    kiosks.x = await createKiosk(test.url, CHANH_HIEP, 'Chánh Hiệp');
  }, 60_000);

  afterAll(async () => {
    await test?.close();
  });

  const kioskDay = (ward = SAI_GON) => ({
    name: 'Ngày hội Đại đoàn kết',
    wardCode: ward,
    place: 'Khu phố 28',
    startsAt: at(day, '07:00'),
    endsAt: at(day, '17:00'),
    kioskIds: ward === SAI_GON ? [kiosks.a.id, kiosks.b.id] : [kiosks.x.id],
  });

  let festival: Campaign;
  let earlier: Campaign;
  let chanhHiep: Campaign;

  describe('recording campaigns', () => {
    it('lets ward staff record their own ward’s, admins any ward’s, and not city officials', async () => {
      const made = await call<Campaign>(url('/api/v1/campaigns'), {
        token: tokens['staff.saigon'],
        json: kioskDay(),
      });
      expect(made.status).toBe(201);
      festival = made.body;
      expect(festival).toEqual({
        id: expect.any(String),
        name: 'Ngày hội Đại đoàn kết',
        wardCode: SAI_GON,
        place: 'Khu phố 28',
        startsAt: new Date(at(day, '07:00')).toISOString(),
        endsAt: new Date(at(day, '17:00')).toISOString(),
        kioskIds: [kiosks.a.id, kiosks.b.id].sort(),
        recordedBy: 'user:staff.saigon',
        recordedAt: expect.any(String),
      });

      // A morning kiosk day at kiosk A six days ago: its day is left out of A's ordinary days.
      const morning = await call<Campaign>(url('/api/v1/campaigns'), {
        token: tokens['staff.saigon'],
        json: {
          name: 'Buổi sáng số',
          wardCode: SAI_GON,
          startsAt: at(cityDay(-6), '08:00'),
          endsAt: at(cityDay(-6), '12:00'),
          kioskIds: [kiosks.a.id],
        },
      });
      expect(morning.status).toBe(201);
      earlier = morning.body;
      expect(earlier.place).toBeNull();

      const byAdmin = await call<Campaign>(url('/api/v1/campaigns'), { json: kioskDay(CHANH_HIEP) });
      expect(byAdmin.status).toBe(201);
      chanhHiep = byAdmin.body;
      expect(chanhHiep.recordedBy).toBe('admin-token');

      expect(
        (await call(url('/api/v1/campaigns'), { token: tokens['staff.chanhhiep'], json: kioskDay() })).status,
      ).toBe(403);
      expect((await call(url('/api/v1/campaigns'), { token: tokens.official, json: kioskDay() })).status).toBe(403);
      expect((await call(url('/api/v1/campaigns'), { token: null, json: kioskDay() })).status).toBe(401);
    });

    it('refuses bad input with a 400 naming the field', async () => {
      const refused = async (json: object, pattern: RegExp) => {
        const reply = await call(url('/api/v1/campaigns'), { json });
        expect({ status: reply.status, message: reply.body.message }).toEqual({
          status: 400,
          message: expect.stringMatching(pattern),
        });
      };
      const { name: _name, ...nameless } = kioskDay();
      await refused(nameless, /^name: /);
      await refused({ ...kioskDay(), name: '  ' }, /^name: must not be empty/);
      await refused({ ...kioskDay(), endsAt: at(day, '07:00') }, /^endsAt: .*not after the start/);
      await refused({ ...kioskDay(), endsAt: at(cityDay(40), '07:00') }, /^endsAt: a campaign lasts at most 31 days/);
      await refused({ ...kioskDay(), startsAt: `${day}T07:00:00` }, /^startsAt: must be an ISO-8601/);
      await refused({ ...kioskDay(), kioskIds: [] }, /^kioskIds: name at least one kiosk/);
      await refused({ ...kioskDay(), kioskIds: [kiosks.a.id, kiosks.a.id] }, /^kioskIds: must not name a kiosk twice/);
      await refused({ ...kioskDay(), kioskIds: [kiosks.x.id] }, /^kioskIds: the kiosk .* is in ward 25771, not 26740/);
      await refused({ ...kioskDay(), kioskIds: [randomUUID()] }, /^kioskIds: no kiosk /);
      await refused({ ...kioskDay(), wardCode: '99999' }, /unknown ward 99999/);
      await refused({ ...kioskDay(), colour: 'red' }, /colour/);

      const patched = await call(url(`/api/v1/campaigns/${festival.id}`), {
        method: 'PATCH',
        json: { endsAt: at(day, '06:00') },
      });
      expect(patched.status).toBe(400);
      expect(patched.body.message).toMatch(/^endsAt: .*not after the start/);
      expect((await call(url(`/api/v1/campaigns/${festival.id}`), { method: 'PATCH', json: {} })).status).toBe(400);
      expect((await call(url('/api/v1/campaigns/not-a-uuid'))).status).toBe(400);
      expect((await call(url('/api/v1/campaigns?from=yesterday'))).status).toBe(400);
      expect((await call(url(`/api/v1/campaigns?from=${day}&to=${day}`))).status).toBe(400);
    });

    it('keeps another ward’s campaigns from ward staff: not found, and a 403 for naming the ward', async () => {
      const other = { token: tokens['staff.chanhhiep'] };
      const path = url(`/api/v1/campaigns/${festival.id}`);
      expect((await call(path, other)).status).toBe(404);
      expect((await call(`${path}/comparison`, other)).status).toBe(404);
      expect((await call(path, { ...other, method: 'PATCH', json: { name: 'Đổi tên' } })).status).toBe(404);
      expect((await call(path, { ...other, method: 'DELETE' })).status).toBe(404);
      expect((await call(url(`/api/v1/campaigns?wardCode=${SAI_GON}`), other)).status).toBe(403);
      const own = await call<Campaign[]>(url('/api/v1/campaigns'), other);
      expect(own.body.map((campaign) => campaign.id)).toEqual([chanhHiep.id]);
      // City officials read every ward's, and may not change them.
      const all = await call<Campaign[]>(url('/api/v1/campaigns'), { token: tokens.official });
      expect(all.body.map((campaign) => campaign.id).sort()).toEqual([festival.id, earlier.id, chanhHiep.id].sort());
      expect((await call(path, { token: tokens.official })).status).toBe(200);
      expect((await call(path, { token: tokens.official, method: 'PATCH', json: { name: 'x' } })).status).toBe(403);
      expect((await call(path, { token: tokens.official, method: 'DELETE' })).status).toBe(403);
    });

    it('lets ward staff change and delete their own, every change in the audit log', async () => {
      const staff = { token: tokens['staff.saigon'] };
      const changed = await call<Campaign>(url(`/api/v1/campaigns/${festival.id}`), {
        ...staff,
        method: 'PATCH',
        json: { place: 'Khu phố 28, sân văn hóa' },
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ place: 'Khu phố 28, sân văn hóa', kioskIds: festival.kioskIds });
      festival = changed.body;

      const spare = await call<Campaign>(url('/api/v1/campaigns'), { ...staff, json: { ...kioskDay(), name: 'Nháp' } });
      expect(spare.status).toBe(201);
      expect((await call(url(`/api/v1/campaigns/${spare.body.id}`), { ...staff, method: 'DELETE' })).status).toBe(204);
      expect((await call(url(`/api/v1/campaigns/${spare.body.id}`), staff)).status).toBe(404);

      const { rows } = await test.pool.query<{ actor: string; action: string; target_id: string }>(
        `SELECT actor, action, target_id FROM audit_log WHERE target_type = 'campaign' ORDER BY id`,
      );
      expect(rows).toEqual([
        { actor: 'user:staff.saigon', action: 'campaign.create', target_id: festival.id },
        { actor: 'user:staff.saigon', action: 'campaign.create', target_id: earlier.id },
        { actor: 'admin-token', action: 'campaign.create', target_id: chanhHiep.id },
        { actor: 'user:staff.saigon', action: 'campaign.update', target_id: festival.id },
        { actor: 'user:staff.saigon', action: 'campaign.create', target_id: spare.body.id },
        { actor: 'user:staff.saigon', action: 'campaign.delete', target_id: spare.body.id },
      ]);
    });
  });

  it('is in the OpenAPI document, its parameters from the schemas it validates with', async () => {
    const document = await call(url('/api/docs-json'), { token: null });
    expect(Object.keys(document.body.paths).filter((path) => path.startsWith('/api/v1/campaigns'))).toEqual([
      '/api/v1/campaigns',
      '/api/v1/campaigns/{id}',
      '/api/v1/campaigns/{id}/comparison',
    ]);
    const paths = document.body.paths;
    expect(paths['/api/v1/campaigns'].get.parameters.map((p: { name: string }) => p.name)).toEqual([
      'from',
      'to',
      'wardCode',
    ]);
    expect(
      Object.keys(paths['/api/v1/campaigns'].post.requestBody.content['application/json'].schema.properties),
    ).toEqual(['name', 'wardCode', 'place', 'startsAt', 'endsAt', 'kioskIds']);
    expect(paths['/api/v1/campaigns/{id}/comparison'].get.description).toMatch(/Ordinary days: the 28 days/);
  });

  describe('listing by range, for the charts’ markers', () => {
    const ids = async (query: string) =>
      (await call<Campaign[]>(url(`/api/v1/campaigns?${query}`))).body.map((campaign) => campaign.id);

    it('gives the campaigns overlapping [from, to), city days meaning their start', async () => {
      // Earliest first; the two of the same hours in either order.
      const all = await ids('');
      expect(all[0]).toBe(earlier.id);
      expect(all.slice(1).sort()).toEqual([festival.id, chanhHiep.id].sort());
      expect((await ids(`from=${dayBefore}`)).sort()).toEqual([festival.id, chanhHiep.id].sort());
      expect(await ids(`from=${cityDay(-6)}&to=${cityDay(-5)}`)).toEqual([earlier.id]);
      expect(await ids(`to=${day}`)).toEqual([earlier.id]);
      expect(await ids(`wardCode=${SAI_GON}&from=${day}&to=${cityDay(-1)}`)).toEqual([festival.id]);
      // The hours are [startsAt, endsAt): a range ending at the start, or starting at the end, misses it.
      expect(await ids(`wardCode=${SAI_GON}&to=${encodeURIComponent(at(day, '07:00'))}`)).toEqual([earlier.id]);
      expect(await ids(`wardCode=${SAI_GON}&from=${encodeURIComponent(at(day, '17:00'))}`)).toEqual([]);
      expect(await ids(`wardCode=${SAI_GON}&from=${encodeURIComponent(at(day, '16:59'))}`)).toEqual([festival.id]);
    });
  });

  describe('the comparison', () => {
    it('compares the campaign’s hours with ordinary days and the ward’s other kiosks, in city time', async () => {
      const sent = {
        a: [
          // The campaign's hours: from 07:00 (00:00 UTC) to 17:00 city time, the end left out.
          ...visitsAt(day, '07:00', 6, '16_30'),
          ...visitsAt(day, '09:00', 6, '75_plus'),
          ...outcomesAt(day, '09:30', 3, 'vneid_level2_activated'),
          ...visitsAt(day, '06:59', 1, '31_44'),
          ...visitsAt(day, '17:00', 1, '31_44'),
          // Ordinary days: the day before counts 07:00 to 16:59 city time only.
          ...visitsAt(dayBefore, '06:59', 1, '16_30'),
          ...visitsAt(dayBefore, '07:00', 1, '16_30'),
          ...visitsAt(dayBefore, '16:59', 1, '16_30'),
          ...visitsAt(dayBefore, '17:00', 1, '16_30'),
          ...outcomesAt(dayBefore, '10:00', 1, 'smart_device_set_up'),
          ...visitsAt(cityDay(-5), '09:00', 5, '60_64'),
          // Six days ago A was in another campaign: that day is no ordinary day for it.
          ...visitsAt(cityDay(-6), '14:00', 4, '31_44'),
        ],
        b: [
          ...visitsAt(day, '12:00', 4, '16_30'),
          ...visitsAt(day, '13:00', 6, '60_64'),
          ...visitsAt(cityDay(-4), '10:00', 3, '16_30'),
        ],
        c: [
          ...visitsAt(day, '08:00', 3, '45_59'),
          ...visitsAt(day, '16:00', 1, '75_plus'),
          ...visitsAt(day, '18:00', 2, '16_30'),
        ],
        x: visitsAt(day, '10:00', 7, '16_30'),
      };
      for (const name of ['a', 'b', 'c', 'x'] as const) await post(test.url, kiosks[name].key, sent[name]);
      const total = Object.values(sent).reduce((sum, events) => sum + events.length, 0);
      const deadline = Date.now() + 30_000;
      for (;;) {
        const { rows } = await test.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
        if (rows[0].n === total) break;
        if (Date.now() > deadline) throw new Error(`stored ${rows[0].n} events, not ${total}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }

      const reply = await call<CampaignComparison>(url(`/api/v1/campaigns/${festival.id}/comparison`), {
        token: tokens['staff.saigon'],
      });
      expect(reply.status).toBe(200);
      const noOutcomes = {
        vneid_level2_activated: 0,
        smart_device_set_up: 0,
        portal_account_created: 0,
        portal_application_submitted: 0,
        epayment_account_opened: 0,
        social_security_linked: 0,
        digital_citizen_app_installed: 0,
        bdhvs_certified: 0,
      };
      expect(reply.body.campaign.id).toBe(festival.id);
      // 22 visits at 2 kiosks over 10 hours; no age mix (a campaign's hours are no published period).
      expect(reply.body.campaignHours).toEqual({
        kiosks: 2,
        hoursOpen: 20,
        visits: 22,
        visitsPerHour: 1.1,
        outcomes: 3,
        byOutcome: { ...noOutcomes, vneid_level2_activated: 3 },
        outcomesPerVisit: 0.14,
        byAgeGroup: null,
        share60Plus: null,
      });
      // Three kiosk-days (A the day before and five days ago, B four days ago) of 10 hours.
      expect(reply.body.ordinaryDays).toEqual({
        kiosks: 2,
        hoursOpen: 30,
        visits: 10,
        visitsPerHour: 0.33,
        outcomes: 1,
        byOutcome: { ...noOutcomes, smart_device_set_up: 1 },
        outcomesPerVisit: 0.1,
        byAgeGroup: null,
        share60Plus: null,
        from: cityDay(-30),
        to: dayBefore,
      });
      // Kiosk C over the campaign's hours (not at 18:00); Chánh Hiệp's kiosk is another ward's.
      expect(reply.body.wardOtherKiosks).toEqual({
        kiosks: 1,
        hoursOpen: 10,
        visits: 4,
        visitsPerHour: 0.4,
        outcomes: 0,
        byOutcome: noOutcomes,
        outcomesPerVisit: 0,
        byAgeGroup: null,
        share60Plus: null,
      });
      expect(reply.body.definition.en).toMatch(/28 days before the campaign, 7:00 to 17:00 city time/);
      expect(reply.body.definition.vi).toMatch(/^Ngày thường: 28 ngày/);

      // City officials read it as ward staff do.
      const official = await call<CampaignComparison>(url(`/api/v1/campaigns/${festival.id}/comparison`), {
        token: tokens.official,
      });
      expect(official.body).toEqual(reply.body);
    });
  });
});
