import type { TimeseriesPoint } from '@kiosk-pulse/contract';
import { cityDayToInstant } from '@kiosk-pulse/contract/time';
import { cityDayStartsAt, fillBuckets } from '../../apps/dashboard/src/charts/chart-series';

// The tests run with TZ=UTC: a city day runs from 17:00 UTC to 17:00 UTC, so an hour's and a
// day's bucket start at 17:00 UTC the day before, never at UTC midnight.
const at = (iso: string) => new Date(iso);
const point = (t: string, value: number, partial?: true): TimeseriesPoint => ({
  t,
  value,
  ...(partial && { partial }),
});

describe('chart series (buckets of city hours and days)', () => {
  it('starts a city day at its midnight in the city, as the server does', () => {
    for (const day of ['2026-01-01', '2026-02-28', '2026-12-05', '2028-02-29']) {
      expect(cityDayStartsAt(day)).toBe(cityDayToInstant(day).getTime());
    }
    expect(new Date(cityDayStartsAt('2026-12-05')).toISOString()).toBe('2026-12-04T17:00:00.000Z');
  });

  it("fills today's missing hours with 0, marks the hour under way partial and draws none after it", () => {
    // 10:20 in the city on 5 December; the API sent 08:00 and 10:00 only.
    const now = at('2026-12-05T03:20:00Z');
    const points = [point('2026-12-05T01:00:00.000Z', 4), point('2026-12-05T03:00:00.000Z', 2)];
    const filled = fillBuckets(points, 'hour', { from: '2026-12-05', to: '2026-12-06' }, now);
    // 00:00 to 10:00 in the city: eleven hours, none of the thirteen to come.
    expect(filled).toHaveLength(11);
    expect(filled[0]).toEqual({ t: '2026-12-04T17:00:00.000Z', value: 0, partial: false });
    expect(filled[8]).toEqual({ t: '2026-12-05T01:00:00.000Z', value: 4, partial: false });
    expect(filled[9]).toEqual({ t: '2026-12-05T02:00:00.000Z', value: 0, partial: false });
    expect(filled[10]).toEqual({ t: '2026-12-05T03:00:00.000Z', value: 2, partial: true });
    expect(filled.filter((bucket) => bucket.partial)).toHaveLength(1);
  });

  it('fills missing days of a range and marks today partial at the city day, not the UTC one', () => {
    // 00:30 on 5 December in the city, still the 4th in UTC.
    const now = at('2026-12-04T17:30:00Z');
    const points = [point('2026-11-29T17:00:00.000Z', 7)];
    const filled = fillBuckets(points, 'day', { from: '2026-11-29', to: '2026-12-06' }, now);
    expect(filled.map((bucket) => bucket.t)).toEqual([
      '2026-11-28T17:00:00.000Z',
      '2026-11-29T17:00:00.000Z',
      '2026-11-30T17:00:00.000Z',
      '2026-12-01T17:00:00.000Z',
      '2026-12-02T17:00:00.000Z',
      '2026-12-03T17:00:00.000Z',
      '2026-12-04T17:00:00.000Z',
    ]);
    expect(filled.map((bucket) => bucket.value)).toEqual([0, 7, 0, 0, 0, 0, 0]);
    expect(filled.map((bucket) => bucket.partial)).toEqual([false, false, false, false, false, false, true]);
  });

  it('marks nothing partial in a range that is over', () => {
    const filled = fillBuckets([], 'day', { from: '2026-11-01', to: '2026-11-04' }, at('2026-12-05T03:00:00Z'));
    expect(filled.map((bucket) => [bucket.value, bucket.partial])).toEqual([
      [0, false],
      [0, false],
      [0, false],
    ]);
  });

  it('draws nothing for a range still to come', () => {
    expect(fillBuckets([], 'hour', { from: '2026-12-06', to: '2026-12-07' }, at('2026-12-05T03:00:00Z'))).toEqual([]);
  });

  it("keeps the API's word on the present when this clock runs behind the server's", () => {
    // The server's clock is past 11:00 and sent 11:00 as the hour under way; this one reads 10:59:58.
    const points = [point('2026-12-05T03:00:00.000Z', 5), point('2026-12-05T04:00:00.000Z', 1, true)];
    const filled = fillBuckets(points, 'hour', { from: '2026-12-05', to: '2026-12-06' }, at('2026-12-05T03:59:58Z'));
    expect(filled.slice(-2)).toEqual([
      { t: '2026-12-05T03:00:00.000Z', value: 5, partial: false },
      { t: '2026-12-05T04:00:00.000Z', value: 1, partial: true },
    ]);
  });
});
