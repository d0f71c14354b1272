import { createHmac, randomUUID } from 'node:crypto';
import type { AlertIncident, CreatedAlertRule, Kiosk } from '@kiosk-pulse/contract';
import { kioskClock } from '@kiosk-pulse/demo';
import { AlertsQueue } from '../../apps/api/src/alerts/alerts-queue';
import { CHANH_HIEP, SAI_GON, cityDay, createKiosk } from '../browser/fixtures';
import { signInWardPeople } from '../support/ward-people';
import { startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';
import { TestSmtpServer } from '../support/smtp-server';
import { WebhookReceiver, type ReceivedCall } from '../support/webhook-receiver';

const THU_DAU_MOT = '25747';
const PHU_LOI = '25750';
const MINUTE = 60_000;

/** An instant given in city time (the tests run with TZ=UTC; the rules think in Asia/Ho_Chi_Minh). */
const cityTime = (day: string, clock: string) => new Date(`${day}T${clock}:00+07:00`);

/** The first city day after today that is not a Sunday: inside the default opening days. */
function nextWorkingDay(): string {
  for (let offset = 1; ; offset++) {
    const day = cityDay(offset);
    if (new Date(`${day}T12:00:00Z`).getUTCDay() !== 0) return day;
  }
}

const signature = (secret: string, call: ReceivedCall, body = call.raw) =>
  `sha256=${createHmac('sha256', secret)
    .update(`${String(call.headers['x-kioskpulse-timestamp'])}.${body}`)
    .digest('hex')}`;

const parsed = (call: ReceivedCall) => JSON.parse(call.raw) as Record<string, unknown> & { type: string };

/*
 * Alerts against the real app: rules evaluated as of instants in city time, messages sent to a
 * real SMTP server and a real HTTP receiver on loopback. The scheduler is off (evaluate every 0)
 * so only the test's instants count; tests/perf/alert-latency.test.ts runs it at its interval.
 */
describe('alerts', () => {
  let test: TestApp;
  let smtp: TestSmtpServer;
  let hook: WebhookReceiver;
  let alerts: AlertsQueue;
  let tokens: Record<string, string> = {};
  const url = (path: string) => `${test.url}${path}`;
  const evaluate = (at: Date) => alerts.evaluate(at);

  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    hook = await WebhookReceiver.start();
    test = await startTestApp({
      config: {
        mail: { smtpUrl: smtp.url, from: 'Kiosk Pulse <canh-bao@example.gov.vn>' },
        alerts: { evaluateEveryMs: 0 },
        // The receiver is on loopback, refused unless allowed (ALERT_WEBHOOK_ALLOWED_HOSTS).
        alertWebhooks: { allowedHosts: ['127.0.0.1'] },
      },
    });
    alerts = test.app.get(AlertsQueue);
    tokens = await signInWardPeople(test.url);
  }, 60_000);

  afterAll(async () => {
    await test?.close();
    await smtp?.close();
    await hook?.close();
  });

  beforeEach(() => {
    smtp.clear();
    hook.clear();
  });

  const createRule = async (body: object, token?: string) => {
    const reply = await call<CreatedAlertRule>(url('/api/v1/alerts/rules'), { json: body, token });
    expect(reply.status).toBe(201);
    return reply.body;
  };
  const deleteRule = async (id: string) =>
    expect((await call(url(`/api/v1/alerts/rules/${id}`), { method: 'DELETE' })).status).toBe(204);
  const incidents = async (query = '') => (await call<AlertIncident[]>(url(`/api/v1/alerts${query}`))).body;

  /** A heartbeat, and the wait until the worker has stored the kiosk's last contact after `after`. */
  const heartbeat = async (kiosk: { id: string; key: string }, after = 0) => {
    const reply = await call(url('/api/v1/events'), {
      token: kiosk.key,
      json: { events: [{ id: randomUUID(), type: 'heartbeat', occurredAt: kioskClock() }] },
    });
    expect(reply.status).toBe(202);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const seen = (await call<Kiosk>(url(`/api/v1/kiosks/${kiosk.id}`))).body.lastSeenAt;
      if (seen && Date.parse(seen) > after) return Date.parse(seen);
      if (Date.now() > deadline) throw new Error('the heartbeat was not stored');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  /** Gives queued messages time to go out, so a message sent twice would be seen. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1_500));

  it('opens one incident for a silent kiosk, sends one e-mail and one signed webhook, and a resolution when it speaks again', async () => {
    const kiosk = await createKiosk(test.url, SAI_GON, 'Bến Thành — quầy 1');
    const seen = await heartbeat(kiosk);
    const rule = await createRule(
      { wardCode: SAI_GON, kind: 'silent_kiosk', emailTo: ['phuong-saigon@example.vn'], webhookUrl: hook.url },
      tokens['staff.saigon'],
    );
    expect(rule.params).toEqual({
      silentMinutes: 30,
      openingHours: { days: [1, 2, 3, 4, 5, 6], from: '07:30', to: '17:00' },
    });
    expect(rule.webhookSecret).toMatch(/^whsec_/);
    // The secret is shown once: not when the rule is read again.
    expect((await call(url(`/api/v1/alerts/rules/${rule.id}`))).body).not.toHaveProperty('webhookSecret');
    try {
      const day = nextWorkingDay();
      // 07:45: the ward opened 15 minutes ago; the kiosk has been off since yesterday, but its
      // silence counts from the opening, so it is not 30 minutes yet.
      expect((await evaluate(cityTime(day, '07:45'))).opened).toBe(0);
      expect((await evaluate(cityTime(day, '08:01'))).opened).toBe(1);
      expect((await evaluate(cityTime(day, '08:02'))).opened).toBe(0);
      const [mail] = await smtp.waitFor(1);
      const [opened] = await hook.waitForDelivered(1);
      await settle();
      expect(smtp.messages).toHaveLength(1);
      expect(hook.calls).toHaveLength(1);

      expect(mail.to).toEqual(['phuong-saigon@example.vn']);
      expect(mail.parsed.subject).toBe(
        '[Kiosk Pulse] Cảnh báo: Kiosk không hoạt động — Phường Sài Gòn — Bến Thành — quầy 1',
      );
      const body = parsed(opened);
      expect(body).toMatchObject({
        type: 'alert.opened',
        rule: { id: rule.id, kind: 'silent_kiosk' },
        ward: { code: SAI_GON, name: 'Phường Sài Gòn' },
        subject: { id: kiosk.id, label: 'Bến Thành — quầy 1' },
        openedAt: cityTime(day, '08:01').toISOString(),
        resolvedAt: null,
      });
      expect(body.message).toContain('Kiosk “Bến Thành — quầy 1” (Phường Sài Gòn) không gửi tín hiệu từ');
      expect(mail.parsed.text?.trim()).toBe(body.message);
      // The signature verifies with the rule's secret; the same signature over a changed body does not.
      expect(opened.headers['x-kioskpulse-signature']).toBe(signature(rule.webhookSecret as string, opened));
      const tampered = opened.raw.replace('Bến Thành', 'Bến Nghé');
      expect(tampered).not.toBe(opened.raw);
      expect(opened.headers['x-kioskpulse-signature']).not.toBe(
        signature(rule.webhookSecret as string, opened, tampered),
      );
      expect(signature('another-secret', opened)).not.toBe(opened.headers['x-kioskpulse-signature']);

      const [open] = await incidents('?status=open');
      expect(open).toMatchObject({ ruleId: rule.id, subject: kiosk.id, resolvedAt: null, message: body.message });
      expect(open.deliveries.map((delivery) => [delivery.channel, delivery.status]).sort()).toEqual([
        ['email', 'sent'],
        ['webhook', 'sent'],
      ]);

      // After the ward closes, the kiosk still silent: the incident stays open, nothing is sent.
      expect(await evaluate(cityTime(day, '18:00'))).toMatchObject({ opened: 0, resolved: 0 });
      // It speaks again: resolved once, with one resolution message per channel.
      await heartbeat(kiosk, seen);
      expect((await evaluate(cityTime(day, '18:05'))).resolved).toBe(1);
      expect((await evaluate(cityTime(day, '18:06'))).resolved).toBe(0);
      const mails = await smtp.waitFor(2);
      const calls = await hook.waitForDelivered(2);
      await settle();
      expect(smtp.messages).toHaveLength(2);
      expect(hook.calls).toHaveLength(2);
      expect(mails[1].parsed.subject).toMatch(/^\[Kiosk Pulse\] Đã hết cảnh báo: Kiosk không hoạt động/);
      expect(parsed(calls[1])).toMatchObject({
        type: 'alert.resolved',
        resolvedAt: cityTime(day, '18:05').toISOString(),
      });
      expect(calls[1].headers['x-kioskpulse-signature']).toBe(signature(rule.webhookSecret as string, calls[1]));
      expect(await incidents('?status=open')).toEqual([]);
      expect((await incidents('?status=resolved')).map((incident) => incident.subject)).toEqual([kiosk.id]);
    } finally {
      await deleteRule(rule.id);
    }
  });

  it('alerts on a kiosk silent during a kiosk day it takes part in, even on a Sunday', async () => {
    const kiosk = await createKiosk(test.url, PHU_LOI, 'Ngày hội — ki-ốt lưu động');
    const other = await createKiosk(test.url, PHU_LOI, 'Trụ sở phường');
    await heartbeat(kiosk);
    await heartbeat(other);
    let sunday = cityDay(1);
    for (let offset = 2; new Date(`${sunday}T12:00:00Z`).getUTCDay() !== 0; offset++) sunday = cityDay(offset);
    const campaign = await call(url('/api/v1/campaigns'), {
      json: {
        name: 'Ngày hội Đại đoàn kết',
        wardCode: PHU_LOI,
        startsAt: cityTime(sunday, '07:00').toISOString(),
        endsAt: cityTime(sunday, '11:00').toISOString(),
        kioskIds: [kiosk.id],
      },
    });
    expect(campaign.status).toBe(201);
    const rule = await createRule({ wardCode: PHU_LOI, kind: 'silent_kiosk', webhookUrl: hook.url });
    try {
      // Sunday is outside the opening days: only the campaign's kiosk is expected on, from 07:00.
      expect((await evaluate(cityTime(sunday, '07:20'))).opened).toBe(0);
      // Two evaluations at once (as two api processes would): the open incidents' unique index lets one open it.
      const both = await Promise.all([evaluate(cityTime(sunday, '07:31')), evaluate(cityTime(sunday, '07:31'))]);
      expect(both.map((evaluation) => evaluation.opened).sort()).toEqual([0, 1]);
      const [call] = await hook.waitForDelivered(1);
      await settle();
      expect(hook.calls).toHaveLength(1);
      expect(parsed(call)).toMatchObject({ subject: { id: kiosk.id } });
    } finally {
      await deleteRule(rule.id);
    }
  });

  it('opens nothing and sends nothing in quiet hours; the same rule fires once they end', async () => {
    const kiosk = await createKiosk(test.url, CHANH_HIEP, 'Chánh Hiệp — quầy 1');
    await heartbeat(kiosk);
    const rule = await createRule(
      {
        wardCode: CHANH_HIEP,
        kind: 'silent_kiosk',
        quietHours: { from: '09:00', to: '11:00' },
        emailTo: ['chanh-hiep@example.vn'],
        webhookUrl: hook.url,
      },
      tokens['staff.chanhhiep'],
    );
    try {
      const day = nextWorkingDay();
      expect(await evaluate(cityTime(day, '09:00'))).toMatchObject({ rules: 0, opened: 0 });
      expect(await evaluate(cityTime(day, '10:59'))).toMatchObject({ rules: 0, opened: 0 });
      await settle();
      expect(hook.calls).toHaveLength(0);
      expect(smtp.messages).toHaveLength(0);
      expect(await incidents(`?wardCode=${CHANH_HIEP}`)).toEqual([]);
      expect((await evaluate(cityTime(day, '11:00'))).opened).toBe(1);
      await hook.waitForDelivered(1);
      await smtp.waitFor(1);
    } finally {
      await deleteRule(rule.id);
    }
  });

  it('alerts once when a ward is behind a target’s pace, and clears when the target is met', async () => {
    const created = await call(url('/api/v1/targets'), {
      json: { indicator: 'visits', wardCode: THU_DAU_MOT, target: 5_000, startDay: cityDay(-5), deadline: cityDay(20) },
    });
    expect(created.status).toBe(201);
    const rule = await createRule({ wardCode: THU_DAU_MOT, kind: 'behind_pace', webhookUrl: hook.url });
    try {
      const today = cityDay(0);
      expect((await evaluate(cityTime(today, '12:00'))).opened).toBe(1);
      expect((await evaluate(cityTime(today, '12:01'))).opened).toBe(0);
      const [opened] = await hook.waitForDelivered(1);
      const body = parsed(opened);
      expect(body).toMatchObject({ type: 'alert.opened', subject: { id: created.body.id } });
      expect(body.details).toMatchObject({ count: 0, target: 5_000, percent: 0 });
      expect(body.message).toMatch(/^Phường Thủ Dầu Một chậm tiến độ chỉ tiêu “Lượt người được hỗ trợ” đến /);
      // One visit today, and the target lowered to it: met, so the incident clears.
      const kiosk = await createKiosk(test.url, THU_DAU_MOT, 'Thủ Dầu Một — quầy 1');
      const posted = await call(url('/api/v1/events'), {
        token: kiosk.key,
        json: { events: [{ id: randomUUID(), type: 'visit_started', occurredAt: kioskClock(), ageGroup: '60_64' }] },
      });
      expect(posted.status).toBe(202);
      expect(
        (await call(url(`/api/v1/targets/${created.body.id}`), { method: 'PATCH', json: { target: 1 } })).status,
      ).toBe(200);
      const deadline = Date.now() + 20_000;
      let resolved = 0;
      while (resolved === 0 && Date.now() < deadline) {
        resolved = (await evaluate(cityTime(today, '12:05'))).resolved;
        if (resolved === 0) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(resolved).toBe(1);
      const calls = await hook.waitForDelivered(2);
      expect(parsed(calls[1]).type).toBe('alert.resolved');
    } finally {
      await deleteRule(rule.id);
    }
  });

  it('alerts on a sudden drop against the same hour of four weeks before, only above the minimum median; a failing receiver gets it on the third try', async () => {
    const kiosk = await createKiosk(test.url, CHANH_HIEP, 'Chánh Hiệp — quầy 2');
    // Tomorrow 09:00-10:00 city time has no visits; the same hour of each of the 4 weeks before had 12.
    const hour = cityTime(cityDay(1), '09:00').getTime();
    const events = [1, 2, 3, 4].flatMap((week) =>
      Array.from({ length: 12 }, (_, index) => ({
        id: randomUUID(),
        type: 'visit_started',
        occurredAt: kioskClock(hour - week * 7 * 86_400_000 + index * 4 * MINUTE),
        ageGroup: '31_44',
      })),
    );
    const reply = await call(url('/api/v1/events'), { token: kiosk.key, json: { events } });
    expect(reply.body.accepted).toBe(48);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { rows } = await test.pool.query<{ n: string }>(
        `SELECT coalesce(sum(reached_31_44), 0) AS n FROM ward_hourly_figures WHERE ward_code = $1`,
        [CHANH_HIEP],
      );
      if (Number(rows[0].n) === 48) break;
      if (Date.now() > deadline) throw new Error(`the hourly tier holds ${rows[0].n} visits, not 48`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const rule = await createRule({ wardCode: CHANH_HIEP, kind: 'sudden_drop', webhookUrl: hook.url });
    // The same drop where the hour's median (12) is below the rule's minimum: a quiet hour, no alert.
    const strict = await createRule({
      wardCode: CHANH_HIEP,
      kind: 'sudden_drop',
      params: { minMedian: 13 },
      webhookUrl: hook.url,
    });
    try {
      hook.failNext(2);
      const asOf = new Date(hour + 65 * MINUTE);
      expect((await evaluate(asOf)).opened).toBe(1);
      expect((await evaluate(new Date(hour + 70 * MINUTE))).opened).toBe(0);
      const [delivered] = await hook.waitForDelivered(1);
      await settle();
      // Two 503s, then delivered on the third call, 1 s and 2 s apart (exponential back-off).
      expect(hook.calls.map((received) => received.status)).toEqual([503, 503, 204]);
      expect(hook.calls[2].receivedAt - hook.calls[0].receivedAt).toBeGreaterThanOrEqual(2_500);
      const body = parsed(delivered);
      expect(body).toMatchObject({
        rule: { id: rule.id },
        details: { visits: 0, median: 12, previous: [12, 12, 12, 12] },
      });
      const [incident] = await incidents(`?wardCode=${CHANH_HIEP}&status=open`);
      expect(incident.deliveries).toEqual([
        expect.objectContaining({ channel: 'webhook', status: 'sent', attempts: 3, lastError: null }),
      ]);
      // An hour later the weeks before had no visits at that hour: nothing to compare, cleared.
      expect((await evaluate(new Date(hour + 125 * MINUTE))).resolved).toBe(1);
      const calls = await hook.waitForDelivered(2);
      expect(parsed(calls[1])).toMatchObject({ type: 'alert.resolved', rule: { id: rule.id } });
    } finally {
      await deleteRule(rule.id);
      await deleteRule(strict.id);
    }
  });

  it('lets ward staff set only their ward’s rules, city officials only read, and checks the webhook URL', async () => {
    const refused = async (body: object, token: string | undefined, status: number) => {
      const reply = await call<{ message: string }>(url('/api/v1/alerts/rules'), { json: body, token });
      expect(reply.status).toBe(status);
      return reply.body.message;
    };
    expect(await refused({ wardCode: CHANH_HIEP, kind: 'silent_kiosk' }, tokens['staff.saigon'], 403)).toMatch(
      /no access to ward/,
    );
    expect(await refused({ wardCode: SAI_GON, kind: 'silent_kiosk' }, tokens.official, 403)).toMatch(
      /needs the role admin or ward_staff/,
    );
    expect(
      await refused({ wardCode: SAI_GON, kind: 'silent_kiosk', webhookUrl: 'ftp://example.vn/x' }, undefined, 400),
    ).toMatch(/webhookUrl: must be an http:\/\/ or https:\/\/ URL/);
    expect(
      await refused({ wardCode: SAI_GON, kind: 'sudden_drop', params: { dropPercent: 140 } }, undefined, 400),
    ).toMatch(/params.dropPercent/);
    expect(
      await refused(
        { wardCode: SAI_GON, kind: 'silent_kiosk', quietHours: { from: '25:00', to: '06:00' } },
        undefined,
        400,
      ),
    ).toMatch(/quietHours.from/);
    const rule = await createRule({ wardCode: SAI_GON, kind: 'behind_pace' }, tokens['staff.saigon']);
    try {
      // Ward staff of another ward do not see it; a city official does.
      expect((await call(url(`/api/v1/alerts/rules/${rule.id}`), { token: tokens['staff.chanhhiep'] })).status).toBe(
        404,
      );
      expect((await call(url('/api/v1/alerts/rules'), { token: tokens['staff.chanhhiep'] })).body).toEqual([]);
      expect((await call(url('/api/v1/alerts/rules'), { token: tokens.official })).body).toHaveLength(1);
      expect((await call(url(`/api/v1/alerts?wardCode=${SAI_GON}`), { token: tokens['staff.chanhhiep'] })).status).toBe(
        403,
      );
      const changed = await call(url(`/api/v1/alerts/rules/${rule.id}`), {
        method: 'PATCH',
        token: tokens['staff.saigon'],
        json: { webhookUrl: hook.url },
      });
      expect(changed.status).toBe(200);
      // A webhook added later gets its secret in that answer.
      expect(changed.body.webhookSecret).toMatch(/^whsec_/);
    } finally {
      await deleteRule(rule.id);
    }
  });
  it('describes its paths, parameters and bodies in the OpenAPI document', async () => {
    const paths = (await call(url('/api/docs-json'), { token: null })).body.paths;
    expect(Object.keys(paths).filter((path) => path.startsWith('/api/v1/alerts'))).toEqual([
      '/api/v1/alerts',
      '/api/v1/alerts/rules',
      '/api/v1/alerts/rules/{id}',
    ]);
    expect(paths['/api/v1/alerts'].get.parameters.map((p: { name: string }) => p.name)).toEqual([
      'status',
      'wardCode',
      'limit',
    ]);
    const created = paths['/api/v1/alerts/rules'].post;
    expect(Object.keys(created.requestBody.content['application/json'].schema.properties)).toEqual([
      'wardCode',
      'kind',
      'enabled',
      'params',
      'quietHours',
      'emailTo',
      'webhookUrl',
    ]);
    expect(created.description).toContain('X-KioskPulse-Signature: sha256=');
    expect(Object.keys(paths['/api/v1/alerts/rules/{id}'])).toEqual(['get', 'patch', 'delete']);
  });
});
