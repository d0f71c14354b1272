import { createHmac, randomUUID } from 'node:crypto';
import type { AlertIncident, AlertRule, CreatedAlertRule, Kiosk } from '@kiosk-pulse/contract';
import { kioskClock } from '@kiosk-pulse/demo';
import { AlertsQueue } from '../../apps/api/src/alerts/alerts-queue';
import { loadApiConfig } from '../../apps/api/src/config/api-config';
import { SAI_GON, cityDay, createKiosk } from '../browser/fixtures';
import { startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';
import { WebhookReceiver } from '../support/webhook-receiver';

/** An instant given in city time (the tests run with TZ=UTC; the rules think in Asia/Ho_Chi_Minh). */
const cityTime = (day: string, clock: string) => new Date(`${day}T${clock}:00+07:00`);

/** The first city day after today that is not a Sunday: inside the default opening days. */
function nextWorkingDay(): string {
  for (let offset = 1; ; offset++) {
    const day = cityDay(offset);
    if (new Date(`${day}T12:00:00Z`).getUTCDay() !== 0) return day;
  }
}

/** Gives queued messages time to go out, so a message that should not be sent would be seen. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1_500));

/** The settings a test app is started with, to check ALERT_WEBHOOK_ALLOWED_HOSTS on its own. */
const BASE_ENV = { ADMIN_TOKEN: 'test-admin-token-0123456789abcdef', JWT_SECRET: 'test-jwt-secret-0123456789abcdefgh' };

/*
 * A rule's webhook must not make the server a probe of its own network: loopback, link-local
 * (the cloud's metadata service), private and other special addresses are refused when the rule
 * is written, and a name is checked again after it is resolved, at each send, the connection
 * going to the address checked. ALERT_WEBHOOK_ALLOWED_HOSTS lets an operator name internal
 * receivers.
 */
describe('alert webhooks and the addresses they may reach', () => {
  let hook: WebhookReceiver;

  beforeAll(async () => {
    hook = await WebhookReceiver.start();
  });

  afterAll(async () => {
    await hook?.close();
  });

  beforeEach(() => hook.clear());

  /** Starts the app, a test's instance: one per describe below. */
  const harness = (config: Parameters<typeof startTestApp>[0]) => {
    const state: { test?: TestApp; alerts?: AlertsQueue } = {};
    beforeAll(async () => {
      state.test = await startTestApp(config);
      state.alerts = state.test.app.get(AlertsQueue);
    }, 60_000);
    afterAll(async () => {
      await state.test?.close();
    });
    const url = (path: string) => `${(state.test as TestApp).url}${path}`;
    const heartbeat = async (kiosk: { id: string; key: string }) => {
      const reply = await call(url('/api/v1/events'), {
        token: kiosk.key,
        json: { events: [{ id: randomUUID(), type: 'heartbeat', occurredAt: kioskClock() }] },
      });
      expect(reply.status).toBe(202);
      const deadline = Date.now() + 20_000;
      while (!(await call<Kiosk>(url(`/api/v1/kiosks/${kiosk.id}`))).body.lastSeenAt) {
        if (Date.now() > deadline) throw new Error('the heartbeat was not stored');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    /** A silent kiosk's rule sending to `webhookUrl`, evaluated so that it opens an incident. */
    const silentKioskAlert = async (webhookUrl: string) => {
      // The only rule: another test's would alert on this kiosk too.
      for (const rule of (await call<AlertRule[]>(url('/api/v1/alerts/rules'))).body)
        expect((await call(url(`/api/v1/alerts/rules/${rule.id}`), { method: 'DELETE' })).status).toBe(204);
      const kiosk = await createKiosk(url(''), SAI_GON, `Quầy ${randomUUID().slice(0, 8)}`);
      await heartbeat(kiosk);
      const created = await call<CreatedAlertRule>(url('/api/v1/alerts/rules'), {
        json: { wardCode: SAI_GON, kind: 'silent_kiosk', webhookUrl },
      });
      expect(created.status).toBe(201);
      const evaluation = await (state.alerts as AlertsQueue).evaluate(cityTime(nextWorkingDay(), '08:01'));
      expect(evaluation.opened).toBeGreaterThanOrEqual(1);
      return { kiosk, rule: created.body };
    };
    /** The webhook delivery of the incident about `kiosk`, once it is no longer pending. */
    const settledDelivery = async (kioskId: string) => {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const incidents = (await call<AlertIncident[]>(url('/api/v1/alerts?status=open'))).body;
        const delivery = incidents
          .find((incident) => incident.subject === kioskId)
          ?.deliveries.find((entry) => entry.channel === 'webhook');
        if (delivery && delivery.status !== 'pending') return delivery;
        if (Date.now() > deadline) throw new Error(`the webhook delivery is still ${delivery?.status ?? 'missing'}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    return { url, silentKioskAlert, settledDelivery, state };
  };

  describe('by default', () => {
    const { url, silentKioskAlert, settledDelivery } = harness({ config: { alerts: { evaluateEveryMs: 0 } } });

    it.each([
      ['http://127.0.0.1:8080/hook', /loopback/],
      ['http://169.254.169.254/latest/meta-data/', /linkLocal/],
      ['http://[::1]/hook', /loopback/],
      ['http://10.1.2.3/hook', /private/],
      ['http://172.20.0.5/hook', /private/],
      ['http://192.168.1.10/hook', /private/],
      ['http://0.0.0.0:3000/hook', /unspecified/],
      ['http://[fc00::1]/hook', /uniqueLocal/],
      ['http://[fe80::1]/hook', /linkLocal/],
      // The same addresses written otherwise: a mapped IPv6 address, a number, hexadecimal.
      ['http://[::ffff:127.0.0.1]/hook', /loopback/],
      ['http://2130706433/hook', /loopback/],
      ['http://0x7f.0.0.1/hook', /loopback/],
    ])('refuses a rule whose webhook is %s', async (webhookUrl, reason) => {
      const reply = await call<{ message: string }>(url('/api/v1/alerts/rules'), {
        json: { wardCode: SAI_GON, kind: 'silent_kiosk', webhookUrl },
      });
      expect(reply.status).toBe(400);
      expect(reply.body.message).toMatch(reason);
      // Vietnamese first, then English, and what lets an operator allow it.
      expect(reply.body.message).toContain('địa chỉ nội bộ');
      expect(reply.body.message).toContain('ALERT_WEBHOOK_ALLOWED_HOSTS');
    });

    it('refuses the same address put on an existing rule, and keeps the rule as it was', async () => {
      const created = await call<AlertRule>(url('/api/v1/alerts/rules'), {
        json: { wardCode: SAI_GON, kind: 'sudden_drop' },
      });
      expect(created.status).toBe(201);
      const reply = await call<{ message: string }>(url(`/api/v1/alerts/rules/${created.body.id}`), {
        method: 'PATCH',
        json: { webhookUrl: 'http://169.254.169.254/latest/meta-data/' },
      });
      expect(reply.status).toBe(400);
      expect(reply.body.message).toMatch(/linkLocal/);
      expect((await call<AlertRule>(url(`/api/v1/alerts/rules/${created.body.id}`))).body.webhookUrl).toBeNull();
    });

    it('refuses a scheme other than http and https', async () => {
      for (const webhookUrl of ['ftp://example.com/hook', 'file:///etc/passwd', 'gopher://example.com/']) {
        const reply = await call(url('/api/v1/alerts/rules'), {
          json: { wardCode: SAI_GON, kind: 'silent_kiosk', webhookUrl },
        });
        expect(reply.status).toBe(400);
      }
    });

    it('takes a public address or name when the rule is written', async () => {
      for (const webhookUrl of ['https://93.184.215.14/hook', 'https://chat.example.com/hooks/abc']) {
        const reply = await call<AlertRule>(url('/api/v1/alerts/rules'), {
          json: { wardCode: SAI_GON, kind: 'sudden_drop', webhookUrl },
        });
        expect(reply.status).toBe(201);
        expect(reply.body.webhookUrl).toBe(webhookUrl);
      }
    });

    it('checks a name after resolving it: localhost (127.0.0.1) is refused at send time, nothing reaches the receiver', async () => {
      const local = hook.url.replace('127.0.0.1', 'localhost');
      const { kiosk } = await silentKioskAlert(local);
      const delivery = await settledDelivery(kiosk.id);
      expect(delivery.status).toBe('failed');
      // Refused at once, not retried for two minutes: the address will not become allowed.
      expect(delivery.attempts).toBe(1);
      expect(delivery.lastError).toMatch(/localhost/);
      expect(delivery.lastError).toMatch(/loopback/);
      await settle();
      expect(hook.calls).toHaveLength(0);
    });
  });

  describe('with the receiver allowed by ALERT_WEBHOOK_ALLOWED_HOSTS', () => {
    const { url, silentKioskAlert, settledDelivery } = harness({
      config: {
        alerts: { evaluateEveryMs: 0 },
        alertWebhooks: loadApiConfig({ ...BASE_ENV, ALERT_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' }).alertWebhooks,
      },
    });

    it('sends the signed webhook to the local receiver', async () => {
      const { kiosk, rule } = await silentKioskAlert(hook.url);
      const [received] = await hook.waitForDelivered(1);
      const timestamp = String(received.headers['x-kioskpulse-timestamp']);
      expect(received.headers['x-kioskpulse-signature']).toBe(
        `sha256=${createHmac('sha256', rule.webhookSecret as string)
          .update(`${timestamp}.${received.raw}`)
          .digest('hex')}`,
      );
      expect(JSON.parse(received.raw)).toMatchObject({ type: 'alert.opened', subject: { id: kiosk.id } });
      expect((await settledDelivery(kiosk.id)).status).toBe('sent');
    });

    it('still refuses what is not on the list', async () => {
      for (const webhookUrl of ['http://10.1.2.3/hook', 'http://169.254.169.254/']) {
        const reply = await call(url('/api/v1/alerts/rules'), {
          json: { wardCode: SAI_GON, kind: 'silent_kiosk', webhookUrl },
        });
        expect(reply.status).toBe(400);
      }
    });

    it('sends to localhost too: the name resolves to 127.0.0.1, which the list allows', async () => {
      const { kiosk } = await silentKioskAlert(hook.url.replace('127.0.0.1', 'localhost'));
      expect((await settledDelivery(kiosk.id)).status).toBe('sent');
      const about = hook.delivered.filter((received) => received.raw.includes(kiosk.id));
      expect(about).toHaveLength(1);
      // Sent to the address checked, under the name the rule gave.
      expect(about[0].headers.host).toMatch(/^localhost:\d+$/);
    });
  });

  describe('ALERT_WEBHOOK_ALLOWED_HOSTS', () => {
    it('takes addresses, CIDRs and host names, and is checked at start-up', () => {
      expect(
        loadApiConfig({ ...BASE_ENV, ALERT_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1, 10.0.0.0/8, fd00::/8, Hooks.Internal' })
          .alertWebhooks.allowedHosts,
      ).toEqual(['127.0.0.1', '10.0.0.0/8', 'fd00::/8', 'hooks.internal']);
      expect(loadApiConfig(BASE_ENV).alertWebhooks.allowedHosts).toEqual([]);
      for (const wrong of ['10.0.0.0/33', 'http://hooks.internal', 'hooks.internal:8080', '*'])
        expect(() => loadApiConfig({ ...BASE_ENV, ALERT_WEBHOOK_ALLOWED_HOSTS: wrong })).toThrow(
          /ALERT_WEBHOOK_ALLOWED_HOSTS/,
        );
    });
  });
});
