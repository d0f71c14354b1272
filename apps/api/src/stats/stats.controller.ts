import { BadRequestException, Controller, Get, Inject, Query } from '@nestjs/common';
import type { Metric, PublishedFigures, TimeseriesPoint, WardCounts } from '@kiosk-pulse/contract';
import { CurrentPrincipal } from '../auth/decorators';
import { assertCanReadWard, type Principal } from '../auth/principal';
import { API_CONFIG, type ApiConfig } from '../config';
import { parseInput } from '../http/zod-query';
import { WardsRepository } from '../wards/wards.repository';
import { hideSmallAgeCounts } from './small-counts';
import { StatsRepository } from './stats.repository';
import { summaryQuery, timeseriesQuery, wardsQuery } from './stats-range';

@Controller('api/v1/stats')
export class StatsController {
  constructor(
    private readonly stats: StatsRepository,
    private readonly wards: WardsRepository,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** The headline figures over [from, to), for the city or one ward. */
  @Get('summary')
  async summary(
    @Query() query: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PublishedFigures & { from: string; to: string; wardCode: string | null }> {
    const { from, to, wardCode } = parseInput(summaryQuery, query);
    await this.requireWard(wardCode, principal);
    const figures = hideSmallAgeCounts(await this.stats.figures(from, to, wardCode), this.config.smallCountThreshold);
    return { from: from.toISOString(), to: to.toISOString(), wardCode: wardCode ?? null, ...figures };
  }

  @Get('timeseries')
  async timeseries(
    @Query() query: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{
    metric: Metric;
    bucket: 'hour' | 'day';
    wardCode: string | null;
    from: string;
    to: string;
    points: TimeseriesPoint[];
  }> {
    const { metric, bucket, from, to, wardCode } = parseInput(timeseriesQuery, query);
    await this.requireWard(wardCode, principal);
    const series = await this.stats.timeseries(metric, bucket, from, to, wardCode);
    return {
      metric,
      bucket,
      wardCode: wardCode ?? null,
      from: series.from.toISOString(),
      to: series.to.toISOString(),
      points: series.points,
    };
  }

  /** Every ward with its three counts over [from, to): the comparison every role may see. */
  @Get('wards')
  async byWard(@Query() query: unknown): Promise<{ from: string; to: string; wards: WardCounts[] }> {
    const { from, to } = parseInput(wardsQuery, query);
    return { from: from.toISOString(), to: to.toISOString(), wards: await this.stats.wards(from, to) };
  }

  /** A ward's full figures are for those who may read that ward; the city's totals for everyone. */
  private async requireWard(wardCode: string | undefined, principal: Principal): Promise<void> {
    if (wardCode === undefined) return;
    if (!(await this.wards.exists(wardCode))) throw new BadRequestException(`unknown ward ${wardCode}`);
    assertCanReadWard(principal, wardCode);
  }
}
