import {
  Controller,
  ForbiddenException,
  Get,
  Headers,
  Inject,
  Query,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { REPORT_TOKEN_HEADER, type ReportData } from '@kiosk-pulse/contract';
import { CurrentPrincipal, Public } from '../access/decorators';
import type { Principal } from '../access/principal';
import { ReadAudit } from '../audit/read-audit';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { parseInput } from '../http/parse-input';
import { WardAccess } from '../wards/ward-code';
import { reportPeriods } from './report-period';
import { reportFileQuery, reportQuery } from './report.schema';
import { verifyPrintToken } from './report-token';
import { ReportsService, type ReportRequest } from './reports.service';

/**
 * Reports of a ward or the city over a week, month or half year: the figures (JSON), and the
 * files (PDF, XLSX) made from them. Readers as for the stats; ward staff their own ward only
 * (a city report lists every ward's kiosks and campaigns). Each answer is in the audit log,
 * a file as an export.
 */
@Controller('api/v1/reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly wards: WardAccess,
    private readonly reads: ReadAudit,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Get('data')
  async data(@Query() query: unknown, @CurrentPrincipal() principal: Principal): Promise<ReportData> {
    const request = await this.allowed(parseInput(reportQuery, query), principal);
    this.record(principal, request);
    return this.reports.data(request);
  }

  @Get('file')
  async file(
    @Query() query: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const input = parseInput(reportFileQuery, query);
    const request = await this.allowed(input, principal);
    const file = await this.reports.render({ ...request, format: input.format });
    this.record(principal, request, input.format);
    reply.header('content-type', file.contentType);
    reply.header('content-disposition', `attachment; filename="${file.filename}"`);
    reply.header('cache-control', 'no-store');
    return file.body;
  }

  /**
   * The report page's read, while Chromium prints it: the figures of the one report its print
   * credential names (short-lived, signed by this server when a PDF was asked for, and audited
   * there), never any other.
   */
  @Get('print')
  @Public()
  async print(@Headers(REPORT_TOKEN_HEADER) token: string | undefined): Promise<ReportData> {
    const claims = verifyPrintToken(this.config.jwtSecret, token);
    if (!claims) throw new UnauthorizedException('no valid report credential');
    return this.reports.printed(claims);
  }

  private async allowed(
    input: { scope: 'city' | 'ward'; ward?: string; period: ReportRequest['period']; start: string; lang: 'vi' | 'en' },
    principal: Principal,
  ): Promise<ReportRequest> {
    if (input.scope === 'city' && principal.role === 'ward_staff')
      throw new ForbiddenException('ward staff receive their own ward’s report (scope=ward)');
    await this.wards.require(input.ward, principal);
    return { scope: input.scope, wardCode: input.ward, period: input.period, start: input.start, language: input.lang };
  }

  private record(principal: Principal, request: ReportRequest, format?: 'pdf' | 'xlsx'): void {
    const { current } = reportPeriods(request.period, request.start);
    this.reads.record(principal, {
      view: 'report',
      wardCode: request.wardCode,
      from: new Date(current.from),
      to: new Date(current.to),
      export: format,
    });
  }
}
