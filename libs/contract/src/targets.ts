/*
 * Targets the city sets (Kế hoạch 31/KH-UBND of 2026, "Bình dân học vụ số"), per ward or for the
 * whole city, and how far the kiosks' counts have come toward them: /api/v1/targets.
 */
import { AGE_GROUPS, OUTCOMES, type AgeGroup, type Outcome } from './events';

/** What a target counts: visits (optionally of some age groups), or one of the outcomes kiosks record. */
export const TARGET_INDICATORS = ['visits', ...OUTCOMES] as const;
export type TargetIndicator = 'visits' | Outcome;

/** Residents 60 and over, as the city's plans name them: the age groups a "60+" target counts. */
export const AGE_GROUPS_60_PLUS: readonly AgeGroup[] = ['60_64', '65_74', '75_plus'];

/** A named group of kiosks (a community digital technology team, say), of one ward or of the city. */
export interface Team {
  id: string;
  name: string;
  /** null: a team of the city, whose kiosks may be in any ward. */
  wardCode: string | null;
  kioskIds: string[];
  createdBy: string;
  createdAt: string;
}

export interface TeamInput {
  name: string;
  wardCode?: string | null;
  kioskIds: string[];
}

export interface Target {
  id: string;
  indicator: TargetIndicator;
  /** Visits only: the age groups counted, in AGE_GROUPS order; null counts every visit. */
  ageGroups: AgeGroup[] | null;
  /** null: a city-wide target. */
  wardCode: string | null;
  /** A team's target counts only the team's kiosks. */
  teamId: string | null;
  /** The count to reach, in lượt (contributions). */
  target: number;
  /** City days (YYYY-MM-DD, Asia/Ho_Chi_Minh), both counted. */
  startDay: string;
  deadline: string;
  note: string | null;
  /** Who set it last (as the audit log names them), and when. */
  setBy: string;
  setAt: string;
}

/** GET /api/v1/targets and /progress: ward staff may name only their own ward. */
export interface TargetsQuery {
  wardCode?: string;
  indicator?: TargetIndicator;
}

/**
 * Where a target stands: `met` reached; `not_started` before its start day; `on_track` reaches
 * it by the deadline at the last 7 days' pace; `behind` does not; `missed` the deadline passed
 * short of it.
 */
export const TARGET_STATUSES = ['met', 'not_started', 'on_track', 'behind', 'missed'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

export interface TargetProgress {
  target: Target;
  /**
   * Counted from the start day to today (or the deadline, if past), today so far included. An
   * age-group target's count is an age split (docs/privacy.md): the sum of the published periods
   * its days touch, countedFrom..countedTo, at the signed-in threshold; a lower bound where
   * `countAtLeast` says so.
   */
  count: number;
  /**
   * An age-group target's counted days, as in an age split: the first published period's first
   * day and the day after the last (excluded); both null before any is published. Absent for
   * other targets, which count their own days.
   */
  countedFrom?: string | null;
  countedTo?: string | null;
  /** Set when `count` is a lower bound: a published period hid a cell of it. */
  countAtLeast?: true;
  /**
   * Set when the target cannot be counted, and why: a team's age groups, which no age split
   * publishes (age splits are per ward). Its count, pace and status are then not figures.
   */
  uncounted?: { reason: 'team_age_groups'; vi: string; en: string };
  /** count / target, in percent to one decimal (may pass 100). */
  percent: number;
  remaining: number;
  /** City days left to the deadline, today included (from the start day, before it). */
  daysLeft: number;
  /** remaining / daysLeft, to one decimal; null when no day is left. */
  neededPerDay: number | null;
  /**
   * The 7 whole city days before today, and the count per day over them, to one decimal. An
   * age-group target's: the published periods those days touch (`to` their last day), its count
   * over them per day covered (`atLeast`: a lower bound, as `countAtLeast`).
   */
  recentPace: { from: string; to: string; perDay: number; atLeast?: true };
  /** The day the target is reached at the recent pace, counting from today; null when met or at no pace. */
  projectedDay: string | null;
  status: TargetStatus;
}

/** A ward's place in a ranking; its target's progress is the report's (in `targets` or `compared`), by id. */
export interface RankedWard {
  targetId: string;
  wardCode: string;
  wardName: string;
  /** 1 for the highest percent; equal percents share a rank. */
  rank: number;
}

/**
 * The wards' targets of one indicator over one period, ranked by percent (highest first), with
 * the median ward's percent, and the city-wide target of the same, if any: ids only, each
 * target's progress told once in the report.
 */
export interface TargetRanking {
  indicator: TargetIndicator;
  ageGroups: AgeGroup[] | null;
  startDay: string;
  deadline: string;
  /** Ranked by percent; for ward staff their own ward comes first (its rank still says where it stands). */
  wards: RankedWard[];
  medianPercent: number | null;
  cityTargetId: string | null;
}

/** Counts are contributions (lượt): one resident helped twice counts twice. They are not coverage of a population. */
export const TARGET_COUNT_BASIS = 'contributions' as const;

export interface TargetProgressReport {
  /** Today, the city day the figures are of. */
  asOf: string;
  countBasis: typeof TARGET_COUNT_BASIS;
  /** What the dashboard shows beside any percentage, in Vietnamese and English. */
  countNote: { vi: string; en: string };
  /** Every target in the caller's scope (ward staff: their ward's first, then the city's). */
  targets: TargetProgress[];
  /** The ranked targets not in `targets` (other wards', for comparison): every id a ranking names is in one of the two. */
  compared: TargetProgress[];
  rankings: TargetRanking[];
}

export const TARGET_COUNT_NOTE = {
  vi: 'Số đếm là lượt hỗ trợ tại kiosk, không phải số người dân đã được bao phủ: một người được hỗ trợ hai lần tính hai lượt.',
  en: 'Counts are contributions (times residents were helped at kiosks), not population coverage: one resident helped twice counts twice.',
} as const;

/** Why a team's age-group target has no count: what the dashboard shows in its place. */
export const TEAM_AGE_GROUPS_UNCOUNTED = {
  reason: 'team_age_groups',
  vi: 'Không tính được: số theo nhóm tuổi chỉ công bố theo phường, xã, không theo tổ.',
  en: 'Not counted: age-group figures are published per ward, not per team.',
} as const;

/** One problem of an imported file: its spreadsheet row (the header is row 1) and column. */
export interface TargetImportError {
  row: number;
  column: string;
  message: string;
}

/** POST /api/v1/targets/import: every row written, or (400) none and every error. */
export interface TargetImportResult {
  created: number;
  updated: number;
  targets: Target[];
}

export interface TargetImportRefusal {
  statusCode: 400;
  error: 'Bad Request';
  message: string;
  errors: TargetImportError[];
}

/** The import file's columns, as the README shows them; a Vietnamese header is taken too. */
export const TARGET_IMPORT_COLUMNS = [
  'indicator',
  'age_groups',
  'ward_code',
  'team',
  'target',
  'start_day',
  'deadline',
  'note',
] as const;
export type TargetImportColumn = (typeof TARGET_IMPORT_COLUMNS)[number];

/** Age groups in their canonical order, once each. */
export function canonicalAgeGroups(groups: readonly AgeGroup[]): AgeGroup[] {
  return AGE_GROUPS.filter((group) => groups.includes(group));
}
