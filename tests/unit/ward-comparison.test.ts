import { median, per10k } from '../../apps/api/src/stats/median';
import { compareWards } from '../../apps/api/src/stats/ward-comparison';
import type { WardCountRow } from '../../apps/api/src/stats/stats.repository';

const row = (
  wardCode: string,
  peopleReached: number,
  population: number | null,
  aged60: number,
  pop60: number | null = null,
): WardCountRow => ({
  wardCode,
  name: wardCode,
  guidesCompleted: peopleReached * 2,
  accountsRegistered: 1,
  peopleReached,
  peopleReached60Plus: aged60,
  population,
  population_60_plus: pop60,
  source: population ? 'Census 2019' : null,
  as_of: population ? '2019-04-01' : null,
});

describe('ward comparison maths', () => {
  it('takes the median of odd and even counts', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('gives rates per 10,000 residents to one decimal, and none without a population', () => {
    expect(per10k(45, 30_000)).toBe(15);
    expect(per10k(1, 30_000)).toBe(0.3);
    expect(per10k(10, null)).toBeNull();
  });

  it('rates only wards with a population, and hides a small 60+ count together with its rate', () => {
    const { wards, median: mid } = compareWards(
      [row('1', 100, 20_000, 40, 4_000), row('2', 10, null, 3), row('3', 30, 60_000, 4, 8_000)],
      5,
    );
    expect(wards[0]).toMatchObject({
      peopleReached: 100,
      peopleReached60Plus: 40,
      population: { total: 20_000, aged60Plus: 4_000, source: 'Census 2019', asOf: '2019-04-01' },
      per10k: { peopleReached: 50, guidesCompleted: 100, accountsRegistered: 0.5, peopleReached60Plus: 100 },
    });
    expect(wards[1]).toMatchObject({ peopleReached: 10, peopleReached60Plus: '<5', population: null, per10k: null });
    expect(wards[2].per10k).toEqual({
      peopleReached: 5,
      guidesCompleted: 10,
      accountsRegistered: 0.2,
      peopleReached60Plus: null,
    });
    expect(mid).toEqual({
      peopleReached: 30,
      guidesCompleted: 60,
      accountsRegistered: 1,
      per10k: { peopleReached: 27.5, guidesCompleted: 55, accountsRegistered: 0.35 },
    });
  });
});
