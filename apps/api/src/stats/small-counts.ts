import type {
  CountsFigures,
  GuideFunnel,
  GuideSteps,
  PublishedFigures,
  PublishedFunnel,
  PublishedGuideSteps,
  SmallCount,
} from '@kiosk-pulse/contract';

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

/**
 * Hides an age group's funnel line when any of its counts is small: the counts show as
 * "<threshold", and the rate and durations, which would tell them, are withheld.
 */
export function hideSmallGuideSteps(steps: GuideSteps, threshold: number): PublishedGuideSteps {
  const counts = [steps.started, steps.completed, steps.abandoned];
  if (!counts.some((count) => count > 0 && count < threshold)) return steps;
  return {
    started: hideSmallCount(steps.started, threshold),
    completed: hideSmallCount(steps.completed, threshold),
    abandoned: hideSmallCount(steps.abandoned, threshold),
    completionRate: null,
    medianDurationMs: null,
    p90DurationMs: null,
  };
}

/** A funnel with every age group's line published as hideSmallGuideSteps does; the guide's own totals stay exact. */
export function hideSmallFunnelCounts(funnel: GuideFunnel, threshold: number): PublishedFunnel {
  const byAgeGroup = Object.fromEntries(
    Object.entries(funnel.byAgeGroup).map(([group, steps]) => [group, hideSmallGuideSteps(steps, threshold)]),
  ) as PublishedFunnel['byAgeGroup'];
  return { ...funnel, byAgeGroup };
}
