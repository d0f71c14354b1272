import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  AGE_GROUPS,
  METRICS,
  OUTCOMES,
  cityDay,
  type AgeGroup,
  type Metric,
  type Outcome,
  type PublicCount,
  type PublicDay,
  type PublicView,
  type ShareLink,
} from '@kiosk-pulse/contract';
import { cityDayStart, cityDayToInstant, nextCityDayStart } from '@kiosk-pulse/contract/time';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { AgeSplitService } from '../privacy/age-split.service';
import { StatsRepository } from '../stats/stats.repository';
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
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    this.roundingSecret = createHmac('sha256', config.jwtSecret).update('kiosk-pulse public rounding').digest();
  }

  async view(link: ShareLink, now: number = Date.now()): Promise<PublicView> {
    const ward = link.wardCode ?? undefined;
    const today = cityDayStart(now);
    const first = cityDayToInstant(cityDay(now, -PUBLIC_DAYS));
    const [todays, series, split, wards, outcomes] = await Promise.all([
      this.stats.figures(today, nextCityDayStart(now), ward),
      Promise.all(METRICS.map((metric) => this.stats.timeseries(metric, 'day', first, today, ward, today))),
      this.ageSplits.split(first, today, ward, this.config.publicView.threshold),
      this.stats.wards(first, today),
      this.stats.outcomes(first, today, ward),
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
    };
  }
}
