import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type {
  Funnel,
  Heatmap,
  KiosksFigures,
  ReadView,
  StatsSummary,
  Timeseries,
  WardFigures,
} from '@kiosk-pulse/contract';
import { CurrentPrincipal } from '../access/decorators';
import type { Principal } from '../access/principal';
import { ReadAudit } from '../audit/read-audit';
import { parseInput } from '../http/parse-input';
import { WardAccess } from '../wards/ward-code';
import { sendCsv } from './csv';
import type { CsvLanguage } from './csv-labels';
import { funnelFile, heatmapFile, kiosksFile, summaryFile, timeseriesFile, wardsFile, type CsvFile } from './stats.csv';
import { funnelQuery, heatmapQuery, summaryQuery, timeseriesQuery, wardsQuery } from './stats-range';
import { StatsService, type Published } from './stats.service';

/** What `format` and `lang` ask for, and the scope asked for: a ward (none: the city) and a range. */
interface Asked {
  format: 'json' | 'csv';
  lang: CsvLanguage;
  wardCode?: string;
  from: Date;
  to: Date;
}

/**
 * The figures the dashboard shows. Every endpoint answers JSON, or with `format=csv` the same
 * table as a spreadsheet. Each one parses its query, checks the ward asked for, and answers
 * with what StatsService publishes (age-group counts below the small-count threshold hidden).
 * Each answer is recorded in the audit log (who, which ward or the city, which view and range;
 * a CSV as an export), never its figures.
 */
@Controller('api/v1/stats')
export class StatsController {
  constructor(
    private readonly stats: StatsService,
    private readonly wards: WardAccess,
    private readonly reads: ReadAudit,
  ) {}

  /** The headline figures over [from, to), for the city or one ward, with the previous period beside them. */
  @Get('summary')
  async summary(
    @Query() query: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Published<StatsSummary> | string> {
    const input = parseInput(summaryQuery, query);
    await this.wards.require(input.wardCode, principal);
    return this.answer(reply, principal, 'summary', input, await this.stats.summary(input), summaryFile);
  }

  @Get('timeseries')
  async timeseries(
    @Query() query: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Published<Timeseries> | string> {
    const input = parseInput(timeseriesQuery, query);
    await this.wards.require(input.wardCode, principal);
    return this.answer(reply, principal, 'timeseries', input, await this.stats.timeseries(input), timeseriesFile);
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
  ): Promise<Published<WardFigures> | string> {
    const input = parseInput(wardsQuery, query);
    return this.answer(reply, principal, 'wards', input, await this.stats.byWard(input, principal), wardsFile);
  }

  /** When people come: the metric by weekday and hour of the day, city time. */
  @Get('heatmap')
  async heatmap(
    @Query() query: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Published<Heatmap> | string> {
    const input = parseInput(heatmapQuery, query);
    await this.wards.require(input.wardCode, principal);
    return this.answer(reply, principal, 'heatmap', input, await this.stats.heatmap(input), heatmapFile);
  }

  /** Per guide: started against completed, completion rate and durations, by age group. */
  @Get('funnel')
  async funnel(
    @Query() query: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Published<Funnel> | string> {
    const input = parseInput(funnelQuery, query);
    await this.wards.require(input.wardCode, principal);
    return this.answer(reply, principal, 'funnel', input, await this.stats.funnel(input), funnelFile);
  }

  /** The same figures per kiosk, for the kiosks in the caller's scope (ward staff: their ward's). */
  @Get('kiosks')
  async byKiosk(
    @Query() query: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Published<KiosksFigures> | string> {
    const input = parseInput(summaryQuery, query);
    // Ward staff see their own ward's kiosks by default; another ward is refused, as everywhere.
    const wardCode = input.wardCode ?? (principal.role === 'ward_staff' ? (principal.wardCode as string) : undefined);
    await this.wards.require(wardCode, principal);
    const scope = { ...input, wardCode };
    return this.answer(reply, principal, 'kiosks', scope, await this.stats.byKiosk(scope), kiosksFile);
  }

  /** The figures themselves, or (format=csv) the file `file` lays out from them; recorded as read or exported. */
  private answer<T>(
    reply: FastifyReply,
    principal: Principal,
    view: ReadView,
    asked: Asked,
    figures: T,
    file: (lang: CsvLanguage, figures: T) => CsvFile,
  ): T | string {
    const { format, lang, wardCode, from, to } = asked;
    this.reads.record(principal, { view, wardCode, from, to, export: format === 'csv' ? 'csv' : undefined });
    if (format !== 'csv') return figures;
    const { name, table } = file(lang, figures);
    return sendCsv(reply, name, table);
  }
}
