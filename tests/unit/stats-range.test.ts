import { cityDayStart, nextCityDayStart } from '@kiosk-pulse/contract/time';
import { sourceFor } from '../../apps/api/src/stats/count-source';
import { summaryQuery, timeseriesQuery } from '../../apps/api/src/stats/stats-range';

describe('stats query parameters', () => {
  it('defaults to today in the city', () => {
    const parsed = summaryQuery.parse({});
    expect(parsed.from).toEqual(cityDayStart(Date.now()));
    expect(parsed.to).toEqual(nextCityDayStart(Date.now()));
    expect(parsed.wardCode).toBeUndefined();
  });

  it('reads a plain date as the start of that city day', () => {
    const parsed = summaryQuery.parse({ from: '2026-11-01', to: '2026-11-02', wardCode: '26734' });
    expect(parsed.from.toISOString()).toBe('2026-10-31T17:00:00.000Z');
    expect(parsed.to.toISOString()).toBe('2026-11-01T17:00:00.000Z');
    expect(parsed.wardCode).toBe('26734');
  });

  it.each([
    [{ from: 'yesterday' }, 'from'],
    [{ from: '2026-11-24T10:00:00' }, 'from'],
    [{ from: '2026-11-02', to: '2026-11-01' }, 'to'],
    [{ from: '2024-01-01', to: '2026-01-01' }, 'to'],
    [{ wardCode: '123' }, 'wardCode'],
    [{ extra: '1' }, ''],
  ])('rejects %j', (query, field) => {
    const result = summaryQuery.safeParse(query);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path.join('.')).toBe(field);
  });

  it('requires a known metric and bucket, and keeps hourly series short', () => {
    expect(timeseriesQuery.safeParse({ metric: 'visits', bucket: 'hour' }).success).toBe(false);
    expect(timeseriesQuery.safeParse({ metric: 'peopleReached', bucket: 'week' }).success).toBe(false);
    expect(
      timeseriesQuery.safeParse({ metric: 'peopleReached', bucket: 'hour', from: '2026-01-01', to: '2026-06-01' })
        .success,
    ).toBe(false);
    expect(
      timeseriesQuery.safeParse({ metric: 'peopleReached', bucket: 'day', from: '2026-01-01', to: '2026-06-01' })
        .success,
    ).toBe(true);
  });
});

describe('sourceFor', () => {
  it('reads whole city days from the daily aggregate, whole hours from the hourly one, else raw events', () => {
    expect(sourceFor(new Date('2026-11-23T17:00:00Z'), new Date('2026-11-24T17:00:00Z'))).toBe('daily');
    // Whole UTC days are not whole city days.
    expect(sourceFor(new Date('2026-11-24T00:00:00Z'), new Date('2026-11-25T00:00:00Z'))).toBe('hourly');
    expect(sourceFor(new Date('2026-11-24T00:30:00Z'), new Date('2026-11-25T00:00:00Z'))).toBe('raw');
  });
});
