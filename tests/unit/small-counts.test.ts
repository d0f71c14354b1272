import { hideSmallAgeCounts, hideSmallCount } from '../../apps/api/src/stats/small-counts';
import { figuresFromRows } from '../../apps/api/src/stats/figures';

describe('small counts', () => {
  it('hides counts from 1 to threshold - 1, and shows zero and the threshold itself', () => {
    expect([0, 1, 4, 5, 6].map((count) => hideSmallCount(count, 5))).toEqual([0, '<5', '<5', 5, 6]);
    expect(hideSmallCount(1, 1)).toBe(1);
    expect(hideSmallCount(9, 10)).toBe('<10');
  });

  it('hides small age-group counts and keeps every total exact', () => {
    const figures = figuresFromRows([
      { type: 'visit_started', guide: null, age_group: '75_plus', events: 3 },
      { type: 'visit_started', guide: null, age_group: '60_64', events: 5 },
      { type: 'guide_completed', guide: 'vneid', age_group: null, events: 2 },
    ]);
    const published = hideSmallAgeCounts(figures, 5);
    expect(published.peopleReached).toBe(8);
    expect(published.byAgeGroup).toMatchObject({ '75_plus': '<5', '60_64': 5, '16_30': 0 });
    expect(published.byGuide.vneid).toBe(2);
  });
});
