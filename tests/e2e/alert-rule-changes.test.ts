import { randomUUID } from 'node:crypto';
import type { AlertRule, Kiosk } from '@kiosk-pulse/contract';
import { kioskClock } from '@kiosk-pulse/demo';
import { AlertsQueue } from '../../apps/api/src/alerts/alerts-queue';
import { CHANH_HIEP, SAI_GON, cityDay, createKiosk } from '../browser/fixtures';
import { signInWardPeople } from '../support/ward-people';
import { startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';

/** The first city day after today that is not a Sunday: inside the default opening days. */
function nextWorkingDay(): string {
  for (let offset = 1; ; offset++) {
    const day = cityDay(offset);
    if (new Date(`${day}T12:00:00Z`).getUTCDay() !== 0) return day;
  }
}

/*
 * A rule changed after it is made (the Cảnh báo page's Sửa, Tạm dừng, Tiếp tục, Xóa): its
 * parameters checked against its kind, paused rules left out of the evaluation, and only by
 * whoever may set the ward's rules.
 */
describe('changing an alert rule', () => {
  let test: TestApp;
  let tokens: Record<string, string> = {};
  const url = (path: string) => `${test.url}${path}`;
  const patch = (id: string, json: object, token?: string) =>
    call<AlertRule & { message: string }>(url(`/api/v1/alerts/rules/${id}`), { method: 'PATCH', json, token });
  const create = async (json: object) => {
    const reply = await call<AlertRule>(url('/api/v1/alerts/rules'), { json });
    expect(reply.status).toBe(201);
    return reply.body;
  };

  beforeAll(async () => {
    test = await startTestApp({ config: { alerts: { evaluateEveryMs: 0 } } });
    tokens = await signInWardPeople(test.url);
  }, 60_000);

  afterAll(async () => {
    await test?.close();
  });

  it('changes each kind’s parameters, filling the defaults, and refuses what its kind does not take', async () => {
    const silent = await create({ wardCode: SAI_GON, kind: 'silent_kiosk' });
    const changed = await patch(silent.id, { params: { silentMinutes: 45 } }, tokens['staff.saigon']);
    expect(changed.status).toBe(200);
    expect(changed.body.params).toEqual({
      silentMinutes: 45,
      openingHours: { days: [1, 2, 3, 4, 5, 6], from: '07:30', to: '17:00' },
    });
    expect((await call<AlertRule>(url(`/api/v1/alerts/rules/${silent.id}`))).body.params).toEqual(changed.body.params);
    for (const [params, problem] of [
      [{ silentMinutes: 0 }, /params.silentMinutes/],
      [{ silentMinutes: 30, dropPercent: 40 }, /dropPercent/],
      [{ openingHours: { days: [1], from: '17:00', to: '07:30' } }, /params.openingHours.to/],
    ] as const) {
      const reply = await patch(silent.id, { params });
      expect(reply.status).toBe(400);
      expect(reply.body.message).toMatch(problem);
    }
    expect((await patch(silent.id, {})).status).toBe(400);
    expect((await patch(silent.id, { kind: 'sudden_drop' })).status).toBe(400);

    const drop = await create({ wardCode: SAI_GON, kind: 'sudden_drop' });
    expect((await patch(drop.id, { params: { dropPercent: 25, weeks: 6 } })).body.params).toEqual({
      dropPercent: 25,
      minMedian: 10,
      weeks: 6,
    });

    // A behind-pace rule watches one target of its own ward, or all of them.
    const own = await call(url('/api/v1/targets'), {
      json: { indicator: 'visits', wardCode: SAI_GON, target: 500, startDay: cityDay(-5), deadline: cityDay(20) },
    });
    const other = await call(url('/api/v1/targets'), {
      json: { indicator: 'visits', wardCode: CHANH_HIEP, target: 500, startDay: cityDay(-5), deadline: cityDay(20) },
    });
    expect([own.status, other.status]).toEqual([201, 201]);
    const pace = await create({ wardCode: SAI_GON, kind: 'behind_pace' });
    expect((await patch(pace.id, { params: { targetId: own.body.id } })).body.params).toEqual({
      targetId: own.body.id,
    });
    const elsewhere = await patch(pace.id, { params: { targetId: other.body.id } });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.message).toMatch(/params.targetId: no target .* of ward 26740/);
    expect((await patch(pace.id, { params: {} })).body.params).toEqual({});
    for (const rule of [silent, drop, pace])
      expect((await call(url(`/api/v1/alerts/rules/${rule.id}`), { method: 'DELETE' })).status).toBe(204);
  });

  it('leaves a paused rule out of the evaluation, and fires it again once resumed', async () => {
    const kiosk = await createKiosk(test.url, SAI_GON, 'Quầy tạm dừng');
    await call(url('/api/v1/events'), {
      token: kiosk.key,
      json: { events: [{ id: randomUUID(), type: 'heartbeat', occurredAt: kioskClock() }] },
    });
    const deadline = Date.now() + 20_000;
    while (!(await call<Kiosk>(url(`/api/v1/kiosks/${kiosk.id}`))).body.lastSeenAt) {
      if (Date.now() > deadline) throw new Error('the heartbeat was not stored');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const rule = await create({ wardCode: SAI_GON, kind: 'silent_kiosk', enabled: false });
    const evaluate = () => test.app.get(AlertsQueue).evaluate(new Date(`${nextWorkingDay()}T09:00:00+07:00`));
    expect(await evaluate()).toMatchObject({ rules: 0, opened: 0 });
    expect((await patch(rule.id, { enabled: true }, tokens['staff.saigon'])).body.enabled).toBe(true);
    expect(await evaluate()).toMatchObject({ rules: 1, opened: 1 });
    expect((await patch(rule.id, { enabled: false }, tokens['staff.saigon'])).body.enabled).toBe(false);
    expect(await evaluate()).toMatchObject({ rules: 0, opened: 0, resolved: 0 });
    expect((await call(url(`/api/v1/alerts/rules/${rule.id}`), { method: 'DELETE' })).status).toBe(204);
  });

  it('lets only who sets the ward’s rules change or delete one', async () => {
    const rule = await create({ wardCode: SAI_GON, kind: 'sudden_drop' });
    expect((await patch(rule.id, { enabled: false }, tokens['staff.chanhhiep'])).status).toBe(404);
    expect((await patch(rule.id, { enabled: false }, tokens.official)).status).toBe(403);
    const remove = (token: string) =>
      call(url(`/api/v1/alerts/rules/${rule.id}`), { method: 'DELETE', token }).then((reply) => reply.status);
    expect(await remove(tokens['staff.chanhhiep'])).toBe(404);
    expect(await remove(tokens.official)).toBe(403);
    expect((await call<AlertRule>(url(`/api/v1/alerts/rules/${rule.id}`))).body.enabled).toBe(true);
    expect(await remove(tokens['staff.saigon'])).toBe(204);
    expect((await call(url(`/api/v1/alerts/rules/${rule.id}`))).status).toBe(404);
  });
});
