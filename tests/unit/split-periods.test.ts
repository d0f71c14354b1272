import { splitPeriods } from '../../apps/api/src/privacy/age-split.service';

const HOUR = 3_600_000;
/** An instant given in city time (UTC+7). */
const city = (text: string) => new Date(`${text}+07:00`);

describe('the periods an age split covers (docs/privacy.md)', () => {
  // Saturday 5 December 2026, 09:30 in the city.
  const now = city('2026-12-05T09:30:00').getTime();

  it('covers the whole days a range touches that ended at least the delay ago, never today', () => {
    expect(splitPeriods(city('2026-11-28T00:00:00'), city('2026-12-06T00:00:00'), now, 6 * HOUR, 'day')).toEqual({
      period: 'day',
      from: '2026-11-28',
      to: '2026-12-05',
    });
    expect(splitPeriods(city('2026-12-05T00:00:00'), city('2026-12-06T00:00:00'), now, 0, 'day')).toBeNull();
  });

  it('waits the delay after the city midnight before a day is covered', () => {
    const yesterday = [city('2026-12-04T00:00:00'), city('2026-12-05T00:00:00')] as const;
    expect(splitPeriods(...yesterday, city('2026-12-05T05:59:59').getTime(), 6 * HOUR, 'day')).toBeNull();
    expect(splitPeriods(...yesterday, city('2026-12-05T06:00:00').getTime(), 6 * HOUR, 'day')).toMatchObject({
      from: '2026-12-04',
      to: '2026-12-05',
    });
    // A delay past a day: the day before yesterday is the last one covered.
    expect(splitPeriods(city('2026-12-01T00:00:00'), city('2026-12-06T00:00:00'), now, 30 * HOUR, 'day')).toMatchObject(
      { from: '2026-12-01', to: '2026-12-04' },
    );
  });

  it('covers the whole periods at either end of a range cut inside them', () => {
    expect(splitPeriods(city('2026-12-01T09:30:00'), city('2026-12-03T09:50:00'), now, 0, 'day')).toMatchObject({
      from: '2026-12-01',
      to: '2026-12-04',
    });
    expect(splitPeriods(city('2026-12-02T09:30:00'), city('2026-12-02T09:50:00'), now, 0, 'day')).toMatchObject({
      from: '2026-12-02',
      to: '2026-12-03',
    });
  });

  it('covers whole city weeks, Monday to Sunday, once they are over', () => {
    // The last 7 days touch last week (Mon 23 – Sun 29 Nov) and this one, which is not over.
    expect(splitPeriods(city('2026-11-29T00:00:00'), city('2026-12-06T00:00:00'), now, 6 * HOUR, 'week')).toEqual({
      period: 'week',
      from: '2026-11-23',
      to: '2026-11-30',
    });
    // Last week is over at Monday 00:00, and published once the delay has passed.
    const lastWeek = [city('2026-11-23T00:00:00'), city('2026-11-30T00:00:00')] as const;
    expect(splitPeriods(...lastWeek, city('2026-11-30T05:00:00').getTime(), 6 * HOUR, 'week')).toBeNull();
    expect(splitPeriods(...lastWeek, city('2026-11-30T06:00:00').getTime(), 6 * HOUR, 'week')).toMatchObject({
      from: '2026-11-23',
    });
    expect(splitPeriods(city('2026-12-01T00:00:00'), city('2026-12-06T00:00:00'), now, 0, 'week')).toBeNull();
  });

  it('reads periods in the city, not in UTC: 17:00 UTC is already the next city day', () => {
    const from = new Date('2026-12-01T17:00:00Z'); // 2026-12-02 00:00 in the city
    expect(splitPeriods(from, new Date('2026-12-02T17:00:00Z'), now, 0, 'day')).toMatchObject({
      from: '2026-12-02',
      to: '2026-12-03',
    });
  });
});
