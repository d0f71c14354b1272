import { addCityDays, cityDay } from '@kiosk-pulse/contract';
import {
  cityDayStart,
  cityDaysOf,
  cityDayToInstant,
  cityHourStart,
  nextCityDayStart,
} from '@kiosk-pulse/contract/time';

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

  it('lists the distinct city days of many instants, each as cityDay gives it', () => {
    const start = Date.parse('2026-11-20T00:00:00Z');
    const instants = Array.from({ length: 2_000 }, (_, i) => new Date(start + ((i * 7_919) % 97) * 3_600_000 + i));
    const expected = [...new Set(instants.map((instant) => cityDay(instant)))];
    expect(cityDaysOf(instants).sort()).toEqual(expected.sort());
    // The city-day edge: 16:59:59.999 and 17:00 UTC are on different days.
    expect(cityDaysOf([new Date('2026-11-24T16:59:59.999Z'), new Date('2026-11-24T17:00:00Z')])).toEqual([
      '2026-11-24',
      '2026-11-25',
    ]);
    expect(cityDaysOf([])).toEqual([]);
  });

  it('counts city days on from an instant, across months and years', () => {
    const lateEvening = new Date('2026-12-31T16:30:00Z'); // 23:30 on 31 December in the city
    expect(cityDay(lateEvening, 1)).toBe('2027-01-01');
    expect(cityDay(lateEvening, -30)).toBe('2026-12-01');
    expect(cityDay(lateEvening.getTime(), 0)).toBe('2026-12-31');
    expect(addCityDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addCityDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(() => cityDay(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('turns a city day into the instant it starts', () => {
    expect(cityDayToInstant('2026-01-01').toISOString()).toBe('2025-12-31T17:00:00.000Z');
  });

  it('starts hours on the hour', () => {
    expect(cityHourStart(new Date('2026-11-24T16:59:59.999Z')).toISOString()).toBe('2026-11-24T16:00:00.000Z');
  });
});
