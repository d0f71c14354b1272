import { BadRequestException, Controller, Get, Inject, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  METRICS,
  cityDay,
  type HeatmapCell,
  type Metric,
  type PublishedFigures,
  type PublishedFunnel,
  type TimeseriesPoint,
  type WardCounts,
} from '@kiosk-pulse/contract';
import { CurrentPrincipal } from '../auth/decorators';
import { assertCanReadWard, type Principal } from '../auth/principal';
import { API_CONFIG, type ApiConfig } from '../config';
import { parseInput } from '../http/zod-query';
import { KiosksRepository } from '../kiosks/kiosks.repository';
import { WardsRepository } from '../wards/wards.repository';
import { AnalyticsRepository } from './analytics.repository';
import { sendCsv } from './csv';
import { figuresFromColumns } from './figures';
import { funnelCsv, heatmapCsv, kiosksCsv, summaryCsv, timeseriesCsv, wardsCsv } from './stats-csv';
import { previousPeriod, relativeChange } from './period';
import { compareWards, type WardMedians } from './ward-comparison';
import { hideSmallAgeCounts, hideSmallFunnelCounts } from './small-counts';
import { StatsRepository } from './stats.repository';
import { funnelQuery, heatmapQuery, summaryQuery, timeseriesQuery, wardsQuery } from './stats-range';

type Summary = PublishedFigures & {
  from: string;
  to: string;
  wardCode: string | null;
  /** The same figures over the period of the same length just before. */
  previous: { from: string; to: string; guidesCompleted: number; accountsRegistered: number; peopleReached: number };
  /** Change against the previous period as a fraction (0.25 = +25 %), null when it had none. */
  change: Record<Metric, number | null>;
};

type KioskFigures = PublishedFigures & { kioskId: string; label: string; wardCode: string };

const range = (from: Date, to: Date) => `${cityDay(from)}_${cityDay(to.getTime() - 1)}`;

/**
 * The figures the dashboard shows. Every endpoint answers JSON, or with `format=csv` the same
 * table as a spreadsheet. Age-group counts below the small-count threshold are hidden.
 */
@Controller('api/v1/stats')
export class StatsController {
  constructor(
    private readonly stats: StatsRepository,
    private readonly analytics: AnalyticsRepository,
    private readonly wards: WardsRepository,
    private readonly kiosks: KiosksRepository,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** The headline figures over [from, to), for the city or one ward, with the previous period beside them. */
  @Get('summary')
  async summary(
    @Query() query: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Summary | string> {
    const { from, to, wardCode, format, lang } = parseInput(summaryQuery, query);
    await this.requireWard(wardCode, principal);
    const before = previousPeriod(from, to);
    const [current, previous] = await Promise.all([
      this.stats.figures(from, to, wardCode),
      this.stats.figures(before.from, before.to, wardCode),
    ]);
    const published = hideSmallAgeCounts(current, this.config.smallCountThreshold);
    if (format === 'csv') {
      return sendCsv(
        reply,
        `summary_${wardCode ?? 'city'}_${range(from, to)}.csv`,
        summaryCsv(lang, current, published, previous),
      );
    }
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      wardCode: wardCode ?? null,
      ...published,
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
    };
  }

  @Get('timeseries')
  async timeseries(
    @Query() query: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<
    | {
        metric: Metric;
        bucket: 'hour' | 'day';
        wardCode: string | null;
        from: string;
        to: string;
        points: TimeseriesPoint[];
      }
    | string
  > {
    const { metric, bucket, from, to, wardCode, format, lang } = parseInput(timeseriesQuery, query);
    await this.requireWard(wardCode, principal);
    const series = await this.stats.timeseries(metric, bucket, from, to, wardCode);
    if (format === 'csv') {
      return sendCsv(
        reply,
        `${metric}_${bucket}_${wardCode ?? 'city'}_${range(series.from, series.to)}.csv`,
        timeseriesCsv(lang, metric, bucket, series.points),
      );
    }
    return {
      metric,
      bucket,
      wardCode: wardCode ?? null,
      from: series.from.toISOString(),
      to: series.to.toISOString(),
      points: series.points,
    };
  }

  /**
   * Every ward with its three counts over [from, to), rates per 10,000 residents where the
   * population is known, and the city's median ward: the comparison every role may see, in the
   * order `sort` asks for. Ward staff see their own ward in full and the others only as these
   * three counts and their rates (people reached aged 60+ withheld, as null).
   */
  @Get('wards')
  async byWard(
    @Query() query: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ from: string; to: string; wards: WardCounts[]; median: WardMedians } | string> {
    const { from, to, format, lang, sort } = parseInput(wardsQuery, query);
    const { wards, median } = compareWards(await this.stats.wards(from, to), this.config.smallCountThreshold, {
      sort,
      viewer: principal,
    });
    if (format === 'csv') return sendCsv(reply, `wards_${range(from, to)}.csv`, wardsCsv(lang, wards));
    return { from: from.toISOString(), to: to.toISOString(), wards, median };
  }

  /** When people come: the metric by weekday and hour of the day, city time. */
  @Get('heatmap')
  async heatmap(
    @Query() query: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ metric: Metric; wardCode: string | null; from: string; to: string; cells: HeatmapCell[] } | string> {
    const { metric, from, to, wardCode, format, lang } = parseInput(heatmapQuery, query);
    await this.requireWard(wardCode, principal);
    const cells = await this.analytics.heatmap(metric, from, to, wardCode);
    if (format === 'csv') {
      return sendCsv(
        reply,
        `${metric}_by_hour_${wardCode ?? 'city'}_${range(from, to)}.csv`,
        heatmapCsv(lang, metric, cells),
      );
    }
    return { metric, wardCode: wardCode ?? null, from: from.toISOString(), to: to.toISOString(), cells };
  }

  /** Per guide: started against completed, completion rate and durations, by age group. */
  @Get('funnel')
  async funnel(
    @Query() query: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ wardCode: string | null; from: string; to: string; guides: PublishedFunnel[] } | string> {
    const { from, to, wardCode, format, lang } = parseInput(funnelQuery, query);
    await this.requireWard(wardCode, principal);
    const funnel = await this.analytics.funnel(from, to, wardCode);
    const guides = funnel.guides.map((guide) => hideSmallFunnelCounts(guide, this.config.smallCountThreshold));
    if (format === 'csv') {
      return sendCsv(
        reply,
        `guides_${wardCode ?? 'city'}_${range(funnel.from, funnel.to)}.csv`,
        funnelCsv(lang, guides),
      );
    }
    return { wardCode: wardCode ?? null, from: funnel.from.toISOString(), to: funnel.to.toISOString(), guides };
  }

  /** The same figures per kiosk, for the kiosks in the caller's scope (ward staff: their ward's). */
  @Get('kiosks')
  async byKiosk(
    @Query() query: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ from: string; to: string; wardCode: string | null; kiosks: KioskFigures[] } | string> {
    const parsed = parseInput(summaryQuery, query);
    const { from, to, format } = parsed;
    // Ward staff see their own ward's kiosks by default; another ward is refused, as everywhere.
    const wardCode = parsed.wardCode ?? (principal.role === 'ward_staff' ? (principal.wardCode as string) : undefined);
    await this.requireWard(wardCode, principal);
    const [kiosks, counts] = await Promise.all([
      this.kiosks.fleet(wardCode ?? null, { from, to }),
      this.analytics.kioskFigures(from, to, wardCode),
    ]);
    const figures: KioskFigures[] = kiosks.map((kiosk) => ({
      kioskId: kiosk.id,
      label: kiosk.label,
      wardCode: kiosk.wardCode,
      ...hideSmallAgeCounts(counts.get(kiosk.id) ?? figuresFromColumns(undefined), this.config.smallCountThreshold),
    }));
    if (format === 'csv') {
      return sendCsv(reply, `kiosks_${wardCode ?? 'city'}_${range(from, to)}.csv`, kiosksCsv(parsed.lang, figures));
    }
    return { from: from.toISOString(), to: to.toISOString(), wardCode: wardCode ?? null, kiosks: figures };
  }

  /** A ward's full figures are for those who may read that ward; the city's totals for everyone. */
  private async requireWard(wardCode: string | undefined, principal: Principal): Promise<void> {
    if (wardCode === undefined) return;
    if (!(await this.wards.exists(wardCode))) throw new BadRequestException(`unknown ward ${wardCode}`);
    assertCanReadWard(principal, wardCode);
  }
}
