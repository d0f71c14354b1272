import type { AgeGroup, Guide } from './events';

/**
 * A count too small to publish: a few people of one age group in one ward on one day could
 * point at a person, so the API shows "<5" (the threshold) instead. Totals are never hidden.
 */
export type SmallCount = `<${number}`;

/** The three headline figures and their breakdowns, over a range or for today. */
export interface CountsFigures<AgeCount = number> {
  guidesCompleted: number;
  accountsRegistered: number;
  peopleReached: number;
  byAgeGroup: Record<AgeGroup, AgeCount>;
  byGuide: Record<Guide, number>;
}

/** The figures as published: age-group counts below the threshold hidden. */
export type PublishedFigures = CountsFigures<number | SmallCount>;

/** The `counts` message of the /live socket namespace. */
export interface LiveCounts extends PublishedFigures {
  scope: 'city' | 'ward';
  wardCode: string | null;
  day: string;
  asOf: string;
}

export const METRICS = ['guidesCompleted', 'accountsRegistered', 'peopleReached'] as const;
export type Metric = (typeof METRICS)[number];

/**
 * How GET /api/v1/stats/wards orders the wards: by a count or by its rate per 10,000 residents,
 * highest first (wards without a rate after those with one), then by name (Vietnamese
 * collation), then by code.
 */
export const WARD_SORTS = [
  ...METRICS,
  'peopleReachedPer10k',
  'guidesCompletedPer10k',
  'accountsRegisteredPer10k',
] as const;
export type WardSort = (typeof WARD_SORTS)[number];

export interface WardPopulation {
  total: number;
  aged60Plus: number | null;
  /** Where the figure comes from, and the date it describes (YYYY-MM-DD). */
  source: string;
  asOf: string;
}

export interface WardCounts {
  wardCode: string;
  name: string;
  guidesCompleted: number;
  accountsRegistered: number;
  peopleReached: number;
  /**
   * People reached aged 60 or more (an age-group count, so hidden when small). Null where the
   * caller may not see it: a ward-staff user sees it for their own ward only.
   */
  peopleReached60Plus: number | SmallCount | null;
  population: WardPopulation | null;
  /**
   * Rates per 10,000 residents to one decimal (60+: per 10,000 residents aged 60+, null when its
   * count is hidden or withheld), only where a population is known.
   */
  per10k: {
    peopleReached: number;
    guidesCompleted: number;
    accountsRegistered: number;
    peopleReached60Plus: number | null;
  } | null;
}

export interface TimeseriesPoint {
  /** The bucket's start, an ISO-8601 instant (UTC); the hour or day it names is the city's. */
  t: string;
  value: number;
  /** Set on the bucket that holds the present moment: its value is still growing. */
  partial?: true;
}

export interface Ward {
  code: string;
  name: string;
  nameEn: string;
  kind: 'ward' | 'commune' | 'special_zone';
  formerProvince: string;
  population: WardPopulation | null;
}

export interface HeatmapCell {
  /** ISO weekday in the city: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Hour of the day in the city, 0-23. */
  hour: number;
  value: number;
}

/** How far people got through a guide: the steps, the completion rate and how long completing took. */
export interface GuideSteps {
  started: number;
  completed: number;
  abandoned: number;
  /** completed / started, or null when none started. */
  completionRate: number | null;
  medianDurationMs: number | null;
  p90DurationMs: number | null;
}

/** One guide's funnel, overall and by age group. */
export interface GuideFunnel extends GuideSteps {
  guide: Guide;
  byAgeGroup: Record<AgeGroup, GuideSteps>;
}

/**
 * An age group's funnel as published: counts under the small-count threshold are hidden, and
 * so are the rate and durations computed from them.
 */
export interface PublishedGuideSteps {
  started: number | SmallCount;
  completed: number | SmallCount;
  abandoned: number | SmallCount;
  completionRate: number | null;
  medianDurationMs: number | null;
  p90DurationMs: number | null;
}

export interface PublishedFunnel extends GuideSteps {
  guide: Guide;
  byAgeGroup: Record<AgeGroup, PublishedGuideSteps>;
}
