import { withinTime } from '@kiosk-pulse/runtime';
import { previousPeriod, relativeChange } from '../../apps/api/src/stats/period';

describe('period comparison', () => {
  it('takes the period of the same length just before', () => {
    const before = previousPeriod(new Date('2026-11-17T17:00:00Z'), new Date('2026-11-24T17:00:00Z'));
    expect(before).toEqual({ from: new Date('2026-11-10T17:00:00Z'), to: new Date('2026-11-17T17:00:00Z') });
  });

  it('gives the change as a fraction, and none when the previous period had nothing', () => {
    expect(relativeChange(150, 100)).toBe(0.5);
    expect(relativeChange(75, 100)).toBe(-0.25);
    expect(relativeChange(0, 0)).toBeNull();
    expect(relativeChange(5, 0)).toBeNull();
  });
});

describe('withinTime', () => {
  it('gives the work when it is on time, the fallback when it is not', async () => {
    expect(await withinTime(Promise.resolve(1), 50, () => 2)).toBe(1);
    expect(await withinTime(new Promise((resolve) => setTimeout(() => resolve(1), 200)), 20, () => 2)).toBe(2);
    await expect(withinTime(new Promise(() => undefined), 10, () => Promise.reject(new Error('late')))).rejects.toThrow(
      'late',
    );
  });
});
