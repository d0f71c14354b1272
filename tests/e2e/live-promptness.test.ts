import { randomUUID } from 'node:crypto';
import { kioskClock } from '@kiosk-pulse/demo';
import { ADMIN_TOKEN, LiveClient, startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';

/*
 * LIVE_INTERVAL_MS bounds how often the counts are re-read under a stream of changes; it must
 * not also be how long a lone change waits. With a long interval, a visit after a quiet spell
 * still reaches the dashboard at once.
 */
describe('live counts after a quiet spell', () => {
  const INTERVAL_MS = 3_000;
  const WARD = '26740';
  let test: TestApp;
  let live: LiveClient;

  beforeAll(async () => {
    test = await startTestApp({ config: { liveIntervalMs: INTERVAL_MS } });
  });

  afterAll(async () => {
    live?.close();
    await test?.close();
  });

  it('sends a lone change at once, not at the next tick of the interval', async () => {
    const { body: kiosk } = await call(`${test.url}/api/v1/kiosks`, { json: { wardCode: WARD, label: 'quầy' } });
    live = new LiveClient(test.url, ADMIN_TOKEN);
    await live.connected();
    await live.subscribe({ wardCode: WARD });
    const first = await live.waitFor(() => true);
    let reached = first.peopleReached;
    // An api that has just taken the lead re-reads every room once: let that pass first.
    await new Promise((resolve) => setTimeout(resolve, 2 * INTERVAL_MS));
    const delays: number[] = [];
    // Had a change waited for the tick, each of these would arrive within a second one time in three.
    for (let visit = 0; visit < 4; visit++) {
      await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS + 200));
      const posted = Date.now();
      const reply = await call(`${test.url}/api/v1/events`, {
        token: kiosk.key,
        json: {
          events: [{ id: randomUUID(), type: 'visit_started', ageGroup: '60_64', occurredAt: kioskClock(Date.now()) }],
        },
      });
      expect(reply.status).toBe(202);
      reached++;
      await live.waitFor((counts) => counts.peopleReached === reached, 2 * INTERVAL_MS);
      delays.push(Date.now() - posted);
    }
    expect(Math.max(...delays)).toBeLessThan(1_000);
  }, 60_000);
});
