import type { AgeGroup, Outcome } from './events';
import type { TargetIndicator, TargetStatus } from './targets';

/*
 * The public view (docs/privacy.md, "The public view"): a read-only page per city or ward,
 * reached through a share link without signing in, for a festival's big screen and for residents.
 */

/** A share link as its makers see it; the token itself only when it is made. */
export interface ShareLink {
  id: string;
  /** What the page says it is, e.g. "Ngày hội chuyển đổi số phường Sài Gòn". */
  label: string;
  /** The ward it shows; null: the whole city. */
  wardCode: string | null;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface CreatedShareLink extends ShareLink {
  /** Goes in the public page’s address after `#`: /share/#<token>. Shown once. */
  token: string;
}

export interface CreateShareLinkRequest {
  label: string;
  /** Ward staff: their own ward, which is also the default. Admins: any ward, or none for the city. */
  wardCode?: string;
}

/** The header the public API takes the share link's token in (never in the address, which servers log). */
export const SHARE_TOKEN_HEADER = 'x-share-token';

/**
 * A count in a public breakdown: a multiple of 5 (randomly rounded, as Statistics Canada does),
 * `{ below: 10 }` for 1 to 9, or `{ atLeast: n }` (n a multiple of 5; 0: hidden) for an age
 * count that some day hid.
 */
export type PublicCount = number | { below: number } | { atLeast: number };

export interface PublicDay {
  /** City day, YYYY-MM-DD. */
  day: string;
  peopleReached: PublicCount;
  guidesCompleted: PublicCount;
  accountsRegistered: PublicCount;
}

export interface PublicWard {
  wardCode: string;
  name: string;
  /** People reached over the last 30 days. */
  peopleReached: PublicCount;
}

/**
 * One of the link's scope's own targets (the ward's, or the city-wide ones; no team's) and how far
 * it has come, under the public rule: its count is a breakdown count like the others.
 */
export interface PublicTarget {
  indicator: TargetIndicator;
  /** Visits only: the age groups counted (60+: 60_64, 65_74, 75_plus); null: every visit. */
  ageGroups: AgeGroup[] | null;
  /** The count to reach, in lượt (contributions, not people covered). */
  target: number;
  /**
   * Counted over countedFrom..countedTo: 0, `{ below: 10 }`, or rounded to a multiple of 5. An
   * age group's count is the sum of its published periods (`{ atLeast: n }` where one hid it).
   */
  count: PublicCount;
  /** The shown count / target in percent, one decimal; null when the count is not a number. */
  percent: number | null;
  /** As the dashboard says it; null for an age group's target under way (its pace is not published). */
  status: TargetStatus | null;
  /** City days, YYYY-MM-DD, both counted. */
  startDay: string;
  deadline: string;
  /**
   * The city days counted, `countedTo` excluded, as in ageSplit: from the start day to today
   * (today so far included), or an age group's published periods; both null before any.
   */
  countedFrom: string | null;
  countedTo: string | null;
}

/** Everything the public page shows, as one answer (cached a few seconds, the same for everyone). */
export interface PublicView {
  label: string;
  scope: 'city' | 'ward';
  wardCode: string | null;
  wardName: string | null;
  asOf: string;
  /** Today's totals so far, exact (totals tell no one's age; docs/privacy.md). */
  today: { day: string; peopleReached: number; guidesCompleted: number; accountsRegistered: number };
  /** The 30 city days before today, each day's totals rounded. */
  days: PublicDay[];
  /** People reached per age group over the published days of those 30, under the public rule. */
  ageSplit: {
    period: 'day' | 'week';
    from: string | null;
    to: string | null;
    byAgeGroup: Record<AgeGroup, PublicCount>;
  };
  /** The city's outcomes (OUTCOMES) over the 30 days, a breakdown under the public rule. */
  outcomes: Record<Outcome, PublicCount>;
  /** For the map: every ward's people reached over the 30 days (a ward's link: its own ward only). */
  wards: PublicWard[];
  /** The scope's targets, by deadline, then indicator. */
  targets: PublicTarget[];
}
