import { cityDay, cityDayStart, cityDayToInstant, cityHourStart, nextCityDayStart } from '@kiosk-pulse/contract';

// The tests run with TZ=UTC: a city day runs from 17:00 UTC to 17:00 UTC.
describe('city time (Asia/Ho_Chi_Minh)', () => {
  it('puts 23:30 city time on the city day, not the UTC one', () => {
    const lateEvening = new Date('2026-11-24T16:30:00Z'); // 23:30 on the 24th in the city
    const afterMidnight = new Date('2026-11-24T17:30:00Z'); // 00:30 on the 25th in the city
    expect(cityDay(lateEvening)).toBe('2026-11-24');
    expect(cityDay(afterMidnight)).toBe('2026-11-25');
    expect(cityDayStart(afterMidnight).toISOString()).toBe('2026-11-24T17:00:00.000Z');
    expect(nextCityDayStart(lateEvening).toISOString()).toBe('2026-11-24T17:00:00.000Z');
  });

  it('turns a city day into the instant it starts', () => {
    expect(cityDayToInstant('2026-01-01').toISOString()).toBe('2025-12-31T17:00:00.000Z');
  });

  it('starts hours on the hour', () => {
    expect(cityHourStart(new Date('2026-11-24T16:59:59.999Z')).toISOString()).toBe('2026-11-24T16:00:00.000Z');
  });
});
