import type { CountsFigures, PublishedFigures, SmallCount } from '@kiosk-pulse/contract';

/** A count between 1 and threshold - 1 as "<threshold"; zero and larger counts as they are. */
export function hideSmallCount(count: number, threshold: number): number | SmallCount {
  return count > 0 && count < threshold ? `<${threshold}` : count;
}

/** Hides the small age-group counts; the totals (people reached included) stay exact. */
export function hideSmallAgeCounts(figures: CountsFigures, threshold: number): PublishedFigures {
  const byAgeGroup = Object.fromEntries(
    Object.entries(figures.byAgeGroup).map(([group, count]) => [group, hideSmallCount(count, threshold)]),
  ) as PublishedFigures['byAgeGroup'];
  return { ...figures, byAgeGroup };
}
