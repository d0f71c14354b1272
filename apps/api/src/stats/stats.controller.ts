import { Controller, Get, BadRequestException, Query, UseGuards } from '@nestjs/common';
import type { CountsFigures, Metric, TimeseriesPoint, WardCounts } from '@kiosk-pulse/contract';
import { AdminTokenGuard } from '../auth/admin-token.guard';
import { parseInput } from '../http/zod-query';
import { WardsRepository } from '../wards/wards.repository';
import { StatsRepository } from './stats.repository';
import { summaryQuery, timeseriesQuery, wardsQuery } from './stats-range';

@Controller('api/v1/stats')
@UseGuards(AdminTokenGuard)
export class StatsController {
  constructor(
    private readonly stats: StatsRepository,
    private readonly wards: WardsRepository,
  ) {}

  /** The headline figures over [from, to), for the city or one ward. */
  @Get('summary')
  async summary(
    @Query() query: unknown,
  ): Promise<CountsFigures & { from: string; to: string; wardCode: string | null }> {
    const { from, to, wardCode } = parseInput(summaryQuery, query);
    await this.requireWard(wardCode);
    const figures = await this.stats.figures(from, to, wardCode);
    return { from: from.toISOString(), to: to.toISOString(), wardCode: wardCode ?? null, ...figures };
  }

  @Get('timeseries')
  async timeseries(@Query() query: unknown): Promise<{
    metric: Metric;
    bucket: 'hour' | 'day';
    wardCode: string | null;
    from: string;
    to: string;
    points: TimeseriesPoint[];
  }> {
    const { metric, bucket, from, to, wardCode } = parseInput(timeseriesQuery, query);
    await this.requireWard(wardCode);
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

  /** Every ward with its three counts over [from, to). */
  @Get('wards')
  async byWard(@Query() query: unknown): Promise<{ from: string; to: string; wards: WardCounts[] }> {
    const { from, to } = parseInput(wardsQuery, query);
    return { from: from.toISOString(), to: to.toISOString(), wards: await this.stats.wards(from, to) };
  }

  private async requireWard(wardCode: string | undefined): Promise<void> {
    if (wardCode !== undefined && !(await this.wards.exists(wardCode))) {
      throw new BadRequestException(`unknown ward ${wardCode}`);
    }
  }
}
