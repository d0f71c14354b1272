import type { AgeGroup, Guide } from './events';

/** The three headline figures and their breakdowns, over a range or for today. */
export interface CountsFigures {
  guidesCompleted: number;
  accountsRegistered: number;
  peopleReached: number;
  byAgeGroup: Record<AgeGroup, number>;
  byGuide: Record<Guide, number>;
}

/** The `counts` message of the /live socket namespace. */
export interface LiveCounts extends CountsFigures {
  scope: 'city' | 'ward';
  wardCode: string | null;
  day: string;
  asOf: string;
}

export const METRICS = ['guidesCompleted', 'accountsRegistered', 'peopleReached'] as const;
export type Metric = (typeof METRICS)[number];

export interface WardCounts {
  wardCode: string;
  name: string;
  guidesCompleted: number;
  accountsRegistered: number;
  peopleReached: number;
}

export interface TimeseriesPoint {
  t: string;
  value: number;
}

export interface Ward {
  code: string;
  name: string;
  nameEn: string;
  kind: 'ward' | 'commune' | 'special_zone';
  formerProvince: string;
}
