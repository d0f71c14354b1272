import { randomUUID } from 'node:crypto';
import type { FleetEntry } from '@kiosk-pulse/contract';
import { kioskClock } from '@kiosk-pulse/demo';
import { SAI_GON, createKiosk } from '../browser/fixtures';
import { startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';

const heartbeat = (time: number, fields: object = {}) => ({
  id: randomUUID(),
  type: 'heartbeat',
  occurredAt: kioskClock(time),
  ...fields,
});

/* A kiosk's heartbeat says what it still holds and which app it runs; the fleet shows the latest. */
describe('kiosk heartbeats', () => {
  let test: TestApp;
  let kiosk: { id: string; key: string };

  beforeAll(async () => {
    test = await startTestApp();
    kiosk = await createKiosk(test.url, SAI_GON, 'Bàn 1');
  });
  afterAll(async () => {
    await test?.close();
  });

  const send = (events: object[]) => call(`${test.url}/api/v1/events`, { token: kiosk.key, json: { events } });
  const fleetRow = async () => (await call<FleetEntry>(`${test.url}/api/v1/kiosks/${kiosk.id}`)).body;
  const waitForHeartbeat = async (test: (row: FleetEntry) => boolean) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const row = await fleetRow();
      if (test(row)) return row;
      if (Date.now() > deadline) throw new Error(`heartbeat not shown: ${JSON.stringify(row.heartbeat)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it('shows the latest heartbeat’s pending events and app version on the fleet, and keeps it against older ones', async () => {
    expect((await fleetRow()).heartbeat).toBeNull();
    const now = Date.now();
    expect((await send([heartbeat(now - 60_000, { pending: 12, appVersion: '0.9.0' })])).body.accepted).toBe(1);
    await waitForHeartbeat((row) => row.heartbeat?.pendingEvents === 12);
    // Two in one batch, the later first; then an old one, sent late: the latest stays.
    await send([
      heartbeat(now - 10_000, { pending: 0, appVersion: '1.0.0' }),
      heartbeat(now - 20_000, { pending: 3, appVersion: '1.0.0' }),
    ]);
    const latest = await waitForHeartbeat((row) => row.heartbeat?.pendingEvents === 0);
    expect(latest.heartbeat).toEqual({
      at: new Date(now - 10_000).toISOString(),
      pendingEvents: 0,
      appVersion: '1.0.0',
    });
    await send([heartbeat(now - 30_000, { pending: 40, appVersion: '0.9.0' })]);
    // A heartbeat without a version keeps the one known.
    await send([heartbeat(now - 5_000, { pending: 2 })]);
    const last = await waitForHeartbeat((row) => row.heartbeat?.pendingEvents === 2);
    expect(last.heartbeat).toEqual({ at: new Date(now - 5_000).toISOString(), pendingEvents: 2, appVersion: '1.0.0' });
  });

  it('refuses a version with other characters, a negative count, and either field on another type', async () => {
    const reply = await send([
      heartbeat(Date.now(), { appVersion: '1.0 <script>' }),
      heartbeat(Date.now(), { pending: -1 }),
      { id: randomUUID(), type: 'visit_started', occurredAt: kioskClock(), ageGroup: '16_30', pending: 1 },
    ]);
    expect(reply.body.rejected).toEqual([
      { index: 0, code: 'invalid_field', message: 'events[0].appVersion may hold only letters, digits and . - +' },
      { index: 1, code: 'invalid_field', message: 'events[1].pending must be >= 0' },
      { index: 2, code: 'invalid_field', message: 'events[2].pending is not allowed on visit_started' },
    ]);
  });
});
