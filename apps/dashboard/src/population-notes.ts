import type { WardPopulation } from '@kiosk-pulse/contract';
import { formatDate, formatNumber } from './format';
import { t } from './i18n';

/*
 * What stands beside a rate per 10,000 residents or a share of a population (issue 17): where
 * the population comes from and its date, "estimate" where it is one, and that the counts are
 * contributions (lượt), not coverage.
 */

/** Counts are contributions, not coverage: said wherever a count is divided by a population. */
export const CONTRIBUTIONS_NOTE =
  'Số đếm là lượt hỗ trợ tại kiosk, không phải độ bao phủ dân số: một người được hỗ trợ hai lần tính hai lượt.';

/** A population's source and date, and "estimate" where it is one: "Cục Thống kê, 01/07/2025". */
export const sourceOf = (population: { source: string; asOf: string; estimate?: true }): string =>
  [population.source, formatDate(population.asOf), ...(population.estimate ? [t('ước tính')] : [])].join(', ');

/** A ward's residents with their source: "12.345 (Cục Thống kê, 01/07/2025)". */
export const residentsOf = (population: WardPopulation): string =>
  `${formatNumber(population.total)} (${sourceOf(population)})`;

/**
 * The sources of the wards' populations, the most used first, each with how many wards use it:
 * what a rate over many wards (a map, a ranking) divides by; and how many of them are estimates.
 */
export function sourcesOf(populations: (WardPopulation | null)[]): {
  sources: { source: string; wards: number }[];
  estimates: number;
  missing: number;
} {
  const counted = new Map<string, number>();
  let estimates = 0;
  let missing = 0;
  for (const population of populations) {
    if (!population) {
      missing += 1;
      continue;
    }
    if (population.estimate) estimates += 1;
    const source = sourceOf({ source: population.source, asOf: population.asOf });
    counted.set(source, (counted.get(source) ?? 0) + 1);
  }
  const sources = [...counted].map(([source, wards]) => ({ source, wards })).sort((a, b) => b.wards - a.wards);
  return { sources, estimates, missing };
}
