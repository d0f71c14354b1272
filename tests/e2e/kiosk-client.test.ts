import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KioskClient, MemoryEventStore, type KioskClientOptions } from '@kiosk-pulse/kiosk-client';
import { FileEventStore } from '@kiosk-pulse/kiosk-client/file-event-store';
import { startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';

/*
 * The kiosk client library against the real API (real Redis queue, real embedded TimescaleDB):
 * every event it tracks is counted exactly once, across failures and restarts.
 */
describe('kiosk client', () => {
  let test: TestApp;
  let ward = 0;
  const WARDS = ['25747', '25750', '25760', '25768'];

  beforeAll(async () => {
    test = await startTestApp({ config: { ingestRatePerMinute: 3 } });
  });

  afterAll(async () => {
    await test?.close();
  });

  /** A new kiosk in a ward of its own, so each test reads its own counts. */
  const newKiosk = async () => {
    const wardCode = WARDS[ward++];
    const created = await call(`${test.url}/api/v1/kiosks`, { json: { wardCode, label: `Kiosk ${ward}` } });
    expect(created.status).toBe(201);
    return { key: created.body.key as string, wardCode };
  };
  const client = (key: string, options: Partial<KioskClientOptions> = {}) =>
    new KioskClient({
      apiUrl: test.url,
      kioskKey: key,
      store: new MemoryEventStore(),
      heartbeatIntervalMs: 0,
      sendDelayMs: 0,
      backoff: { baseMs: 50, maxMs: 200 },
      ...options,
    });
  const peopleReached = async (wardCode: string, expected: number) => {
    let reached = -1;
    for (let attempt = 0; attempt < 100 && reached !== expected; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      reached = (await call(`${test.url}/api/v1/stats/summary?wardCode=${wardCode}`)).body.peopleReached;
    }
    return reached;
  };

  it('sends what it tracks in batches, each event counted once, and tells the server it is alive', async () => {
    const { key, wardCode } = await newKiosk();
    const kiosk = client(key, { batchSize: 20, heartbeatIntervalMs: 60_000 });
    for (let i = 0; i < 45; i++) await kiosk.track({ type: 'visit_started', ageGroup: '65_74' });
    kiosk.start();
    await kiosk.flush();
    expect(await kiosk.status()).toMatchObject({ pending: 0, sent: 45, dropped: 0, failures: 0 });
    expect(await peopleReached(wardCode, 45)).toBe(45);
    await kiosk.stop();
    const fleet = await call(`${test.url}/api/v1/kiosks`);
    expect(fleet.body.find((k: { wardCode: string }) => k.wardCode === wardCode).lastSeenAt).not.toBeNull();
  });

  it('keeps events on disk while the server is out of reach, and sends them after a restart', async () => {
    const { key, wardCode } = await newKiosk();
    const file = join(mkdtempSync(join(tmpdir(), 'kiosk-')), 'pending.json');
    const offline = client(key, { apiUrl: 'http://127.0.0.1:9', store: new FileEventStore(file) });
    for (let i = 0; i < 12; i++) await offline.track({ type: 'visit_started', ageGroup: '75_plus' });
    await offline.flush();
    expect(await offline.status()).toMatchObject({ pending: 12, sent: 0, failures: 1 });
    expect((await offline.status()).lastError).toMatch(/^network/);
    await offline.stop();

    // A new process: the same file, the network back.
    const restarted = client(key, { store: new FileEventStore(file) });
    expect((await restarted.status()).pending).toBe(12);
    await restarted.flush();
    expect(await restarted.status()).toMatchObject({ pending: 0, sent: 12 });
    expect(await peopleReached(wardCode, 12)).toBe(12);
    expect(await new FileEventStore(file).size()).toBe(0);
  });

  it('drops only the events the server refuses for good, and counts the drops', async () => {
    const { key, wardCode } = await newKiosk();
    const drops: string[] = [];
    const kiosk = client(key, { onDrop: (_event, reason) => drops.push(reason) });
    await kiosk.track({ type: 'visit_started', ageGroup: '16_30' });
    await kiosk.track({ type: 'visit_started', ageGroup: '16_30', occurredAt: new Date(Date.now() - 40 * 86_400_000) });
    await kiosk.track({ type: 'visit_started', ageGroup: '16_30' });
    await kiosk.flush();
    expect(await kiosk.status()).toMatchObject({ pending: 0, sent: 2, dropped: 1 });
    expect(drops).toEqual([expect.stringMatching(/^occurred_too_old/)]);
    expect(await peopleReached(wardCode, 2)).toBe(2);
  });

  it("waits as the server's Retry-After says when it is told to slow down, losing nothing", async () => {
    const { key, wardCode } = await newKiosk();
    const kiosk = client(key, { batchSize: 1 });
    for (let i = 0; i < 5; i++) await kiosk.track({ type: 'visit_started', ageGroup: '45_59' });
    const before = Date.now();
    await kiosk.flush();
    // Three posts a minute for this kiosk: the fourth is answered 429 with Retry-After.
    const status = await kiosk.status();
    expect(status).toMatchObject({ pending: 2, sent: 3, failures: 1 });
    expect(status.lastError).toMatch(/^429/);
    expect(status.retryAt! - before).toBeGreaterThan(1_000);
    expect(status.retryAt! - before).toBeLessThanOrEqual(73_000);
    // Asked to send early, it still waits.
    await kiosk.flush();
    expect((await kiosk.status()).pending).toBe(2);
    expect(await peopleReached(wardCode, 3)).toBe(3);
  });
});
