import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  AGE_GROUPS,
  METRICS,
  OUTCOMES,
  addCityDays,
  cityDay,
  type AgeGroup,
  type Metric,
  type Outcome,
  type PublicCount,
  type PublicDay,
  type PublicTarget,
  type PublicView,
  type TargetProgress,
  type ShareLink,
} from '@kiosk-pulse/contract';
import { cityDayStart, cityDayToInstant, nextCityDayStart } from '@kiosk-pulse/contract/time';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { AgeSplitService } from '../privacy/age-split.service';
import { StatsRepository } from '../stats/stats.repository';
import { TargetsService } from '../targets/targets.service';
import { publicAgeCount, publicCount } from './public-count';

/** How many city days before today the page shows. */
export const PUBLIC_DAYS = 30;

/**
 * The public view of a share link's ward or city (docs/privacy.md, "The public view"): today's
 * totals, exact; and every breakdown (per day, per ward, per age group) under the stricter public
 * rule: age splits published at the public threshold, and every breakdown count below it not
 * shown, the others randomly rounded to a multiple of 5. No kiosk, no person, no admin data.
 */
@Injectable()
export class PublicViewService {
  /** The key of the rounding's coin: a secret, or anyone could tell which way a figure went. */
  private readonly roundingSecret: Buffer;

  constructor(
    private readonly stats: StatsRepository,
    private readonly ageSplits: AgeSplitService,
    private readonly targets: TargetsService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    this.roundingSecret = createHmac('sha256', config.jwtSecret).update('kiosk-pulse public rounding').digest();
  }

  async view(link: ShareLink, now: number = Date.now()): Promise<PublicView> {
    const ward = link.wardCode ?? undefined;
    const today = cityDayStart(now);
    const first = cityDayToInstant(cityDay(now, -PUBLIC_DAYS));
    const [todays, series, split, wards, outcomes, targets] = await Promise.all([
      this.stats.figures(today, nextCityDayStart(now), ward),
      Promise.all(METRICS.map((metric) => this.stats.timeseries(metric, 'day', first, today, ward, today))),
      this.ageSplits.split(first, today, ward, this.config.publicView.threshold),
      this.stats.wards(first, today),
      this.stats.outcomes(first, today, ward),
      this.targetProgress(ward, now),
    ]);
    // A figure is rounded the same way wherever it shows (a ward's own link and the city's map),
    // so that two roundings of one number never narrow it down.
    const scope = ward === undefined ? 'city' : `ward:${ward}`;
    const count = (value: number, figure: string) =>
      publicCount(value, this.config.publicView.threshold, figure, this.roundingSecret);
    const days: PublicDay[] = series[0].points.map((point, index) => {
      const day = cityDay(Date.parse(point.t));
      const values = Object.fromEntries(
        METRICS.map((metric, m) => [metric, count(series[m].points[index].value, `${scope}|${day}|${metric}`)]),
      ) as Record<Metric, PublicCount>;
      return { day, ...values };
    });
    const range = `${cityDay(first)}..${cityDay(today)}`;
    const shown = wards.filter((row) => ward === undefined || row.wardCode === ward);
    return {
      label: link.label,
      scope: ward === undefined ? 'city' : 'ward',
      wardCode: link.wardCode,
      wardName: ward === undefined ? null : (shown[0]?.name ?? null),
      asOf: new Date(now).toISOString(),
      today: {
        day: cityDay(now),
        peopleReached: todays.peopleReached,
        guidesCompleted: todays.guidesCompleted,
        accountsRegistered: todays.accountsRegistered,
      },
      days,
      ageSplit: {
        period: split.period,
        from: split.from,
        to: split.to,
        byAgeGroup: Object.fromEntries(
          AGE_GROUPS.map((group) => [
            group,
            publicAgeCount(
              split.byAgeGroup[group],
              this.config.publicView.threshold,
              `${scope}|${split.from}..${split.to}|age:${group}`,
              this.roundingSecret,
            ),
          ]),
        ) as Record<AgeGroup, PublicCount>,
      },
      outcomes: Object.fromEntries(
        OUTCOMES.map((outcome) => [outcome, count(outcomes[outcome], `${scope}|${range}|outcome:${outcome}`)]),
      ) as Record<Outcome, PublicCount>,
      wards: shown.map((row) => ({
        wardCode: row.wardCode,
        name: row.name,
        peopleReached: count(row.peopleReached, `ward:${row.wardCode}|${range}|peopleReached`),
      })),
      targets,
    };
  }

  /**
   * The scope's own targets under the public rule. A count of visits or of an outcome is a total
   * over the target's days, rounded as a breakdown; a count of some age groups is an age split,
   * so it is the sum of the published periods the target's days touch (under the public
   * threshold), never a count over days of its own that two answers could be subtracted from.
   * Such a target's pace is an age split of the last 7 days: its status is told only when the
   * published count meets it, or before its start.
   */
  private async targetProgress(ward: string | undefined, now: number): Promise<PublicTarget[]> {
    const threshold = this.config.publicView.threshold;
    const scope = ward === undefined ? 'city' : `ward:${ward}`;
    const today = cityDay(now);
    const targets = (await this.targets.scopeTargets(ward ?? null)).sort(
      (a, b) =>
        a.deadline.localeCompare(b.deadline) ||
        a.indicator.localeCompare(b.indicator) ||
        a.startDay.localeCompare(b.startDay),
    );
    // Only totals are measured here: an age group's count comes from its published periods.
    const totals = new Map(
      (
        await this.targets.progressOf(
          targets.filter((target) => target.ageGroups === null),
          now,
        )
      ).map((entry) => [entry.target.id, entry]),
    );
    return Promise.all(
      targets.map(async (target): Promise<PublicTarget> => {
        const end = addCityDays(target.deadline < today ? target.deadline : today, 1);
        const shown = (value: PublicCount, from: string | null, to: string | null) => ({
          indicator: target.indicator,
          ageGroups: target.ageGroups,
          target: target.target,
          count: value,
          percent: typeof value === 'number' ? Math.round((value / target.target) * 1000) / 10 : null,
          startDay: target.startDay,
          deadline: target.deadline,
          countedFrom: from,
          countedTo: to,
        });
        if (target.ageGroups === null) {
          const { count, status } = totals.get(target.id) as TargetProgress;
          if (target.startDay >= end) return { ...shown(0, null, null), status };
          // Keyed as the view's other figures of the same days are, so one figure rounds one way.
          const figure = target.indicator === 'visits' ? 'peopleReached' : `outcome:${target.indicator}`;
          const key = `${scope}|${target.startDay}..${end}|${figure}`;
          return { ...shown(publicCount(count, threshold, key, this.roundingSecret), target.startDay, end), status };
        }
        const notStarted = today < target.startDay ? ('not_started' as const) : null;
        // Counted as the signed-in view counts it, at the public threshold.
        const published = await this.targets.publishedTargetCount(
          { ...target, ageGroups: target.ageGroups },
          today,
          threshold,
        );
        if (published.from === null || published.to === null) return { ...shown(0, null, null), status: notStarted };
        const sum = published.count;
        const key = `${scope}|${published.from}..${published.to}|age:${target.ageGroups.join('+')}`;
        const met = typeof sum === 'number' && sum >= target.target ? ('met' as const) : null;
        return {
          ...shown(publicAgeCount(sum, threshold, key, this.roundingSecret), published.from, published.to),
          status: met ?? notStarted,
        };
      }),
    );
  }
}
