import { METRICS, type AgeCount, type Metric, type WardCounts, type WardSort } from '@kiosk-pulse/contract';
import { canReadWard, type Principal } from '../access/principal';
import { median, per10k } from './median';
import { wardPopulation } from '../wards/populations.repository';
import type { WardCountRow } from './stats.repository';

export interface WardMedians {
  peopleReached: number | null;
  guidesCompleted: number | null;
  accountsRegistered: number | null;
  /** Medians of the rates, over the wards whose population is known. */
  per10k: { peopleReached: number | null; guidesCompleted: number | null; accountsRegistered: number | null };
}

// One collator for every comparison: building one per call is slow over 168 wards.
const byName = new Intl.Collator('vi').compare;

/** The value a ward is ranked by: a count, or its rate (null without a population). */
function rankValue(ward: WardCounts, sort: WardSort): number | null {
  if (sort.endsWith('Per10k')) return ward.per10k?.[sort.slice(0, -'Per10k'.length) as Metric] ?? null;
  return ward[sort as Metric];
}

/**
 * Highest value first, wards without one (a rate with no population) after the others, then
 * by name in Vietnamese collation, then by code: ties (many wards at 0) always in the same order.
 */
export function rankWards(wards: WardCounts[], sort: WardSort): WardCounts[] {
  return [...wards].sort((a, b) => {
    const [x, y] = [rankValue(a, sort), rankValue(b, sort)];
    if (x !== y) {
      if (x === null) return 1;
      if (y === null) return -1;
      return y - x;
    }
    return byName(a.name, b.name) || (a.wardCode < b.wardCode ? -1 : a.wardCode > b.wardCode ? 1 : 0);
  });
}

/**
 * Every ward's counts with rates per 10,000 residents where its population is known, and the
 * city's median ward, in the order `sort` asks for. The 60+ count is the published age split's
 * (`sixtyPlus`, a ward missing from it had none; null when the range has no published day, and
 * then every 60+ count is null); its rate is given only where it is exact. A ward-staff viewer
 * sees other wards only as the ranking's three counts and their rates: their 60+ count and rate
 * are withheld (null).
 */
export function compareWards(
  rows: WardCountRow[],
  sixtyPlus: ReadonlyMap<string, AgeCount> | null,
  options: { sort?: WardSort; viewer?: Principal } = {},
): { wards: WardCounts[]; median: WardMedians } {
  const wards: WardCounts[] = rows.map((row) => {
    const shown = sixtyPlus !== null && (options.viewer === undefined || canReadWard(options.viewer, row.wardCode));
    const aged60Plus = shown ? (sixtyPlus.get(row.wardCode) ?? 0) : null;
    return {
      wardCode: row.wardCode,
      name: row.name,
      guidesCompleted: row.guidesCompleted,
      accountsRegistered: row.accountsRegistered,
      peopleReached: row.peopleReached,
      peopleReached60Plus: aged60Plus,
      population: wardPopulation(row),
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
  const medianOf = (values: (ward: WardCounts) => number) => median(wards.map(values));
  const rateMedian = (metric: Metric) => median(rated.map((rate) => rate[metric]));
  return {
    wards: rankWards(wards, options.sort ?? 'peopleReached'),
    median: {
      peopleReached: medianOf((ward) => ward.peopleReached),
      guidesCompleted: medianOf((ward) => ward.guidesCompleted),
      accountsRegistered: medianOf((ward) => ward.accountsRegistered),
      per10k: Object.fromEntries(METRICS.map((metric) => [metric, rateMedian(metric)])) as WardMedians['per10k'],
    },
  };
}
