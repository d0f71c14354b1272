import { randomUUID } from 'node:crypto';
import { cityDay } from '@kiosk-pulse/contract';
import { cityDayToInstant } from '@kiosk-pulse/contract/time';
import { kioskClock } from '@kiosk-pulse/demo';
import { call } from './http';

/**
 * A month of a kiosk's visits, 40 a day from 09:00 city time to now, four age groups in turn: for
 * the public view's load tests, so its answer has something to add up.
 */
export async function postMonthOfVisits(baseUrl: string, kioskKey: string): Promise<void> {
  for (let day = -30; day <= 0; day++) {
    const at = cityDayToInstant(cityDay(Date.now(), day)).getTime() + 9 * 3_600_000;
    const events = Array.from({ length: 40 }, (_, i) => ({
      id: randomUUID(),
      type: 'visit_started',
      occurredAt: kioskClock(Math.min(at + i * 60_000, Date.now() - 1_000)),
      ageGroup: ['16_30', '45_59', '65_74', '75_plus'][i % 4],
    }));
    await call(`${baseUrl}/api/v1/events`, { token: kioskKey, json: { events } });
  }
}
