import type { GuideSteps } from '@kiosk-pulse/contract';
import { hideSmallAgeCounts, hideSmallCount, hideSmallGuideSteps } from '../../apps/api/src/stats/small-counts';
import { figuresFromColumns } from '../../apps/api/src/stats/figures';

describe('small counts', () => {
  it('hides counts from 1 to threshold - 1, and shows zero and the threshold itself', () => {
    expect([0, 1, 4, 5, 6].map((count) => hideSmallCount(count, 5))).toEqual([0, '<5', '<5', 5, 6]);
    expect(hideSmallCount(1, 1)).toBe(1);
    expect(hideSmallCount(9, 10)).toBe('<10');
  });

  it('hides small age-group counts and keeps every total exact', () => {
    const figures = figuresFromColumns({ reached_75_plus: 3, reached_60_64: 5, completed_vneid: 2 });
    const published = hideSmallAgeCounts(figures, 5);
    expect(published.peopleReached).toBe(8);
    expect(published.byAgeGroup).toMatchObject({ '75_plus': '<5', '60_64': 5, '16_30': 0 });
    expect(published.byGuide.vneid).toBe(2);
  });

  it('withholds the funnel rate and durations of an age group with a small count', () => {
    const steps = (started: number, completed: number, abandoned: number): GuideSteps => ({
      started,
      completed,
      abandoned,
      completionRate: completed / started,
      medianDurationMs: 120_000,
      p90DurationMs: 300_000,
    });
    expect(hideSmallGuideSteps(steps(20, 16, 4), 5)).toEqual({
      started: 20,
      completed: 16,
      abandoned: '<5',
      completionRate: null,
      medianDurationMs: null,
      p90DurationMs: null,
    });
    expect(hideSmallGuideSteps(steps(20, 15, 5), 5)).toEqual(steps(20, 15, 5));
    expect(hideSmallGuideSteps(steps(20, 20, 0), 5)).toEqual(steps(20, 20, 0));
  });
});
