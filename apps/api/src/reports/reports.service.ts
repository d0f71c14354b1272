import { Inject, Injectable } from '@nestjs/common';
import {
  AGE_GROUPS_60_PLUS,
  METRICS,
  TARGET_COUNT_NOTE,
  cityDay,
  type AgeCount,
  type Metric,
} from '@kiosk-pulse/contract';
import type {
  ReportData,
  ReportFormat,
  ReportLanguage,
  ReportPeriodKind,
  ReportScope,
  ReportTotals,
} from '@kiosk-pulse/contract';
import type { Principal } from '../access/principal';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { AgeSplitService } from '../privacy/age-split.service';
import { relativeChange } from '../stats/period';
import { StatsRepository } from '../stats/stats.repository';
import { StatsService } from '../stats/stats.service';
import { compareWards } from '../stats/ward-comparison';
import { TargetsService } from '../targets/targets.service';
import { ReportPdf } from './report-pdf';
import { dayText, reportPeriods } from './report-period';
import { signPrintToken, type PrintClaims } from './report-token';
import { REPORT_WORDS } from './report-words';
import { reportRenders } from './report.metrics';
import { reportWorkbook } from './report-xlsx';
import { ReportsRepository } from './reports.repository';

/** One report: whose, which period, in which language. */
export interface ReportRequest {
  scope: ReportScope;
  wardCode?: string;
  period: ReportPeriodKind;
  /** A city day (YYYY-MM-DD) in the period. */
  start: string;
  language: ReportLanguage;
}

export interface ReportFile {
  body: Buffer;
  filename: string;
  contentType: string;
}

const CONTENT_TYPES: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const cityTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant as people in the city write it: 06/12/2026 17:40. */
export const cityTimeText = (instant: Date | number): string => cityTime.format(instant).replace(',', '');

/** A 60+ figure summed from its age groups: exact when they all are, else at least what they show. */
function sumAgeCounts(counts: AgeCount[]): AgeCount {
  let shown = 0;
  let hidden = false;
  for (const count of counts) {
    if (typeof count === 'number') shown += count;
    else {
      hidden = true;
      shown += count.atLeast;
    }
  }
  return hidden ? { atLeast: shown } : shown;
}

const totalsOf = (figures: ReportTotals): ReportTotals => ({
  peopleReached: figures.peopleReached,
  guidesCompleted: figures.guidesCompleted,
  accountsRegistered: figures.accountsRegistered,
});

const byMetric = <T>(value: (metric: Metric) => T) =>
  Object.fromEntries(METRICS.map((metric) => [metric, value(metric)])) as Record<Metric, T>;

/**
 * A ward's or the city's report over a week, month or half year. Every figure comes from the
 * code the dashboard reads through (StatsService, whose age figures are the published, suppressed
 * splits; the targets' progress; the campaigns), so a report says what the screen says.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly stats: StatsService,
    private readonly statsRepository: StatsRepository,
    private readonly ageSplits: AgeSplitService,
    private readonly targets: TargetsService,
    private readonly campaigns: CampaignsRepository,
    private readonly reports: ReportsRepository,
    private readonly pdf: ReportPdf,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** The report's figures. The caller has checked that whoever asks may read the ward. */
  async data(request: ReportRequest, generatedAt = Date.now()): Promise<ReportData> {
    const { scope, language } = request;
    const wardCode = scope === 'ward' ? (request.wardCode as string) : undefined;
    const words = REPORT_WORDS[language];
    const { current, previous } = reportPeriods(request.period, request.start, language);
    const from = new Date(current.from);
    const to = new Date(current.to);
    const before = { from: new Date(previous.from), to: new Date(previous.to) };
    // Targets where they stood at the period's end (or now, for a period still running).
    const asOf = Math.min(generatedAt, to.getTime() - 1);
    const [summary, previousFigures, previousOutcomes, wardRows, sixtyPlus, funnel, days, progress] = await Promise.all(
      [
        this.stats.summary({ from, to, wardCode }),
        this.statsRepository.figures(before.from, before.to, wardCode),
        this.statsRepository.outcomes(before.from, before.to, wardCode),
        this.statsRepository.wards(from, to),
        wardCode === undefined ? undefined : this.ageSplits.sixtyPlus(from, to),
        this.stats.funnel({ from, to, wardCode }),
        this.stats.timeseries({ metric: 'peopleReached', bucket: 'day', from, to, wardCode }),
        this.targets.progress(targetReader(wardCode), { wardCode }, asOf),
      ],
    );
    const [activity, kioskTotals, campaigns, name] = await Promise.all([
      this.reports.kioskActivity(from, to, wardCode ?? null),
      this.stats.byKiosk({ from, to, wardCode }),
      this.campaigns.list({ wards: wardCode === undefined ? undefined : [wardCode], from, to }),
      wardCode === undefined ? undefined : this.reports.wardName(wardCode),
    ]);
    const { median } = compareWards(wardRows, null);
    const totals = totalsOf(summary);
    const kiosks = activity.map((kiosk) => {
      const counted = kioskTotals.kiosks.find((row) => row.kioskId === kiosk.kioskId);
      return {
        kioskId: kiosk.kioskId,
        label: kiosk.label,
        wardCode: kiosk.wardCode,
        peopleReached: counted?.peopleReached ?? 0,
        guidesCompleted: counted?.guidesCompleted ?? 0,
        accountsRegistered: counted?.accountsRegistered ?? 0,
        daysActive: kiosk.daysActive,
        hoursHeard: kiosk.hoursHeard,
        uptime: kiosk.hoursPossible > 0 ? Math.min(1, kiosk.hoursHeard / kiosk.hoursPossible) : null,
      };
    });
    const uptimes = kiosks.flatMap((kiosk) => (kiosk.uptime === null ? [] : [kiosk.uptime]));
    const wardNames = new Map(wardRows.map((row) => [row.wardCode, row.name]));
    const ownTargets = progress.targets.filter((entry) =>
      wardCode === undefined ? entry.target.wardCode === null : entry.target.wardCode === wardCode,
    );
    return {
      scope: request.scope,
      wardCode: wardCode ?? null,
      placeName: name ? name[language] : words.city,
      language,
      period: current,
      previousPeriod: previous,
      generatedAt: new Date(generatedAt).toISOString(),
      generatedAtText: cityTimeText(generatedAt),
      suppression: {
        threshold: this.config.smallCountThreshold,
        rule: words.suppressionRule(this.config.smallCountThreshold),
      },
      countNote: TARGET_COUNT_NOTE[language],
      totals,
      previous: totalsOf(previousFigures),
      change: byMetric((metric) => relativeChange(totals[metric], previousFigures[metric])),
      median: byMetric((metric) => median[metric]),
      againstMedian: byMetric((metric) =>
        wardCode === undefined || median[metric] === null ? null : relativeChange(totals[metric], median[metric]),
      ),
      byOutcome: summary.byOutcome,
      previousByOutcome: previousOutcomes,
      ageSplit: summary.ageSplit,
      sixtyPlus:
        sixtyPlus === undefined
          ? sumAgeCounts(AGE_GROUPS_60_PLUS.map((group) => summary.ageSplit.byAgeGroup[group]))
          : sixtyPlus.periods === null
            ? 0
            : (sixtyPlus.byWard.get(wardCode as string) ?? 0),
      sixtyPlusGroups: [...AGE_GROUPS_60_PLUS],
      days: days.points.map((point) => ({ day: cityDay(new Date(point.t)), peopleReached: point.value })),
      guides: funnel.guides,
      targets: {
        asOf: cityDay(asOf),
        progress: ownTargets.map((entry) => ({
          ...entry,
          wardName: entry.target.wardCode === null ? null : (wardNames.get(entry.target.wardCode) ?? null),
        })),
      },
      kiosks: {
        registered: kiosks.length,
        active: kiosks.filter((kiosk) => kiosk.daysActive > 0).length,
        meanUptime: uptimes.length === 0 ? null : uptimes.reduce((sum, value) => sum + value, 0) / uptimes.length,
        list: kiosks,
      },
      campaigns,
    };
  }

  /** The report as a file: a PDF printed by Chromium from the report page, or an XLSX workbook. */
  async render(request: ReportRequest & { format: ReportFormat }): Promise<ReportFile> {
    const generatedAt = Date.now();
    const base = `${REPORT_WORDS[request.language].fileStem}-${request.scope === 'ward' ? request.wardCode : 'thanh-pho'}`;
    const { current } = reportPeriods(request.period, request.start, request.language);
    const filename = `${base}-${request.period}-${current.firstDay}.${request.format}`;
    reportRenders.inc({ format: request.format });
    if (request.format === 'xlsx') {
      const data = await this.data(request, generatedAt);
      return { body: await reportWorkbook(data), filename, contentType: CONTENT_TYPES.xlsx };
    }
    const claims: Omit<PrintClaims, 'purpose' | 'exp' | 'jti'> = {
      scope: request.scope,
      wardCode: request.scope === 'ward' ? (request.wardCode as string) : null,
      period: request.period,
      start: current.firstDay,
      language: request.language,
      generatedAt,
    };
    const token = signPrintToken(this.config.jwtSecret, claims, generatedAt);
    const words = REPORT_WORDS[request.language];
    const place = request.scope === 'ward' ? await this.reports.wardName(request.wardCode as string) : undefined;
    const body = await this.pdf.print(token, {
      place: place ? place[request.language] : words.city,
      // A week's label names its days already; a month's and a half year's do not.
      period:
        current.kind === 'week'
          ? current.label
          : `${current.label} (${dayText(current.firstDay)} – ${dayText(current.lastDay)})`,
      generated: `${words.generated} ${cityTimeText(generatedAt)}`,
      rule: words.suppressionRule(this.config.smallCountThreshold),
      page: words.page,
    });
    return { body, filename, contentType: CONTENT_TYPES.pdf };
  }

  /** The figures a print credential names: the report page's own read. */
  async printed(claims: PrintClaims): Promise<ReportData> {
    return this.data(
      {
        scope: claims.scope,
        wardCode: claims.wardCode ?? undefined,
        period: claims.period,
        start: claims.start,
        language: claims.language,
      },
      claims.generatedAt,
    );
  }
}

/**
 * Whose targets a report lists: the ward's (its teams' too) and the city's for a ward, all for
 * the city. Not a person: TargetsService scopes its answer by a reader's role, and the caller of
 * the report has already been checked against the ward.
 */
function targetReader(wardCode: string | undefined): Principal {
  return wardCode === undefined
    ? { actor: 'report', role: 'city_official', wardCode: null, userId: null, ownerId: null }
    : { actor: 'report', role: 'ward_staff', wardCode, userId: null, ownerId: null };
}
