import {
  addCityDays,
  type AgeGroup,
  type Target,
  type TargetIndicator,
  type TargetProgress,
  type TargetRanking,
  type TargetStatus,
} from '@kiosk-pulse/contract';
import { median } from '../stats/median';

/** Whole days from `from` to `to` (YYYY-MM-DD), negative when `to` is before. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const oneDecimal = (value: number) => Math.round(value * 10) / 10;

/** How many days the pace is measured over: the whole city days before today. */
export const PACE_DAYS = 7;

/** The pace a target is measured at: a count over some whole city days (the PACE_DAYS before today, by default). */
export interface RecentCount {
  count: number;
  /** The days counted: the first and the last, and how many. */
  from: string;
  to: string;
  days: number;
}

/** The PACE_DAYS whole city days before `today`, with their count. */
export const paceDays = (today: string, count: number): RecentCount => ({
  count,
  from: addCityDays(today, -PACE_DAYS),
  to: addCityDays(today, -1),
  days: PACE_DAYS,
});

/**
 * Where a target stands on city day `today`, from its count so far (start day to today, today's
 * events included) and the count of the PACE_DAYS whole days before today (an age-group target:
 * of the published periods those days touch, `recent`). Days are city days; the answer does not
 * depend on the time of day but through today's count.
 */
export function targetProgress(
  target: Target,
  today: string,
  count: number,
  recent: number | RecentCount,
): TargetProgress {
  const pace = typeof recent === 'number' ? paceDays(today, recent) : recent;
  const remaining = Math.max(0, target.target - count);
  const started = today >= target.startDay;
  const firstDay = started ? today : target.startDay;
  const daysLeft = today > target.deadline ? 0 : daysBetween(firstDay, target.deadline) + 1;
  const perDay = pace.days === 0 ? 0 : pace.count / pace.days;
  // At the recent pace from the first day left (today, or the start day): reached on the day
  // the days' pace first covers what remains (in whole numbers: remaining / (recent / days)).
  const projectedDay =
    remaining === 0 || pace.count === 0
      ? null
      : addCityDays(firstDay, Math.ceil((remaining * pace.days) / pace.count) - 1);
  let status: TargetStatus;
  if (remaining === 0) status = 'met';
  else if (daysLeft === 0) status = 'missed';
  else if (!started) status = 'not_started';
  else status = projectedDay !== null && projectedDay <= target.deadline ? 'on_track' : 'behind';
  return {
    target,
    count,
    percent: oneDecimal((count / target.target) * 100),
    remaining,
    daysLeft,
    neededPerDay: daysLeft === 0 ? null : oneDecimal(remaining / daysLeft),
    recentPace: { from: pace.from, to: pace.to, perDay: oneDecimal(perDay) },
    projectedDay,
    status,
  };
}

/** What ward targets are compared on: the same indicator, age groups and period. */
const rankingKey = (target: Target) =>
  [target.indicator, target.ageGroups?.join('+') ?? '*', target.startDay, target.deadline].join('|');

/** A ranking with each target's progress in it (what the API answers is its ids: rankingIds). */
export interface RankedProgress {
  indicator: TargetIndicator;
  ageGroups: AgeGroup[] | null;
  startDay: string;
  deadline: string;
  wards: (TargetProgress & { rank: number; wardName: string })[];
  medianPercent: number | null;
  city: TargetProgress | null;
}

/**
 * The wards' targets (no team's) ranked by percent within each indicator and period, highest
 * first (equal percents share a rank), with the median ward's percent and the city's target of
 * the same. `firstWard` (ward staff's own) comes first in its ranking.
 */
export function rankTargets(
  progress: TargetProgress[],
  wardNames: Map<string, string>,
  firstWard: string | null,
): RankedProgress[] {
  const groups = new Map<string, TargetProgress[]>();
  for (const entry of progress) {
    if (entry.target.wardCode === null || entry.target.teamId !== null) continue;
    const key = rankingKey(entry.target);
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  return [...groups.values()].map((entries) => {
    const sorted = [...entries].sort(
      (a, b) => b.percent - a.percent || (a.target.wardCode ?? '').localeCompare(b.target.wardCode ?? ''),
    );
    const ranked = sorted.map((entry) => ({
      ...entry,
      rank: sorted.findIndex((other) => other.percent === entry.percent) + 1,
      wardName: wardNames.get(entry.target.wardCode as string) ?? (entry.target.wardCode as string),
    }));
    const own = ranked.findIndex((entry) => entry.target.wardCode === firstWard);
    if (own > 0) ranked.unshift(...ranked.splice(own, 1));
    const { indicator, ageGroups, startDay, deadline } = sorted[0].target;
    const city = progress.find(
      (entry) =>
        entry.target.wardCode === null &&
        entry.target.teamId === null &&
        rankingKey(entry.target) === rankingKey(sorted[0].target),
    );
    return {
      indicator,
      ageGroups,
      startDay,
      deadline,
      wards: ranked,
      medianPercent: median(sorted.map((entry) => entry.percent)),
      city: city ?? null,
    };
  });
}

/** A ranking as the API answers it: the targets by id, their progress told once elsewhere in the report. */
export function rankingIds(ranking: RankedProgress): TargetRanking {
  const { wards, city, ...period } = ranking;
  return {
    ...period,
    wards: wards.map((entry) => ({
      targetId: entry.target.id,
      wardCode: entry.target.wardCode as string,
      wardName: entry.wardName,
      rank: entry.rank,
    })),
    cityTargetId: city?.target.id ?? null,
  };
}
