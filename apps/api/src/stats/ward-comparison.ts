import type { WardCounts } from '@kiosk-pulse/contract';
import { median, per10k } from './median';
import { hideSmallCount } from './small-counts';
import type { WardCountRow } from './stats.repository';

export interface WardMedians {
  peopleReached: number | null;
  guidesCompleted: number | null;
  accountsRegistered: number | null;
  /** Medians of the rates, over the wards whose population is known. */
  per10k: { peopleReached: number | null; guidesCompleted: number | null; accountsRegistered: number | null };
}

/**
 * Every ward's counts with rates per 10,000 residents where its population is known, and the
 * city's median ward. The 60+ count is an age-group count: hidden when small, and then so is its rate.
 */
export function compareWards(
  rows: WardCountRow[],
  smallCountThreshold: number,
): { wards: WardCounts[]; median: WardMedians } {
  const wards: WardCounts[] = rows.map((row) => {
    const aged60Plus = hideSmallCount(row.peopleReached60Plus, smallCountThreshold);
    return {
      wardCode: row.wardCode,
      name: row.name,
      guidesCompleted: row.guidesCompleted,
      accountsRegistered: row.accountsRegistered,
      peopleReached: row.peopleReached,
      peopleReached60Plus: aged60Plus,
      population: row.population
        ? {
            total: row.population,
            aged60Plus: row.population_60_plus,
            source: row.source as string,
            asOf: row.as_of as string,
          }
        : null,
      per10k: row.population
        ? {
            peopleReached: per10k(row.peopleReached, row.population) as number,
            guidesCompleted: per10k(row.guidesCompleted, row.population) as number,
            accountsRegistered: per10k(row.accountsRegistered, row.population) as number,
            peopleReached60Plus: typeof aged60Plus === 'number' ? per10k(aged60Plus, row.population_60_plus) : null,
          }
        : null,
    };
  });
  const rated = wards
    .filter((ward) => ward.per10k !== null)
    .map((ward) => ward.per10k as NonNullable<WardCounts['per10k']>);
  return {
    wards,
    median: {
      peopleReached: median(wards.map((ward) => ward.peopleReached)),
      guidesCompleted: median(wards.map((ward) => ward.guidesCompleted)),
      accountsRegistered: median(wards.map((ward) => ward.accountsRegistered)),
      per10k: {
        peopleReached: median(rated.map((rate) => rate.peopleReached)),
        guidesCompleted: median(rated.map((rate) => rate.guidesCompleted)),
        accountsRegistered: median(rated.map((rate) => rate.accountsRegistered)),
      },
    },
  };
}
