import type { FleetEntry } from '@kiosk-pulse/contract';
import { KioskClient, MemoryEventStore, type KioskClientOptions } from '@kiosk-pulse/kiosk-client';
import { startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';

/*
 * A kiosk whose key is refused (revoked, or rotated) keeps what it holds, stops sending, and sends
 * it all with the key of its next pairing; its heartbeats say what it holds and its version.
 */
describe('kiosk client: a new key, heartbeats', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await startTestApp();
  });
  afterAll(async () => {
    await test?.close();
  });

  const newKiosk = async (wardCode: string) => {
    const created = await call(`${test.url}/api/v1/kiosks`, { json: { wardCode, label: 'Bàn tiếp dân' } });
    expect(created.status).toBe(201);
    return { id: created.body.id as string, key: created.body.key as string };
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
  const waitFor = async <T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const peopleReached = (wardCode: string) => async () =>
    (await call(`${test.url}/api/v1/stats/summary?wardCode=${wardCode}`)).body.peopleReached as number;

  it('keeps its events while the key is refused and sends them, once, with the next pairing’s key', async () => {
    const wardCode = '25747';
    const kiosk = await newKiosk(wardCode);
    let posts = 0;
    let refusals = 0;
    const counting: typeof fetch = (input, init) => {
      posts++;
      return fetch(input, init);
    };
    const device = client(kiosk.key, { fetch: counting, onKeyRefused: () => refusals++ });
    device.start();
    await device.trackAll([{ type: 'visit_started', ageGroup: '65_74' }]);
    await device.flush();
    expect(await device.status()).toMatchObject({ pending: 0, sent: 1, keyRefused: false });
    expect((await device.status()).lastSentAt).not.toBeNull();

    expect((await call(`${test.url}/api/v1/kiosks/${kiosk.id}/revoke`, { method: 'POST' })).status).toBe(200);
    const visit = await device.trackAll([
      { type: 'visit_started', ageGroup: '75_plus' },
      { type: 'guide_completed', guide: 'vneid', ageGroup: '75_plus' },
      { type: 'account_registered', level: 2, ageGroup: '75_plus' },
    ]);
    expect(visit.map((event) => event.type)).toEqual(['visit_started', 'guide_completed', 'account_registered']);
    await device.flush();
    expect(await device.status()).toMatchObject({ pending: 3, sent: 1, keyRefused: true, dropped: 0 });
    expect(refusals).toBe(1);

    // No retrying with a key that will never work again, whatever is tracked meanwhile.
    const postsWhenRefused = posts;
    await device.track({ type: 'visit_started', ageGroup: '31_44' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(posts).toBe(postsWhenRefused);
    expect((await device.status()).pending).toBe(4);

    const { code } = (await call(`${test.url}/api/v1/kiosks/${kiosk.id}/pairing-code`, { method: 'POST' })).body;
    const paired = await call(`${test.url}/api/v1/kiosk/pair`, { token: null, json: { code } });
    expect(paired.status).toBe(200);
    device.setKey(paired.body.key);
    const status = await waitFor(
      () => device.status(),
      (now) => now.pending === 0,
    );
    expect(status).toMatchObject({ pending: 0, sent: 5, keyRefused: false, dropped: 0 });
    expect(await waitFor(peopleReached(wardCode), (people) => people === 3)).toBe(3);
    await device.stop();
  });

  it('tells, with each heartbeat, how many events it holds and its app version', async () => {
    const kiosk = await newKiosk('25750');
    const device = client(kiosk.key, { heartbeatIntervalMs: 60_000, appVersion: '1.2.3-test' });
    await device.trackAll([
      { type: 'visit_started', ageGroup: '16_30' },
      { type: 'guide_completed', guide: 'scam_awareness', ageGroup: '16_30' },
    ]);
    device.start();
    await device.flush();
    const row = await waitFor(
      async () => (await call<FleetEntry>(`${test.url}/api/v1/kiosks/${kiosk.id}`)).body,
      (now) => now.heartbeat !== null,
    );
    // The heartbeat went with the two events, which it counts (the contract's "this batch's included").
    expect(row.heartbeat).toMatchObject({ pendingEvents: 2, appVersion: '1.2.3-test' });
    await device.stop();
  });
});
