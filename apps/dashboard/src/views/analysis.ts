import {
  AGE_GROUPS,
  API,
  RATINGS,
  cityDay,
  type AgeCount,
  type Campaign,
  type AgeSplitPeriods,
  type HeatmapCell,
  type KioskFigures,
  type Metric,
  type PublishedFunnel,
  type PublishedGuideSteps,
  type StatsSummary,
  type TimeseriesPoint,
  type Ward,
  type WardCounts,
} from '@kiosk-pulse/contract';
import { ApiError, apiClient, endpointUrl } from '../api';
import { campaignsIn, describeCampaign } from '../campaign-marks';
import { residentsOf } from '../population-notes';
import { campaignBands } from '../charts/campaign-marks';
import { refusal } from '../dialog';
import { HOURS, heatmapOptions, trendOptions, wardsOptions } from '../charts/analysis.options';
import { BreakdownCharts } from '../charts/breakdown-charts';
import { OutcomeChart } from '../charts/outcome-chart';
import { cityDayStartsAt, fillBuckets } from '../charts/chart-series';
import { mountChart } from '../charts/mount-chart';
import { PAGE_LOOK } from '../charts/page-look';
import { button, byId, element, row } from '../dom';
import {
  AGE_GROUP_LABELS,
  GUIDE_LABELS,
  RATING_LABELS,
  WEEKDAY_NAMES,
  formatAgeCount,
  formatDate,
  formatSplitCoverage,
  formatDateTime,
  formatHour,
  formatMinutes,
  formatNumber,
  formatPercent,
  formatShortDate,
} from '../format';
import { language, t } from '../i18n';
import { LiveConnection, throttle } from '../live';
import { Latest, isAborted } from '../latest';
import { readableWards } from '../scopes';
import { rangeFor } from '../ranges';
import type { Session } from '../session';
import { analysisState, type AnalysisState, type UrlState } from '../state';

const CONTROLS = [
  'analysis-range',
  'analysis-from',
  'analysis-to',
  'analysis-ward',
  'analysis-metric',
  'analysis-funnel-age',
] as const;

/** Any range: the counts against the previous period, trend, breakdowns, wards, hours and guides. */
export class AnalysisView {
  private readonly trend = mountChart('analysis-trend', t('Xu hướng'));
  private readonly breakdowns = new BreakdownCharts(
    { age: 'analysis-age', guide: 'analysis-guide' },
    { age: t('Lượt người theo nhóm tuổi'), guide: t('Hướng dẫn hoàn thành theo nội dung') },
  );
  private readonly outcomes = new OutcomeChart('analysis-outcome', t('Kết quả theo Kế hoạch 31/KH-UBND'));
  // The ward table under it shows its figures, and more.
  private readonly wardsChart = mountChart('analysis-wards');
  private readonly heatmap = mountChart('analysis-heatmap', t('Lượt người đến vào lúc nào (giờ × thứ)'));
  /** The figures' reading for the choices on screen; a newer one cancels it. */
  private readonly reading = new Latest();
  /** A CSV asked for under choices since changed is not handed over. */
  private readonly downloading = new Latest();
  private live: LiveConnection | undefined;
  private readonly showSoon = throttle(() => this.show(), 3_000);
  private funnel: PublishedFunnel[] = [];
  /** The periods the funnel's age lines cover. */
  private funnelSplit: AgeSplitPeriods | undefined;
  /** The choices in the address (state.ts): the controls show them and write each change. */
  private readonly state: UrlState<AnalysisState>;
  private readonly readable: Ward[];

  constructor(
    private readonly session: Session,
    wards: Ward[],
    private readonly onError: (error: unknown) => void,
  ) {
    this.state = analysisState(session.user);
    this.readable = readableWards(session.user, wards);
    const select = byId<HTMLSelectElement>('analysis-ward');
    select.replaceChildren(
      new Option(t('Toàn thành phố'), ''),
      ...this.readable.map((ward) => new Option(`${ward.name} (${ward.code})`, ward.code)),
    );
    const funnelAge = byId<HTMLSelectElement>('analysis-funnel-age');
    funnelAge.replaceChildren(
      new Option(t('Mọi lứa tuổi'), ''),
      ...AGE_GROUPS.map((group) => new Option(AGE_GROUP_LABELS[group], group)),
    );
    // index.html has them disabled until now: a choice made while this view loaded would be lost.
    for (const id of CONTROLS) byId<HTMLInputElement | HTMLSelectElement>(id).disabled = false;
    this.showChoices(this.state.get());
    const control = <T extends HTMLInputElement | HTMLSelectElement>(id: string, change: (value: string) => void) =>
      byId<T>(id).addEventListener('change', (event) => change((event.target as T).value));
    control('analysis-range', (value) => this.state.set({ range: value as AnalysisState['range'] }));
    control('analysis-from', (value) => this.state.set({ from: value }));
    control('analysis-to', (value) => this.state.set({ to: value }));
    control('analysis-ward', (value) => this.state.set({ ward: value || null }));
    control('analysis-metric', (value) => this.state.set({ metric: value as AnalysisState['metric'] }));
    control('analysis-funnel-age', (value) =>
      this.state.set({ funnelAge: (value || null) as AnalysisState['funnelAge'] }),
    );
    this.state.onChange((state, previous) => {
      this.showChoices(state);
      const figures = (Object.keys(state) as (keyof AnalysisState)[]).some(
        (key) => key !== 'funnelAge' && state[key] !== previous[key],
      );
      // The age group only picks what the funnel's table shows of the figures already read.
      if (!figures) return this.showFunnel();
      this.downloading.cancel();
      if (!byId('analysis').hidden) void this.show();
    });
    for (const [id, table] of [
      ['csv-summary', 'summary'],
      ['csv-wards', 'wards'],
      ['csv-funnel', 'funnel'],
      ['csv-heatmap', 'heatmap'],
      ['csv-kiosks', 'kiosks'],
    ] as const) {
      const download = button(t('Tải CSV'), () => void this.download(table), 'csv');
      download.id = id;
      byId(id).replaceWith(download);
    }
  }

  /** The scope asked for, if this user can choose it here; else their own. */
  private wardOf({ ward }: AnalysisState): string | undefined {
    if (ward === null) return undefined;
    return this.readable.some((known) => known.code === ward) ? ward : (this.session.user.wardCode ?? undefined);
  }

  /** The controls show the choices (from the address, or just made). */
  private showChoices(state: AnalysisState): void {
    byId<HTMLSelectElement>('analysis-range').value = state.range;
    byId('analysis-custom').hidden = state.range !== 'custom';
    byId<HTMLInputElement>('analysis-from').value = state.from;
    byId<HTMLInputElement>('analysis-to').value = state.to;
    byId<HTMLSelectElement>('analysis-ward').value = this.wardOf(state) ?? '';
    byId<HTMLSelectElement>('analysis-metric').value = state.metric;
    // A ward's funnel has no age lines (docs/privacy.md): the age group chosen waits for the city.
    const funnelAge = byId<HTMLSelectElement>('analysis-funnel-age');
    funnelAge.disabled = this.wardOf(state) !== undefined;
    funnelAge.value = funnelAge.disabled ? '' : (state.funnelAge ?? '');
  }

  private query(): { from: string; to: string; wardCode?: string; metric: Metric; today: boolean } {
    const state = this.state.get();
    return {
      ...rangeFor(state.range, state.from, state.to),
      wardCode: this.wardOf(state),
      metric: state.metric,
      today: state.range === 'today',
    };
  }

  /** Left (or today no longer shown): no live counts, and no reading still to land. */
  hide(): void {
    this.live?.close();
    this.live = undefined;
  }

  leave(): void {
    this.hide();
    this.reading.cancel();
  }

  /**
   * Reads the range's figures. Today's keep moving: while today is shown, each change of the
   * scope's live counts on the socket reads them again, at most every 3 seconds.
   */
  async show(): Promise<void> {
    const { from, to, wardCode, metric, today } = this.query();
    if (today) {
      this.live ??= new LiveConnection(this.session.token, {
        onCounts: () => this.showSoon(),
        onStatus: (state) => {
          if (state === 'unauthorized') this.onError(new Error('unauthorized'));
        },
      });
      this.live.follow(wardCode);
    } else this.hide();
    const signal = this.reading.next();
    byId('analysis').setAttribute('aria-busy', 'true');
    byId('analysis-status').textContent = t('Đang tải…');
    const stats = apiClient(this.session.token).stats;
    try {
      const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
      const [summary, trend, wards, heatmap, funnel, kiosks, campaigns] = await Promise.all([
        stats.summary({ query: { from, to, wardCode }, signal }),
        stats.timeseries({ query: { metric, bucket: days <= 2 ? 'hour' : 'day', from, to, wardCode }, signal }),
        stats.wards({ query: { from, to }, signal }),
        stats.heatmap({ query: { metric, from, to, wardCode }, signal }),
        stats.funnel({ query: { from, to, wardCode }, signal }),
        stats.kiosks({ query: { from, to, wardCode }, signal }),
        campaignsIn(this.session.token, { from, to }, wardCode),
      ]);
      if (signal.aborted) return;
      this.showSummary(summary);
      this.showTrend(trend.points, days <= 2 ? 'hour' : 'day', { from, to }, campaigns);
      this.showWards(wards.wards, wards.median.peopleReached, wardCode);
      byId('analysis-wards-note').textContent = formatSplitCoverage(wards.ageSplit, t('Cột “Từ 60 tuổi”'));
      this.showHeatmap(heatmap.cells);
      this.funnel = funnel.guides;
      this.funnelSplit = funnel.ageSplit;
      this.showFunnel();
      this.showKiosks(kiosks.kiosks, wards.wards);
      byId('analysis-error').textContent = '';
      this.loaded();
    } catch (error) {
      if (isAborted(error, signal)) return;
      this.loaded();
      if (error instanceof ApiError) byId('analysis-error').replaceChildren(...refusal(error));
      else this.onError(error);
    }
  }

  private loaded(): void {
    byId('analysis').removeAttribute('aria-busy');
    byId('analysis-status').textContent = '';
  }

  private showSummary(summary: StatsSummary): void {
    for (const [metric, id] of [
      ['peopleReached', 'analysis-people'],
      ['guidesCompleted', 'analysis-guides'],
      ['accountsRegistered', 'analysis-accounts'],
    ] as const) {
      const change = summary.change[metric];
      byId(id).textContent = formatNumber(summary[metric]);
      byId(`${id}-change`).textContent =
        change === null
          ? `${t('kỳ trước')}: ${formatNumber(summary.previous[metric])}`
          : `${formatPercent(change, true)} ${t('so với kỳ trước')} (${formatNumber(summary.previous[metric])})`;
    }
    this.breakdowns.showAges(summary.ageSplit);
    this.breakdowns.showGuides(summary.byGuide);
    this.outcomes.show(summary.byOutcome);
    this.showRatings(summary.byRating);
  }

  /**
   * The residents' answers to "Hài lòng?" (visit_rated) in the range: how many gave each, and its
   * share of all answers. Answering is optional, so the share is of the answers, not of the visits.
   */
  private showRatings(byRating: StatsSummary['byRating']): void {
    const total = RATINGS.reduce((sum, rating) => sum + byRating[rating], 0);
    byId('analysis-rating-total').textContent =
      total === 0
        ? t('Chưa có câu trả lời nào trong khoảng thời gian này.')
        : t('Số câu trả lời: {count}').replace('{count}', formatNumber(total));
    byId('analysis-rating')
      .querySelector('tbody')
      ?.replaceChildren(
        // The happiest answer first, as a reader looks for it.
        ...[...RATINGS].reverse().map((rating) => {
          const share = total === 0 ? null : byRating[rating] / total;
          const tr = row([
            RATING_LABELS[rating],
            formatNumber(byRating[rating]),
            share === null ? '–' : formatPercent(share),
          ]);
          tr.dataset.rating = String(rating);
          // The share drawn as a bar behind its figure: the table is the chart.
          tr.style.setProperty('--share', `${Math.round((share ?? 0) * 100)}%`);
          return tr;
        }),
      );
  }

  /**
   * Bars per hour or per day. A bucket's start is an instant; the hour or day it names is the
   * city's, so each is written in the city's zone (a day starts at 17:00 UTC the day before).
   */
  private showTrend(
    points: TimeseriesPoint[],
    bucket: 'hour' | 'day',
    range: { from: string; to: string },
    campaigns: readonly Campaign[],
  ): void {
    const filled = fillBuckets(points, bucket, range, new Date());
    const bands = campaignBands(
      campaigns,
      filled.map((point) => Date.parse(point.t)),
      (start) => (bucket === 'hour' ? start + 3_600_000 : cityDayStartsAt(cityDay(start, 1))),
      describeCampaign,
    );
    const axisLabels = filled.map((point) => (bucket === 'hour' ? formatHour(point.t) : formatShortDate(point.t)));
    const fullLabels = filled.map((point) => (bucket === 'hour' ? formatDateTime(point.t) : formatDate(point.t)));
    const metric = byId<HTMLSelectElement>('analysis-metric');
    this.trend.setOption(trendOptions(filled, { axisLabels, fullLabels }, PAGE_LOOK, bands));
    this.trend.table.show(
      [t('Thời gian'), metric.selectedOptions[0]?.textContent ?? metric.value],
      filled.map((point, index) => [fullLabels[index], point.value]),
    );
  }

  private showWards(wards: WardCounts[], median: number | null, selected: string | undefined): void {
    const highlight = selected ?? this.session.user.wardCode;
    this.wardsChart.setOption(
      wardsOptions(wards, highlight, median === null ? null : { value: median, label: t('Trung vị') }, PAGE_LOOK),
    );
    byId('analysis-ward-table')
      .querySelector('tbody')
      ?.replaceChildren(
        ...[...wards]
          .sort((a, b) => b.peopleReached - a.peopleReached)
          .map((ward) => {
            const tr = row([
              ward.name,
              formatNumber(ward.peopleReached),
              ward.per10k ? formatNumber(ward.per10k.peopleReached) : '–',
              formatNumber(ward.guidesCompleted),
              formatNumber(ward.accountsRegistered),
              ward.peopleReached60Plus === null ? '–' : formatAgeCount(ward.peopleReached60Plus),
              // Its source and date, and "estimate" where it is one (issue 17).
              ward.population ? residentsOf(ward.population) : '–',
            ]);
            if (ward.wardCode === highlight) tr.className = 'selected';
            return tr;
          }),
      );
  }

  /** Hours across, weekdays down from Monday as a calendar reads; the legend says what each shade counts. */
  private showHeatmap(cells: HeatmapCell[]): void {
    this.heatmap.setOption(heatmapOptions(cells, WEEKDAY_NAMES, PAGE_LOOK));
    const value = new Map(cells.map((cell) => [`${cell.weekday}:${cell.hour}`, cell.value]));
    this.heatmap.table.show(
      [t('Thứ'), ...HOURS],
      WEEKDAY_NAMES.map((day, index) => [
        day,
        ...Array.from({ length: 24 }, (_, hour) => value.get(`${index + 1}:${hour}`) ?? 0),
      ]),
    );
  }

  private showKiosks(kiosks: KioskFigures[], wards: WardCounts[]): void {
    const wardName = new Map(wards.map((ward) => [ward.wardCode, ward.name]));
    byId('analysis-kiosks')
      .querySelector('tbody')
      ?.replaceChildren(
        ...[...kiosks]
          .sort((a, b) => b.peopleReached - a.peopleReached)
          .map((kiosk) =>
            row([
              kiosk.label,
              wardName.get(kiosk.wardCode) ?? kiosk.wardCode,
              formatNumber(kiosk.peopleReached),
              formatNumber(kiosk.guidesCompleted),
              formatNumber(kiosk.accountsRegistered),
            ]),
          ),
        ...(kiosks.length === 0
          ? [
              element(
                'tr',
                {},
                element('td', {
                  colSpan: 5,
                  className: 'empty',
                  textContent: t('Chưa có kiosk nào trong phạm vi này.'),
                }),
              ),
            ]
          : []),
      );
  }

  /**
   * Each guide's line for everyone, or for the age group chosen: the city's only, over its
   * published periods, partly hidden cells written "≥ n" or "ẩn" (docs/privacy.md). A ward's
   * funnel shows its lines for everyone, and says why.
   */
  private showFunnel(): void {
    const chosen = this.state.get().funnelAge;
    const split = this.funnelSplit;
    const wardOnly = this.funnel.length > 0 && this.funnel.every((guide) => guide.byAgeGroup === null);
    const group = wardOnly ? null : chosen;
    // No published period (today): the age lines are not out yet, which all-zero lines would hide.
    const unpublished = group !== null && split?.from === null;
    byId('analysis-funnel-note').textContent = wardOnly
      ? t('Số liệu theo nhóm tuổi chỉ có cho toàn thành phố; đây là mọi lứa tuổi của phường, xã.')
      : group && split
        ? formatSplitCoverage(split)
        : '';
    const count = (value: AgeCount) => (unpublished ? '–' : formatAgeCount(value));
    byId('analysis-funnel')
      .querySelector('tbody')
      ?.replaceChildren(
        ...this.funnel.map((guide) => {
          const steps: PublishedGuideSteps = group && guide.byAgeGroup ? guide.byAgeGroup[group] : guide;
          // An age line's rate and durations are null unless its counts are exact (and many enough).
          return row([
            GUIDE_LABELS[guide.guide],
            count(steps.started),
            count(steps.completed),
            count(steps.abandoned),
            steps.completionRate === null ? '–' : formatPercent(steps.completionRate),
            formatMinutes(steps.medianDurationMs),
            formatMinutes(steps.p90DurationMs),
          ]);
        }),
      );
  }

  /** CSV needs the token in a header, so it is fetched and handed to the browser as a file. */
  private async download(table: 'summary' | 'wards' | 'funnel' | 'heatmap' | 'kiosks'): Promise<void> {
    const { from, to, wardCode, metric } = this.query();
    // The file's headers and labels in the page's language; the ward comparison is the whole city's.
    const query = {
      from,
      to,
      format: 'csv' as const,
      lang: language(),
      ...(table === 'wards' ? {} : { wardCode }),
      ...(table === 'heatmap' ? { metric } : {}),
    };
    // A change of scope or range while the file comes cancels it: the file would not be what the
    // page now shows.
    const signal = this.downloading.next();
    try {
      const response = await fetch(endpointUrl(API.stats[table], { query }), {
        headers: { authorization: `Bearer ${this.session.token}` },
        signal,
      });
      if (!response.ok) {
        byId('analysis-error').replaceChildren(...refusal(new ApiError(response.status, response.statusText)));
        return;
      }
      const blob = await response.blob();
      if (signal.aborted) return;
      const name =
        /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'kiosk-pulse.csv';
      const link = element('a', { href: URL.createObjectURL(blob), download: name });
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (error) {
      if (!isAborted(error, signal)) this.onError(error);
    }
  }
}
