import { randomUUID } from 'node:crypto';
import { kioskClock } from '../../apps/api/src/demo/simulated-visit';
import { ADMIN_TOKEN, LiveClient, startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';

/** The published figures: small age-group counts hidden at every level, totals exact. */
describe('analytics', () => {
  let test: TestApp;
  let key: string;
  const WARD = '26740';

  beforeAll(async () => {
    test = await startTestApp();
    key = (await call(`${test.url}/api/v1/kiosks`, { json: { wardCode: WARD, label: 'Kiosk' } })).body.key;
  });

  afterAll(async () => {
    await test?.close();
  });

  it('hides age-group counts below the threshold in the API and on the socket, at the boundary', async () => {
    const visit = (ageGroup: string) => ({
      id: randomUUID(),
      type: 'visit_started',
      occurredAt: kioskClock(Date.now() - 10_000),
      ageGroup,
    });
    const events = [
      ...Array.from({ length: 5 }, () => visit('65_74')),
      ...Array.from({ length: 4 }, () => visit('75_plus')),
    ];
    expect((await call(`${test.url}/api/v1/events`, { token: key, json: { events } })).body.accepted).toBe(9);

    const live = new LiveClient(test.url, ADMIN_TOKEN);
    try {
      await live.connected();
      await live.subscribe({ wardCode: WARD });
      const counts = await live.waitFor((c) => c.peopleReached === 9);
      expect(counts.byAgeGroup).toEqual({
        under_14: 0,
        '14_15': 0,
        '16_30': 0,
        '31_44': 0,
        '45_59': 0,
        '60_64': 0,
        '65_74': 5,
        '75_plus': '<5',
        unknown: 0,
      });
    } finally {
      live.close();
    }
    const summary = await call(`${test.url}/api/v1/stats/summary?wardCode=${WARD}`);
    expect(summary.body).toMatchObject({ peopleReached: 9, byAgeGroup: { '65_74': 5, '75_plus': '<5' } });
  });
});
