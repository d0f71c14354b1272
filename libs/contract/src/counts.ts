import type { AgeGroup, Guide, Outcome } from './events';

/** The three headline totals and guides completed per guide: never split by age, so always exact. */
export interface Totals {
  guidesCompleted: number;
  accountsRegistered: number;
  peopleReached: number;
  byGuide: Record<Guide, number>;
}

/** The totals and people reached per age group, as read from the database (not published as such). */
export interface CountsFigures extends Totals {
  byAgeGroup: Record<AgeGroup, number>;
}

/**
 * An age-group count as published (docs/privacy.md). A number is exact. `{ atLeast }` is a
 * count that some day of the range hid: the range held at least that many people (the sum over
 * the days that published it). On a single day, `{ atLeast: 0 }` is simply a hidden cell.
 */
export type AgeCount = number | { atLeast: number };

/** A sum of published age counts (60+ from its groups, say): exact when each is, else a lower bound. */
export function sumAgeCounts(counts: readonly AgeCount[]): AgeCount {
  let total = 0;
  let exact = true;
  for (const count of counts) {
    if (typeof count === 'number') total += count;
    else {
      total += count.atLeast;
      exact = false;
    }
  }
  return exact ? total : { atLeast: total };
}

/**
 * Which closed, published periods (city days or weeks, docs/privacy.md) an age split covers: the
 * periods a range touches that have ended. Today (or this week) is never in it.
 */
export interface AgeSplitPeriods {
  period: 'day' | 'week';
  /** The first city day (YYYY-MM-DD) the split covers, or null when the range touches no published period. */
  from: string | null;
  /** The city day after the last one it covers (excluded), or null. */
  to: string | null;
}

/**
 * People reached per age group over the published periods a range touches. People whose events
 * arrived after a period was published count in the totals only.
 */
export interface AgeSplit extends AgeSplitPeriods {
  /** People reached over those days as published, all ages: the sum of the split. */
  total: number;
  byAgeGroup: Record<AgeGroup, AgeCount>;
}

/** The totals, exact, and the age split of the range's published days. */
export interface PublishedFigures extends Totals {
  ageSplit: AgeSplit;
}

/** The `counts` message of the /live socket namespace: today's totals; today has no age split yet. */
export interface LiveCounts extends Totals {
  /** Today's outcomes (OUTCOMES), exact like the other totals. */
  byOutcome: Record<Outcome, number>;
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

/** Where a population figure comes from, the date it describes, and whether it is an estimate. */
export interface PopulationSource {
  source: string;
  /** YYYY-MM-DD. */
  asOf: string;
  /** Set when the figure is an estimate, not an official count. */
  estimate?: true;
}

/**
 * A ward's population as used for a date (a rate's period: its last day; the ward list: today):
 * of each group, the figure in force then, i.e. the latest dated on or before it (before the
 * oldest figure, the oldest). The fields after `asOf` are present only when they say something.
 */
export interface WardPopulation {
  total: number;
  aged60Plus: number | null;
  /** Where the residents' figure comes from, and the date it describes (YYYY-MM-DD). */
  source: string;
  asOf: string;
  /** Set when the residents' figure is an estimate. */
  estimate?: true;
  /**
   * The 60+ figure's own source and date, set when it has one (entered apart from the residents'
   * figure) or is an estimate; absent, `aged60Plus` shares `source` and `asOf` and is official.
   */
  aged60PlusSource?: PopulationSource;
  /** Residents aged 18 and over, where an admin entered a figure (no official per-ward one exists). */
  adults18Plus?: PopulationSource & { total: number };
}

/** The groups a population figure can be of. */
export const POPULATION_GROUPS = ['residents', 'adults18Plus', 'aged60Plus'] as const;
export type PopulationGroup = (typeof POPULATION_GROUPS)[number];

/** One figure of a ward's population history: GET /api/v1/wards/:code/populations. */
export interface PopulationFigure {
  group: PopulationGroup;
  population: number;
  source: string;
  /** The date it describes, YYYY-MM-DD: it is used from this day on. */
  asOf: string;
  /** The day the next figure of the group takes over (excluded); null for the latest. */
  until: string | null;
  estimate: boolean;
  /** Shipped with Kiosk Pulse (the official figures of the 2025 reorganisation), not entered by an admin. */
  shipped: boolean;
  /** Who entered it last, as the audit log names them, and when. */
  updatedBy: string;
  updatedAt: string;
}

export interface WardPopulationHistory {
  wardCode: string;
  /** By group (residents, adults18Plus, aged60Plus), newest first. */
  figures: PopulationFigure[];
}

export interface WardCounts {
  wardCode: string;
  name: string;
  guidesCompleted: number;
  accountsRegistered: number;
  peopleReached: number;
  /**
   * People reached aged 60 or more over the published days of the range (an age count: exact,
   * or at least a number where some day hid part of it). Null where the caller may not see it (a
   * ward-staff user sees it for their own ward only), and for every ward when the range has no
   * published day (WardFigures.ageSplit.from is null: today, say).
   */
  peopleReached60Plus: AgeCount | null;
  population: WardPopulation | null;
  /**
   * Rates per 10,000 residents to one decimal (60+: per 10,000 residents aged 60+, null unless
   * its count is exact), only where a population is known.
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
 * An age group's funnel line as published, from the published days only: counts as AgeCount,
 * and the rate and durations only where the counts are exact (durations: and at least the
 * threshold of completions).
 */
export interface PublishedGuideSteps {
  started: AgeCount;
  completed: AgeCount;
  abandoned: AgeCount;
  completionRate: number | null;
  medianDurationMs: number | null;
  p90DurationMs: number | null;
}

/**
 * One guide's funnel as published: its all-ages steps exact (durations withheld below the
 * threshold of completions), and its age lines for the whole city only (null for a ward).
 */
export interface PublishedFunnel extends GuideSteps {
  guide: Guide;
  byAgeGroup: Record<AgeGroup, PublishedGuideSteps> | null;
}
