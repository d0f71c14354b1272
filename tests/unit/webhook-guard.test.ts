// The module object itself (a namespace import would be a copy the spy does not reach).
import { promises as dns } from 'node:dns';
import type { AlertIncident } from '@kiosk-pulse/contract';
import { AlertSender } from '../../apps/api/src/alerts/alert-sender';
import type { DeliveryContext } from '../../apps/api/src/alerts/alerts.repository';
import { WebhookGuard, WebhookRefused } from '../../apps/api/src/alerts/webhook-guard';
import type { ApiConfig } from '../../apps/api/src/config/api-config';
import type { Mailer } from '../../apps/api/src/mail/mailer';
import { WebhookReceiver } from '../support/webhook-receiver';

const guard = (...allowedHosts: string[]) => new WebhookGuard({ alertWebhooks: { allowedHosts } } as ApiConfig);

/** What the name resolves to, for this test: DNS answers chosen by the test, not the network's. */
const resolvesTo = (answers: Record<string, string[]>) =>
  jest.spyOn(dns, 'lookup').mockImplementation((async (hostname: string) => {
    const addresses = answers[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  }) as unknown as typeof dns.lookup);

afterEach(() => jest.restoreAllMocks());

describe('WebhookGuard', () => {
  it.each([
    ['http://127.0.0.1/', 'loopback'],
    ['http://127.9.9.9/', 'loopback'],
    ['http://[::1]/', 'loopback'],
    ['http://169.254.169.254/', 'linkLocal'],
    ['http://[fe80::1]/', 'linkLocal'],
    ['http://10.1.2.3/', 'private'],
    ['http://172.31.255.255/', 'private'],
    ['http://192.168.0.1/', 'private'],
    ['http://[fd12:3456::1]/', 'uniqueLocal'],
    ['http://0.0.0.0/', 'unspecified'],
    ['http://100.64.0.1/', 'carrierGradeNat'],
    ['http://224.0.0.1/', 'multicast'],
    ['http://255.255.255.255/', 'broadcast'],
    ['http://[::ffff:10.0.0.1]/', 'private'],
    ['http://[64:ff9b::a00:1]/', 'rfc6052'],
  ])('refuses %s (%s)', (url, range) => {
    expect(guard().problem(url)).toContain(`(${range})`);
  });

  it('takes public addresses and names, and http(s) only', () => {
    for (const url of ['https://93.184.215.14/x', 'http://[2606:4700::1111]/', 'https://chat.example.com/hook'])
      expect(guard().problem(url)).toBeNull();
    expect(guard().problem('ftp://93.184.215.14/')).toMatch(/http:\/\/ or https:\/\//);
  });

  it('allows what ALERT_WEBHOOK_ALLOWED_HOSTS names: an address, a CIDR, a host name', () => {
    const allowing = guard('127.0.0.1', '10.20.0.0/16', 'fd00::/8', 'hooks.internal');
    expect(allowing.problem('http://127.0.0.1:8080/')).toBeNull();
    expect(allowing.problem('http://127.0.0.2/')).toContain('loopback');
    expect(allowing.problem('http://10.20.3.4/')).toBeNull();
    expect(allowing.problem('http://10.21.0.1/')).toContain('private');
    expect(allowing.problem('http://[fd00::5]/')).toBeNull();
    expect(allowing.problem('http://169.254.169.254/')).toContain('linkLocal');
  });

  it('checks a name after resolving it, and sends to the first allowed address it found', async () => {
    resolvesTo({ 'rebind.example': ['127.0.0.1'], 'mixed.example': ['10.0.0.1', '93.184.215.14'] });
    await expect(guard().resolve('http://rebind.example/hook')).rejects.toThrow(WebhookRefused);
    await expect(guard().resolve('http://rebind.example/hook')).rejects.toThrow(/rebind\.example \(127\.0\.0\.1\)/);
    expect(await guard().resolve('https://mixed.example/hook')).toMatchObject({
      address: '93.184.215.14',
      family: 4,
    });
    await expect(guard().resolve('http://nowhere.example/')).rejects.toThrow(/ENOTFOUND/);
  });
});

describe('AlertSender', () => {
  it('connects to the address the guard checked, never resolving the name again', async () => {
    const hook = await WebhookReceiver.start();
    try {
      // hooks.internal resolves only through the guard's one lookup; a second lookup (by the
      // HTTP client) would fail with ENOTFOUND.
      const lookup = resolvesTo({ 'hooks.internal': ['127.0.0.1'] });
      const sender = new AlertSender({ enabled: false } as unknown as Mailer, guard('hooks.internal'));
      const url = hook.url.replace('127.0.0.1', 'hooks.internal');
      const delivery = {
        id: 'delivery',
        message: 'opened',
        channel: 'webhook',
        status: 'pending',
        incident: {
          id: 'incident',
          ruleId: 'rule',
          wardCode: '26740',
          wardName: 'Phường Sài Gòn',
          kind: 'sudden_drop',
          subject: 'visits',
          subjectLabel: 'Lượt sử dụng theo giờ',
          details: {
            hourStart: '2026-12-07T01:00:00.000Z',
            visits: 1,
            median: 20,
            previous: [20],
            dropPercent: 40,
            weeks: 4,
          },
          openedAt: '2026-12-07T02:00:00.000Z',
          resolvedAt: null,
        } as unknown as Omit<AlertIncident, 'deliveries' | 'message'>,
        emailTo: [],
        webhookUrl: url,
        webhookSecret: 'whsec_test',
      } as DeliveryContext;
      await sender.send(delivery);
      const [received] = await hook.waitForDelivered(1);
      expect(received.headers.host).toBe(new URL(url).host);
      expect(lookup).toHaveBeenCalledTimes(1);
    } finally {
      await hook.close();
    }
  });
});
