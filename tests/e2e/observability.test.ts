import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { kioskClock } from '@kiosk-pulse/demo';
import { ADMIN_TOKEN, LiveClient, startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';

/** One sample of a metric in Prometheus' text format (the sum over series when no labels are given). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  let total = 0;
  let found = false;
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(',');
    if (!wanted.every((label) => have.includes(label))) continue;
    total += Number(match[3]);
    found = true;
  }
  if (!found) throw new Error(`no sample ${name}${JSON.stringify(labels)}`);
  return total;
}

const visit = (ageGroup = '60_64') => ({
  id: randomUUID(),
  type: 'visit_started',
  occurredAt: kioskClock(Date.now() - 1_000),
  ageGroup,
});

async function newKiosk(test: TestApp): Promise<string> {
  return (await call(`${test.url}/api/v1/kiosks`, { json: { wardCode: '26740', label: 'Kiosk' } })).body.key;
}

describe('health, metrics and logs', () => {
  describe('with the worker running', () => {
    let test: TestApp;
    const lines: string[] = [];

    beforeAll(async () => {
      test = await startTestApp({
        // Open /metrics, as the demo does on one's own machine.
        config: { logLevel: 'info', metricsPublic: true },
        logDestination: new Writable({
          write(chunk: Buffer, _encoding, done) {
            lines.push(...chunk.toString().split('\n').filter(Boolean));
            done();
          },
        }),
      });
    });

    afterAll(async () => {
      await test?.close();
    });

    it('is live and ready, with each dependency reported to an admin only', async () => {
      expect(await call(`${test.url}/api/v1/health/live`, { token: null })).toMatchObject({
        status: 200,
        body: { status: 'ok' },
      });
      // Anyone (a load balancer) hears up or down; the queue's internals are not theirs to see.
      for (const token of [null, 'not-a-token']) {
        const ready = await call(`${test.url}/api/v1/health/ready`, { token });
        expect(ready).toMatchObject({ status: 200, body: { status: 'ok' } });
        expect(Object.keys(ready.body)).toEqual(['status']);
      }
      const ready = await call(`${test.url}/api/v1/health/ready`);
      expect(ready.status).toBe(200);
      expect(ready.body.details).toEqual({
        database: expect.objectContaining({ status: 'up' }),
        redis: expect.objectContaining({ status: 'up' }),
        queue: { status: 'up', waiting: 0, limit: 50_000 },
      });
    });

    it('counts accepted, refused and stored events, writes, the live lag and sockets on /metrics', async () => {
      const key = await newKiosk(test);
      const scrape = async () => (await call(`${test.url}/metrics`, { token: null })).body as string;
      const before = await scrape();
      const live = new LiveClient(test.url, ADMIN_TOKEN);
      await live.connected();
      await live.subscribe({});

      const reply = await call(`${test.url}/api/v1/events`, {
        token: key,
        json: { events: [visit(), visit(), { ...visit(), ageGroup: 'toddler' }, { ...visit(), name: 'Nguyen' }] },
      });
      expect(reply.body.accepted).toBe(2);
      // Counts with these two visits reach the socket only after they are stored.
      const seen = Date.now() + 20_000;
      while (!live.received.some((counts) => counts.peopleReached >= 2) && Date.now() < seen) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const after = await scrape();
      const grew = (name: string, labels?: Record<string, string>) =>
        sample(after, name, labels) - (before.includes(name) ? safe(() => sample(before, name, labels)) : 0);

      expect(grew('kiosk_pulse_events_accepted_total')).toBe(2);
      expect(grew('kiosk_pulse_events_rejected_total', { code: 'invalid_field' })).toBe(1);
      expect(grew('kiosk_pulse_events_rejected_total', { code: 'unknown_field' })).toBe(1);
      expect(grew('kiosk_pulse_events_stored_total')).toBe(2);
      expect(grew('kiosk_pulse_write_batch_events_count')).toBeGreaterThanOrEqual(1);
      expect(grew('kiosk_pulse_write_duration_seconds_count')).toBeGreaterThanOrEqual(1);
      expect(grew('kiosk_pulse_post_to_counts_seconds_count')).toBeGreaterThanOrEqual(1);
      expect(sample(after, 'kiosk_pulse_post_to_counts_seconds_sum')).toBeGreaterThan(0);
      expect(grew('kiosk_pulse_http_request_duration_seconds_count', { route: '/api/v1/events', status: '202' })).toBe(
        1,
      );
      expect(sample(after, 'kiosk_pulse_live_sockets')).toBe(1);
      expect(sample(after, 'kiosk_pulse_queue_jobs', { state: 'wait' })).toBe(0);
      expect(sample(after, 'kiosk_pulse_queue_oldest_waiting_seconds')).toBe(0);
      live.socket.disconnect();

      // Every series the sample Grafana dashboard charts is one this app exports.
      const dashboard = JSON.parse(readFileSync(join(__dirname, '../../deploy/grafana-dashboard.json'), 'utf8')) as {
        panels: { targets: { expr: string }[] }[];
      };
      const exported = new Set([...after.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]));
      const charted = dashboard.panels.flatMap((panel) =>
        panel.targets.flatMap((target) =>
          [...target.expr.matchAll(/\b((?:kiosk_pulse|process|nodejs)_\w+)/g)].map((m) => m[1]),
        ),
      );
      expect(charted.length).toBeGreaterThan(10);
      for (const name of charted)
        expect(exported.has(name.replace(/_(bucket|count|sum|total)$/, '')) || exported.has(name)).toBe(true);
    });

    it('does not log probes and scrapes', async () => {
      const before = lines.length;
      for (const path of ['/api/v1/health/live', '/api/v1/health/ready', '/api/v1/health', '/metrics'])
        expect((await call(`${test.url}${path}`, { token: null })).status).toBe(200);
      const marker = await call(`${test.url}/api/v1/wards?q=probe-marker`, {
        headers: { 'x-request-id': 'after-probes' },
      });
      expect(marker.status).toBe(200);
      const logged = lines.slice(before).map((line) => JSON.parse(line) as { req?: { id: string; url: string } });
      // The request after them is logged, so the lines are not merely late.
      expect(logged.some((entry) => entry.req?.id === 'after-probes')).toBe(true);
      expect(logged.filter((entry) => /health|metrics/.test(entry.req?.url ?? ''))).toEqual([]);
    });

    it('logs each request as one JSON line with its id, and never a key, token or password', async () => {
      const key = await newKiosk(test);
      await call(`${test.url}/api/v1/users`, {
        json: { username: 'ward.staff', password: 'a-secret-password', role: 'ward_staff', wardCode: '26740' },
      });
      const login = await call(`${test.url}/api/v1/auth/login`, {
        token: null,
        json: { username: 'ward.staff', password: 'a-secret-password' },
      });
      const posted = await call(`${test.url}/api/v1/events`, {
        token: key,
        json: { events: [visit()] },
        headers: { 'x-request-id': 'probe-7f3a' },
      });
      expect(posted.headers.get('x-request-id')).toBe('probe-7f3a');
      const generated = login.headers.get('x-request-id');
      expect(generated).toMatch(/^[0-9a-f-]{36}$/);

      const entries = lines.map((line) => JSON.parse(line) as { req?: { id: string; url: string }; res?: object });
      expect(entries.find((entry) => entry.req?.id === 'probe-7f3a')).toMatchObject({
        level: 30,
        req: { method: 'POST', url: '/api/v1/events' },
        res: { statusCode: 202 },
      });
      expect(entries.find((entry) => entry.req?.id === generated)).toMatchObject({
        req: { method: 'POST', url: '/api/v1/auth/login' },
        res: { statusCode: 200 },
      });
      const everything = lines.join('\n');
      for (const secret of [key, ADMIN_TOKEN, 'a-secret-password', login.body.token as string]) {
        expect(everything).not.toContain(secret);
      }
    });
  });

  describe('with no worker and a queue of one job', () => {
    let test: TestApp;

    beforeAll(async () => {
      test = await startTestApp({
        worker: false,
        config: { maxQueueDepth: 1, metricsToken: 'scrape-token-0123456789abcdef' },
      });
    });

    afterAll(async () => {
      await test?.close();
    });

    it('is not ready once the queue is full, but still live; the age of the oldest job shows', async () => {
      const key = await newKiosk(test);
      expect((await call(`${test.url}/api/v1/events`, { token: key, json: { events: [visit()] } })).status).toBe(202);
      expect(await call(`${test.url}/api/v1/health/ready`, { token: null })).toMatchObject({
        status: 503,
        body: { status: 'error' },
      });
      // The scraper's token shows why.
      const ready = await call(`${test.url}/api/v1/health/ready`, { token: 'scrape-token-0123456789abcdef' });
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ status: 'error', error: { queue: { status: 'down', waiting: 1, limit: 1 } } });
      expect((await call(`${test.url}/api/v1/health/live`, { token: null })).status).toBe(200);

      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const metrics = (await call(`${test.url}/metrics`, { token: 'scrape-token-0123456789abcdef' })).body as string;
      expect(sample(metrics, 'kiosk_pulse_queue_jobs', { state: 'wait' })).toBe(1);
      expect(sample(metrics, 'kiosk_pulse_queue_oldest_waiting_seconds')).toBeGreaterThanOrEqual(1);
    });

    it('asks for the metrics token when one is set', async () => {
      expect((await call(`${test.url}/metrics`, { token: null })).status).toBe(401);
      expect((await call(`${test.url}/metrics`, { token: 'wrong-token-0123456789' })).status).toBe(401);
      // Not even an admin's token opens it: it is the scraper's.
      expect((await call(`${test.url}/metrics`)).status).toBe(401);
    });
  });

  describe('as configured by default', () => {
    let test: TestApp;

    beforeAll(async () => {
      test = await startTestApp({ worker: false });
    });

    afterAll(async () => {
      await test?.close();
    });

    it('keeps /metrics closed without METRICS_TOKEN', async () => {
      for (const token of [null, 'anything-at-all-0123456789', ADMIN_TOKEN]) {
        const scrape = await call(`${test.url}/metrics`, { token });
        expect(scrape).toMatchObject({
          status: 403,
          body: { message: 'metrics are closed: set METRICS_TOKEN for the scraper to send' },
        });
      }
    });
  });
});

function safe(read: () => number): number {
  try {
    return read();
  } catch {
    return 0;
  }
}
