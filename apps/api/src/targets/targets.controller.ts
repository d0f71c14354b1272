import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  PayloadTooLargeException,
  Post,
  Query,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { Target, TargetImportResult, TargetProgressReport, Team } from '@kiosk-pulse/contract';
import { cityDayStart, cityDayToInstant, nextCityDayStart } from '@kiosk-pulse/contract/time';
import { CurrentPrincipal, Roles } from '../access/decorators';
import { listedWards, type Principal } from '../access/principal';
import { ReadAudit } from '../audit/read-audit';
import { parseInput } from '../http/parse-input';
import { WardAccess } from '../wards/ward-code';
import { csvRows, readTargetRows, xlsxRows } from './target-import';
import {
  createTargetBody,
  targetFields,
  targetsQuery,
  teamBody,
  updateTargetBody,
  updateTeamBody,
} from './target.schema';
import { TargetsRepository } from './targets.repository';
import { assertSetsTargets, importRefusal, TargetsService } from './targets.service';

export const CSV_TYPE = 'text/csv';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Targets per indicator, ward (or the city) and period, and how far the kiosks' counts have come
 * toward them. Admins and city officials set them, one by one or from the city's spreadsheet;
 * ward staff read their own ward's and the city's.
 */
@Controller('api/v1/targets')
export class TargetsController {
  constructor(
    private readonly service: TargetsService,
    private readonly targets: TargetsRepository,
    private readonly wards: WardAccess,
    private readonly reads: ReadAudit,
  ) {}

  @Get()
  async list(@Query() query: unknown, @CurrentPrincipal() principal: Principal): Promise<Target[]> {
    const filter = parseInput(targetsQuery, query);
    await this.wards.require(filter.wardCode, principal);
    return this.targets.list({
      wards: listedWards(principal, filter.wardCode),
      indicator: filter.indicator,
    });
  }

  @Post()
  @Roles('admin', 'city_official')
  async create(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<Target> {
    return this.service.create(targetFields(parseInput(createTargetBody, body)), principal);
  }

  /** Every target in the caller's scope with its count, percent and pace, and the wards ranked. */
  @Get('progress')
  async progress(@Query() query: unknown, @CurrentPrincipal() principal: Principal): Promise<TargetProgressReport> {
    const filter = parseInput(targetsQuery, query);
    const now = Date.now();
    const report = await this.service.progress(principal, filter, now);
    // A read of figures like the stats' (the ward asked for, or the city), over the days counted:
    // from the earliest start day read to the end of today.
    const first = [...report.targets, ...report.compared].reduce(
      (earliest, entry) => (entry.target.startDay < earliest ? entry.target.startDay : earliest),
      report.asOf,
    );
    const from = new Date(Math.min(cityDayToInstant(first).getTime(), cityDayStart(now).getTime()));
    this.reads.record(principal, { view: 'targets', wardCode: filter.wardCode, from, to: nextCityDayStart(now) });
    return report;
  }

  /**
   * The city's spreadsheet, as the body (Content-Type text/csv, or the XLSX type): every row
   * written in one transaction, or none and every error with its row and column.
   */
  @Post('import')
  @Roles('admin', 'city_official')
  @HttpCode(200)
  async import(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Headers('x-file-name') fileName: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TargetImportResult> {
    assertSetsTargets(principal);
    const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
    const format = type === CSV_TYPE ? 'csv' : type === XLSX_TYPE ? 'xlsx' : undefined;
    if (!format || !Buffer.isBuffer(body))
      throw new UnsupportedMediaTypeException(`send the file as the body, of type ${CSV_TYPE} or ${XLSX_TYPE}`);
    let sheet;
    try {
      sheet = format === 'csv' ? csvRows(body) : await xlsxRows(body);
    } catch (error) {
      if (error instanceof PayloadTooLargeException) throw error;
      throw importRefusal([
        {
          row: 1,
          column: '',
          message: `the file cannot be read as ${format.toUpperCase()}: ${(error as Error).message}`,
        },
      ]);
    }
    const known = { wards: await this.targets.wardCodes(), teams: await this.targets.teams() };
    const { rows, errors } = readTargetRows(sheet, known);
    if (errors.length > 0) throw importRefusal(errors);
    return this.service.import(rows, { name: fileNameOf(fileName), format }, principal);
  }

  @Get('teams')
  teams(@CurrentPrincipal() principal: Principal): Promise<Team[]> {
    return this.service.teams(principal);
  }

  @Post('teams')
  @Roles('admin', 'city_official')
  createTeam(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<Team> {
    const input = parseInput(teamBody, body);
    return this.service.createTeam({ ...input, wardCode: input.wardCode ?? null }, principal);
  }

  @Patch('teams/:id')
  @Roles('admin', 'city_official')
  updateTeam(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Team> {
    return this.service.updateTeam(id, parseInput(updateTeamBody, body), principal);
  }

  @Delete('teams/:id')
  @Roles('admin', 'city_official')
  @HttpCode(204)
  async deleteTeam(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal) {
    await this.service.deleteTeam(id, principal);
  }

  @Get(':id')
  one(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal): Promise<Target> {
    return this.service.readable(id, principal);
  }

  @Patch(':id')
  @Roles('admin', 'city_official')
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Target> {
    return this.service.update(id, parseInput(updateTargetBody, body), principal);
  }

  @Delete(':id')
  @Roles('admin', 'city_official')
  @HttpCode(204)
  async delete(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal) {
    await this.service.delete(id, principal);
  }
}

/**
 * The X-File-Name header, percent-encoded by the caller (a header cannot carry "Chỉ tiêu quý
 * II.xlsx" as it is), for the audit log; a name that does not decode is kept as sent.
 */
export function fileNameOf(header: string | undefined): string | null {
  if (!header) return null;
  let name = header;
  try {
    name = decodeURIComponent(header);
  } catch {
    // Not percent-encoded: as sent.
  }
  return name.replace(/[\p{Cc}\p{Cf}]/gu, '').slice(0, 200) || null;
}
