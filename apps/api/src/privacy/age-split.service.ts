import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  AGE_GROUPS,
  GUIDES,
  cityDay,
  type AgeCount,
  type AgeGroup,
  type AgeSplit,
  type Guide,
} from '@kiosk-pulse/contract';
import {
  cityDayStart,
  cityDayToInstant,
  cityWeekStart,
  nextCityDayStart,
  nextCityWeekStart,
} from '@kiosk-pulse/contract/time';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import {
  AgeSplitRepository,
  STEPS,
  funnelKey,
  type PeriodCounts,
  type SplitPeriod,
  type FunnelCell,
  type SplitSum,
  type Step,
  type WardCell,
} from './age-split.repository';
import { hiddenCells } from './suppression';

/** The published periods a split covers: the first one's first city day, and the day after the last (YYYY-MM-DD). */
export interface SplitPeriods {
  period: SplitPeriod;
  from: string;
  to: string;
}

/** A guide's age lines as published: each step per age group. */
export type FunnelAgeLines = Map<Guide, Record<AgeGroup, Record<Step, AgeCount>>>;

const PERIOD_BOUNDS: Record<
  SplitPeriod,
  { start: (instant: Date | number) => Date; next: (instant: Date | number) => Date }
> = {
  day: { start: cityDayStart, next: nextCityDayStart },
  week: { start: cityWeekStart, next: nextCityWeekStart },
};

/**
 * The periods that [from, to) touches whose split is published (or may be, now): those that
 * ended at least `delayMs` ago. Null when there is none (today, or this week, alone).
 */
export function splitPeriods(
  from: Date,
  to: Date,
  now: number,
  delayMs: number,
  period: SplitPeriod,
): SplitPeriods | null {
  const { start, next } = PERIOD_BOUNDS[period];
  const first = start(from);
  const touched = next(to.getTime() - 1);
  // The period holding (now - delay) has not been over for `delayMs` yet; those before it have.
  const ended = start(now - delayMs);
  const end = touched < ended ? touched : ended;
  return first < end ? { period, from: cityDay(first), to: cityDay(end) } : null;
}

/** A cell summed over periods: exact when every period showed it, else at least what they showed. */
export const ageCount = (sum: SplitSum | undefined): AgeCount =>
  sum === undefined ? 0 : sum.hidden ? { atLeast: sum.shown } : sum.shown;

/**
 * The age splits as docs/privacy.md publishes them: per closed period (a city day or week,
 * AGE_SPLIT_PERIOD), once, with each period's small cells and their complements hidden; a
 * range's figure is the sum of its periods' stored cells.
 * Every age-group figure the API gives comes from here.
 */
@Injectable()
export class AgeSplitService implements OnModuleInit {
  constructor(
    private readonly splits: AgeSplitRepository,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /**
   * Refuses to start with a period other than the one the database's splits were published
   * with: the same events published per day and per week could be subtracted from each other.
   * Checked before any module's bootstrap, so before the publisher publishes anything.
   */
  async onModuleInit(): Promise<void> {
    const period = this.config.ageSplitPeriod;
    const other = (await this.splits.rules()).find((rule) => !rule.endsWith(`/${period}`));
    if (other !== undefined) {
      throw new Error(
        `AGE_SPLIT_PERIOD=${period}, but this database holds age splits published per ${other.split('/')[1]}: ` +
          'publishing the same events per day and per week would let one be subtracted from the other. ' +
          `Set AGE_SPLIT_PERIOD=${other.split('/')[1]} (docs/privacy.md).`,
      );
    }
  }

  /** The signed-in threshold; the public view asks for its stricter one. */
  private get threshold(): number {
    return this.config.smallCountThreshold;
  }

  /** The rule a publication is kept under: its threshold and period. */
  private rule(threshold: number): string {
    return `${threshold}/${this.config.ageSplitPeriod}`;
  }

  /**
   * People reached per age group over the published periods [from, to) touches, of a ward or (none) the
   * city, under the rule of `threshold` (publications are kept per threshold: a stricter view
   * keeps its own).
   */
  async split(from: Date, to: Date, wardCode?: string, threshold = this.threshold): Promise<AgeSplit> {
    const periods = await this.published(from, to, threshold);
    const sums = periods
      ? await this.splits.wardSplit(this.rule(threshold), periods.from, periods.to, wardCode)
      : new Map<AgeGroup, SplitSum>();
    let total = 0;
    for (const sum of sums.values()) total += sum.people;
    return {
      period: this.config.ageSplitPeriod,
      from: periods?.from ?? null,
      to: periods?.to ?? null,
      total,
      byAgeGroup: Object.fromEntries(AGE_GROUPS.map((group) => [group, ageCount(sums.get(group))])) as Record<
        AgeGroup,
        AgeCount
      >,
    };
  }

  /**
   * Every ward's people per age group over the published periods [from, to) touches, under the
   * rule of `threshold` (a ward without any is left out: 0). One read for all wards, where many
   * wards' figures of the same days are wanted (their targets).
   */
  async wardSplits(
    from: Date,
    to: Date,
    threshold = this.threshold,
  ): Promise<{ periods: SplitPeriods | null; byWard: Map<string, Record<AgeGroup, AgeCount>> }> {
    const periods = await this.published(from, to, threshold);
    if (!periods) return { periods, byWard: new Map() };
    const sums = await this.splits.wardsSplit(this.rule(threshold), periods.from, periods.to);
    const byWard = new Map(
      [...sums].map(([ward, groups]) => [
        ward,
        Object.fromEntries(AGE_GROUPS.map((group) => [group, ageCount(groups.get(group))])) as Record<
          AgeGroup,
          AgeCount
        >,
      ]),
    );
    return { periods, byWard };
  }

  /** Every ward's people aged 60+ over the published periods [from, to) touches (a ward without any: 0). */
  async sixtyPlus(from: Date, to: Date): Promise<{ periods: SplitPeriods | null; byWard: Map<string, AgeCount> }> {
    const periods = await this.published(from, to, this.threshold);
    if (!periods) return { periods, byWard: new Map() };
    const sums = await this.splits.sixtyPlus(this.rule(this.threshold), periods.from, periods.to);
    return { periods, byWard: new Map([...sums].map(([ward, sum]) => [ward, ageCount(sum)])) };
  }

  /** The city's funnel per guide, step and age group over the published periods [from, to) touches. */
  async funnel(from: Date, to: Date): Promise<{ periods: SplitPeriods | null; lines: FunnelAgeLines }> {
    const periods = await this.published(from, to, this.threshold);
    const sums = periods
      ? await this.splits.funnelSplit(this.rule(this.threshold), periods.from, periods.to)
      : new Map<string, SplitSum>();
    const lines: FunnelAgeLines = new Map(
      GUIDES.map((guide) => [
        guide,
        Object.fromEntries(
          AGE_GROUPS.map((group) => [
            group,
            Object.fromEntries(STEPS.map((step) => [step, ageCount(sums.get(funnelKey(guide, step, group)))])),
          ]),
        ) as Record<AgeGroup, Record<Step, AgeCount>>,
      ]),
    );
    return { periods, lines };
  }

  /** The published periods [from, to) touches, publishing first those that may be and are not yet. */
  private async published(from: Date, to: Date, threshold: number): Promise<SplitPeriods | null> {
    const periods = splitPeriods(from, to, Date.now(), this.config.ageSplitDelayMs, this.config.ageSplitPeriod);
    if (!periods) return null;
    // A period per transaction: after a bulk write (the demo's history, a restore) a long range
    // can find weeks of periods missing, and all at once they would hold the embedded
    // database's one connection, every other request waiting, for as long as they take.
    await this.publishMissing(periods, threshold);
    return periods;
  }

  /**
   * Publishes every period that is due and not published yet, under the signed-in rule and the
   * public one, newest first, one period per transaction so that other queries get the
   * connection in between. The publisher calls it on a timer, so that a read seldom has any
   * period left to publish; answers how many periods it published.
   */
  async publishDue(now = Date.now()): Promise<number> {
    const from = this.publishedThrough ?? (await this.splits.oldestEvent());
    if (from === null) return 0;
    const periods = splitPeriods(from, new Date(now), now, this.config.ageSplitDelayMs, this.config.ageSplitPeriod);
    if (!periods) return 0;
    let published = 0;
    for (const threshold of new Set([this.threshold, this.config.publicView.threshold])) {
      published += await this.publishMissing(periods, threshold);
    }
    // Every period before this one is published now, and a period is never published again.
    this.publishedThrough = cityDayToInstant(periods.to);
    return published;
  }

  /** The first instant of the period after the last one publishDue found published under every rule. */
  private publishedThrough: Date | undefined;

  private async publishMissing(periods: SplitPeriods, threshold: number) {
    const rule = this.rule(threshold);
    const done = await this.splits.publishedPeriods(rule, periods.from, periods.to);
    const { next } = PERIOD_BOUNDS[periods.period];
    const missing: { period: string; start: Date; end: Date }[] = [];
    for (let start = cityDayToInstant(periods.from); start < cityDayToInstant(periods.to); start = next(start)) {
      const period = cityDay(start);
      if (!done.has(period)) missing.push({ period, start, end: next(start) });
    }
    const publish = (todo: typeof missing) =>
      this.splits.publish(rule, periods.period, todo, (counts) => cells(counts, threshold));
    for (const period of missing.reverse()) await publish([period]);
    return missing.length;
  }
}

/** The cells of 60+ in a row of AGE_GROUPS: published together as one figure. */
const SIXTY_PLUS_CELLS = (['60_64', '65_74', '75_plus'] as const).map((group) => AGE_GROUPS.indexOf(group));

/** A row's cells to store, hidden ones marked: those that hold people or are hidden (a missing cell is a shown 0). */
function rowCells<T>(
  ages: Map<AgeGroup, number>,
  threshold: number,
  cell: (ageGroup: AgeGroup, people: number, hidden: boolean) => T,
): T[] {
  const row = AGE_GROUPS.map((group) => ages.get(group) ?? 0);
  return hiddenCells(row, threshold, [SIXTY_PLUS_CELLS]).flatMap((hidden, index) =>
    hidden || row[index] > 0 ? [cell(AGE_GROUPS[index], row[index], hidden)] : [],
  );
}

/** A period's stored cells: each ward's row, and each guide step's row, with the rule's hidden cells. */
function cells(counts: PeriodCounts, threshold: number): { wards: WardCell[]; funnel: FunnelCell[] } {
  const { period } = counts;
  const wards = [...counts.reached].flatMap(([wardCode, ages]) =>
    rowCells(ages, threshold, (ageGroup, people, hidden): WardCell => ({ period, wardCode, ageGroup, people, hidden })),
  );
  const funnel = [...counts.steps].flatMap(([guide, steps]) =>
    [...steps].flatMap(([step, ages]) =>
      rowCells(ages, threshold, (ageGroup, people, hidden): FunnelCell => ({
        period,
        guide,
        step,
        ageGroup,
        people,
        hidden,
      })),
    ),
  );
  return { wards, funnel };
}
