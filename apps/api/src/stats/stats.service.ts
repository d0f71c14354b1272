import { Inject, Injectable } from '@nestjs/common';
import {
  AGE_GROUPS,
  METRICS,
  type AgeGroup,
  type AgeSplitPeriods,
  type CountsFigures,
  type Funnel,
  type GuideSteps,
  type Heatmap,
  type KiosksFigures,
  type Metric,
  type PublishedFunnel,
  type PublishedGuideSteps,
  type Totals,
  type StatsSummary,
  type Timeseries,
  type WardFigures,
  type WardSort,
} from '@kiosk-pulse/contract';
import { cityDayToInstant } from '@kiosk-pulse/contract/time';
import type { Principal } from '../access/principal';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { KiosksRepository } from '../kiosks/kiosks.repository';
import { AnalyticsRepository } from './analytics.repository';
import { figuresFromColumns } from './figures';
import { AgeSplitService, type SplitPeriods } from '../privacy/age-split.service';
import { previousPeriod, relativeChange } from './period';
import { StatsRepository } from './stats.repository';
import { compareWards } from './ward-comparison';

declare const PUBLISHED: unique symbol;

/**
 * An answer StatsService made: its age-group figures come from the published age splits
 * (AgeSplitService, docs/privacy.md), its totals are exact. Only this file marks one, and the stats controller
 * answers with nothing else, so a figure read straight from a repository does not compile as an
 * answer (raw `CountsFigures` would otherwise pass for `PublishedFigures`: a number is a
 * `number | SmallCount`).
 */
export type Published<T> = T & { readonly [PUBLISHED]: true };

const publish = <T>(answer: T): Published<T> => answer as Published<T>;

/** [from, to), and the ward it is about (none: the city). */
interface Scope {
  from: Date;
  to: Date;
  wardCode?: string;
}

/** The totals of a figures row: everything but its age split. */
const totals = ({ guidesCompleted, accountsRegistered, peopleReached, byGuide }: CountsFigures): Totals => ({
  guidesCompleted,
  accountsRegistered,
  peopleReached,
  byGuide,
});

/** The periods an age figure covers, as an answer says them. */
const covered = (periods: SplitPeriods | null, period: AgeSplitPeriods['period']): AgeSplitPeriods => ({
  period,
  from: periods?.from ?? null,
  to: periods?.to ?? null,
});

/**
 * The figures the stats endpoints publish: totals exact, read from the repositories, and every
 * age-group figure from the published age splits (docs/privacy.md). The caller has already
 * checked that the principal may read the ward asked for.
 */
@Injectable()
export class StatsService {
  constructor(
    private readonly stats: StatsRepository,
    private readonly analytics: AnalyticsRepository,
    private readonly kiosks: KiosksRepository,
    private readonly ageSplits: AgeSplitService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** The headline figures over [from, to), with the previous period of the same length beside them. */
  async summary({ from, to, wardCode }: Scope): Promise<Published<StatsSummary>> {
    const before = previousPeriod(from, to);
    const [current, previous, ageSplit, byOutcome, byRating] = await Promise.all([
      this.stats.figures(from, to, wardCode),
      this.stats.figures(before.from, before.to, wardCode),
      this.ageSplits.split(from, to, wardCode),
      this.stats.outcomes(from, to, wardCode),
      this.stats.ratings(from, to, wardCode),
    ]);
    return publish({
      from: from.toISOString(),
      to: to.toISOString(),
      wardCode: wardCode ?? null,
      ...totals(current),
      byOutcome,
      byRating,
      ageSplit,
      previous: {
        from: before.from.toISOString(),
        to: before.to.toISOString(),
        guidesCompleted: previous.guidesCompleted,
        accountsRegistered: previous.accountsRegistered,
        peopleReached: previous.peopleReached,
      },
      change: Object.fromEntries(
        METRICS.map((metric) => [metric, relativeChange(current[metric], previous[metric])]),
      ) as Record<Metric, number | null>,
    });
  }

  /** One metric per hour or city day: totals, which the rule leaves exact. */
  async timeseries({
    metric,
    bucket,
    from,
    to,
    wardCode,
  }: Scope & { metric: Metric; bucket: 'hour' | 'day' }): Promise<Published<Timeseries>> {
    const series = await this.stats.timeseries(metric, bucket, from, to, wardCode);
    return publish({
      metric,
      bucket,
      wardCode: wardCode ?? null,
      from: series.from.toISOString(),
      to: series.to.toISOString(),
      points: series.points,
    });
  }

  /**
   * Every ward and the median ward, with each ward's 60+ count from the published age split; the
   * comparison withholds other wards' from ward staff (`viewer`).
   */
  async byWard({ from, to, sort }: Scope & { sort: WardSort }, viewer: Principal): Promise<Published<WardFigures>> {
    const [rows, sixtyPlus] = await Promise.all([this.stats.wards(from, to), this.ageSplits.sixtyPlus(from, to)]);
    const { wards, median } = compareWards(rows, sixtyPlus.periods ? sixtyPlus.byWard : null, { sort, viewer });
    return publish({
      from: from.toISOString(),
      to: to.toISOString(),
      ageSplit: covered(sixtyPlus.periods, this.config.ageSplitPeriod),
      wards,
      median,
    });
  }

  /** A metric by weekday and hour of the day: totals, which the rule leaves exact. */
  async heatmap({ metric, from, to, wardCode }: Scope & { metric: Metric }): Promise<Published<Heatmap>> {
    const cells = await this.analytics.heatmap(metric, from, to, wardCode);
    return publish({ metric, wardCode: wardCode ?? null, from: from.toISOString(), to: to.toISOString(), cells });
  }

  /**
   * Per guide: its steps over all ages, exact, and for the city its age lines from the published
   * age split. Durations only from at least the threshold of completions, and for an age line
   * only where its counts are exact.
   */
  async funnel({ from, to, wardCode }: Scope): Promise<Published<Funnel>> {
    const [funnel, split] = await Promise.all([
      this.analytics.funnel(from, to, wardCode),
      wardCode === undefined ? this.ageSplits.funnel(from, to) : undefined,
    ]);
    // The age lines' durations are those of the days their counts cover: read again only when
    // those are not the range's own.
    const covers = split?.periods ? [cityDayToInstant(split.periods.from), cityDayToInstant(split.periods.to)] : null;
    const splitFunnel =
      covers === null
        ? undefined
        : covers[0].getTime() === from.getTime() && covers[1].getTime() === to.getTime()
          ? funnel
          : await this.analytics.funnel(covers[0], covers[1], undefined);
    const guides = funnel.guides.map((guide): PublishedFunnel => {
      const lines = split?.lines.get(guide.guide);
      const durationsOf = splitFunnel?.guides.find((line) => line.guide === guide.guide);
      return {
        ...this.withDurations(guide),
        guide: guide.guide,
        byAgeGroup:
          lines === undefined
            ? null
            : (Object.fromEntries(
                AGE_GROUPS.map((group) => [group, this.ageLine(lines[group], durationsOf?.byAgeGroup[group])]),
              ) as Record<AgeGroup, PublishedGuideSteps>),
      };
    });
    return publish({
      wardCode: wardCode ?? null,
      from: funnel.from.toISOString(),
      to: funnel.to.toISOString(),
      ageSplit: covered(split?.periods ?? null, this.config.ageSplitPeriod),
      guides,
    });
  }

  /** A line's steps with its durations withheld when fewer than the threshold completed it. */
  private withDurations(line: GuideSteps): GuideSteps {
    if (line.completed >= this.config.smallCountThreshold) return line;
    return { ...line, medianDurationMs: null, p90DurationMs: null };
  }

  /** An age line as published: its counts, and its rate and durations only where the counts are exact. */
  private ageLine(
    counts: Record<'started' | 'completed' | 'abandoned', PublishedGuideSteps['started']>,
    durations: GuideSteps | undefined,
  ): PublishedGuideSteps {
    const { started, completed, abandoned } = counts;
    const exact = typeof started === 'number' && typeof completed === 'number' && typeof abandoned === 'number';
    const timed = exact && completed >= this.config.smallCountThreshold ? durations : undefined;
    return {
      started,
      completed,
      abandoned,
      completionRate: exact && started > 0 ? completed / started : null,
      medianDurationMs: timed?.medianDurationMs ?? null,
      p90DurationMs: timed?.p90DurationMs ?? null,
    };
  }

  /** The totals of each kiosk in the ward (or the city): a kiosk-day is too small a unit to split by age. */
  async byKiosk({ from, to, wardCode }: Scope): Promise<Published<KiosksFigures>> {
    const [kiosks, counts] = await Promise.all([
      this.kiosks.fleet(wardCode ?? null, { from, to }),
      this.analytics.kioskFigures(from, to, wardCode),
    ]);
    return publish({
      from: from.toISOString(),
      to: to.toISOString(),
      wardCode: wardCode ?? null,
      kiosks: kiosks.map((kiosk) => ({
        kioskId: kiosk.id,
        label: kiosk.label,
        wardCode: kiosk.wardCode,
        ...totals(counts.get(kiosk.id) ?? figuresFromColumns(undefined)),
      })),
    });
  }
}
