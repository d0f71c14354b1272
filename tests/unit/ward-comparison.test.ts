import type { Principal } from '../../apps/api/src/access/principal';
import { median, per10k } from '../../apps/api/src/stats/median';
import { compareWards } from '../../apps/api/src/stats/ward-comparison';
import type { AgeCount } from '@kiosk-pulse/contract';
import type { WardCountRow } from '../../apps/api/src/stats/stats.repository';

const row = (
  wardCode: string,
  peopleReached: number,
  population: number | null,
  pop60: number | null = null,
  name = wardCode,
): WardCountRow => ({
  wardCode,
  name,
  guidesCompleted: peopleReached * 2,
  accountsRegistered: 1,
  peopleReached,
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

  it('rates only wards with a population, and gives the 60+ rate only where the published 60+ count is exact', () => {
    const sixtyPlus = new Map<string, AgeCount>([
      ['1', 40],
      ['2', { atLeast: 0 }],
      ['3', { atLeast: 12 }],
    ]);
    const { wards, median: mid } = compareWards(
      [row('1', 100, 20_000, 4_000), row('2', 10, null), row('3', 30, 60_000, 8_000)],
      sixtyPlus,
    );
    // Most people reached first.
    expect(wards.map((ward) => ward.wardCode)).toEqual(['1', '3', '2']);
    expect(wards[0]).toMatchObject({
      peopleReached: 100,
      peopleReached60Plus: 40,
      population: { total: 20_000, aged60Plus: 4_000, source: 'Census 2019', asOf: '2019-04-01' },
      per10k: { peopleReached: 50, guidesCompleted: 100, accountsRegistered: 0.5, peopleReached60Plus: 100 },
    });
    expect(wards[2]).toMatchObject({
      peopleReached: 10,
      peopleReached60Plus: { atLeast: 0 },
      population: null,
      per10k: null,
    });
    expect(wards[1].peopleReached60Plus).toEqual({ atLeast: 12 });
    expect(wards[1].per10k).toEqual({
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

  it('orders wards by the value, then by name in Vietnamese collation, then by code, whatever order they come in', () => {
    const rows = [
      row('26743', 0, null, null, 'Phường Ơ'),
      row('26740', 0, 10_000, null, 'Phường Ô Môn'),
      row('26800', 2, 40_000, null, 'Xã An'),
      row('26741', 0, null, null, 'Phường Đa Kao'),
      row('26742', 0, null, null, 'Phường Dĩ An'),
      row('26799', 0, null, null, 'Phường Dĩ An'),
      row('26744', 0, 20_000, null, 'Phường O'),
      row('26745', 1, 10_000, null, 'Phường Bến Thành'),
    ];
    const byPeople = ['26800', '26745', '26742', '26799', '26741', '26744', '26740', '26743'];
    for (const order of [rows, [...rows].reverse(), [...rows.slice(3), ...rows.slice(0, 3)]]) {
      expect(compareWards(order, new Map()).wards.map((ward) => ward.wardCode)).toEqual(byPeople);
      expect(compareWards(order, new Map(), { sort: 'peopleReached' }).wards.map((ward) => ward.wardCode)).toEqual(
        byPeople,
      );
      // By rate: 1 per 10,000 (Bến Thành), 0.5 (Xã An), the two at 0 by name; those with no population last, by name.
      expect(
        compareWards(order, new Map(), { sort: 'peopleReachedPer10k' }).wards.map((ward) => ward.wardCode),
      ).toEqual(['26745', '26800', '26744', '26740', '26742', '26799', '26741', '26743']);
    }
  });

  it('shows a ward-staff user other wards only as the three counts and their rates, with their own ward in full', () => {
    const rows = [row('26740', 100, 20_000, 4_000), row('26743', 50, 10_000, 2_000), row('26744', 9, null)];
    const sixtyPlus = new Map<string, AgeCount>([
      ['26740', 40],
      ['26743', 20],
      ['26744', { atLeast: 0 }],
    ]);
    const staff: Principal = { actor: 'user:a', role: 'ward_staff', wardCode: '26740', userId: null, ownerId: null };
    const { wards, median: mid } = compareWards(rows, sixtyPlus, { viewer: staff });
    expect(wards[0]).toMatchObject({
      wardCode: '26740',
      peopleReached60Plus: 40,
      per10k: { peopleReached60Plus: 100 },
    });
    expect(wards[1]).toEqual({
      wardCode: '26743',
      name: '26743',
      peopleReached: 50,
      guidesCompleted: 100,
      accountsRegistered: 1,
      peopleReached60Plus: null,
      population: { total: 10_000, aged60Plus: 2_000, source: 'Census 2019', asOf: '2019-04-01' },
      per10k: { peopleReached: 50, guidesCompleted: 100, accountsRegistered: 1, peopleReached60Plus: null },
    });
    expect(wards[2].peopleReached60Plus).toBeNull();
    // The medians are of the three counts, the same for every viewer.
    expect(mid).toEqual(compareWards(rows, sixtyPlus).median);
    for (const role of ['admin', 'city_official'] as const) {
      const everyone = compareWards(rows, sixtyPlus, { viewer: { ...staff, role, wardCode: null } }).wards;
      expect(everyone.map((ward) => ward.peopleReached60Plus)).toEqual([40, 20, { atLeast: 0 }]);
    }
  });
});
