import type {
  HeatmapCell,
  PublishedFunnel,
  PublishedGuideSteps,
  PublishedFigures,
  TimeseriesPoint,
  Ward,
  WardCounts,
} from '@kiosk-pulse/contract/counts';
import { AGE_GROUPS, GUIDES, type AgeGroup } from '@kiosk-pulse/contract/events';
import { ApiError, getJson } from '../api';
import { refusal } from '../dialog';
import { ChartTable } from '../chart-table';
import { PALETTE, ageBar, axisText, barOptions, chart, tooltip, valueAxis } from '../charts';
import { button, byId, element, row } from '../dom';
import {
  AGE_GROUP_LABELS,
  GUIDE_LABELS,
  WEEKDAY_NAMES,
  cityDay,
  formatDate,
  formatDateTime,
  formatHour,
  formatMinutes,
  formatNumber,
  formatPercent,
  formatShortDate,
  formatValue,
} from '../format';
import { language, t } from '../i18n';
import { LiveConnection, throttle } from '../live';
import { Latest, isAborted } from '../latest';
import { readableWards } from '../scopes';
import { rangeFor } from '../ranges';
import { textSize } from '../wall';
import type { Session } from '../session';

type Summary = PublishedFigures & {
  previous: { guidesCompleted: number; accountsRegistered: number; peopleReached: number };
  change: Record<'guidesCompleted' | 'accountsRegistered' | 'peopleReached', number | null>;
};

const HOURS = Array.from({ length: 24 }, (_, hour) => `${String(hour).padStart(2, '0')}:00`);

/** Any range: the counts against the previous period, trend, breakdowns, wards, hours and guides. */
export class AnalysisView {
  private readonly trend = chart('analysis-trend');
  private readonly ages = chart('analysis-age');
  private readonly guides = chart('analysis-guide');
  private readonly wardsChart = chart('analysis-wards');
  private readonly heatmap = chart('analysis-heatmap');
  private readonly trendTable = new ChartTable('analysis-trend', t('Xu hướng'));
  private readonly agesTable = new ChartTable('analysis-age', t('Người dân theo nhóm tuổi'));
  private readonly guidesTable = new ChartTable('analysis-guide', t('Hướng dẫn hoàn thành theo nội dung'));
  private readonly heatmapTable = new ChartTable('analysis-heatmap', t('Người dân đến vào lúc nào (giờ × thứ)'));
  /** The figures' reading for the choices on screen; a newer one cancels it. */
  private readonly reading = new Latest();
  /** A CSV asked for under choices since changed is not handed over. */
  private readonly downloading = new Latest();
  private live: LiveConnection | undefined;
  private readonly showSoon = throttle(() => this.show(), 3_000);
  private funnel: PublishedFunnel[] = [];

  constructor(
    private readonly session: Session,
    wards: Ward[],
    private readonly onError: (error: unknown) => void,
  ) {
    this.ages.setOption(
      barOptions(
        AGE_GROUPS.map((group) => AGE_GROUP_LABELS[group]),
        PALETTE[0],
      ),
    );
    this.guides.setOption(
      barOptions(
        GUIDES.map((guide) => GUIDE_LABELS[guide]),
        PALETTE[1],
      ),
    );
    const select = byId<HTMLSelectElement>('analysis-ward');
    select.replaceChildren(
      new Option(t('Toàn thành phố'), ''),
      ...readableWards(session.user, wards).map((ward) => new Option(`${ward.name} (${ward.code})`, ward.code)),
    );
    select.value = session.user.wardCode ?? '';
    byId<HTMLInputElement>('analysis-from').value = cityDay(new Date(), -6);
    byId<HTMLInputElement>('analysis-to').value = cityDay(new Date());
    const funnelAge = byId<HTMLSelectElement>('analysis-funnel-age');
    funnelAge.replaceChildren(
      new Option(t('Mọi lứa tuổi'), ''),
      ...AGE_GROUPS.map((group) => new Option(AGE_GROUP_LABELS[group], group)),
    );
    funnelAge.addEventListener('change', () => this.showFunnel());
    for (const id of ['analysis-range', 'analysis-ward', 'analysis-from', 'analysis-to', 'analysis-metric']) {
      byId(id).addEventListener('change', () => {
        this.downloading.cancel();
        void this.show();
      });
    }
    for (const [id, path] of [
      ['csv-summary', '/api/v1/stats/summary'],
      ['csv-wards', '/api/v1/stats/wards'],
      ['csv-funnel', '/api/v1/stats/funnel'],
      ['csv-heatmap', '/api/v1/stats/heatmap'],
      ['csv-kiosks', '/api/v1/stats/kiosks'],
    ] as const) {
      const download = button(t('Tải CSV'), () => void this.download(path), 'csv');
      download.id = id;
      byId(id).replaceWith(download);
    }
  }

  private query(): { from: string; to: string; wardCode?: string; metric: string } {
    const choice = byId<HTMLSelectElement>('analysis-range').value;
    byId('analysis-custom').hidden = choice !== 'custom';
    const range = rangeFor(
      choice,
      byId<HTMLInputElement>('analysis-from').value,
      byId<HTMLInputElement>('analysis-to').value,
    );
    return {
      ...range,
      wardCode: byId<HTMLSelectElement>('analysis-ward').value || undefined,
      metric: byId<HTMLSelectElement>('analysis-metric').value,
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
    const { from, to, wardCode, metric } = this.query();
    if (byId<HTMLSelectElement>('analysis-range').value === 'today') {
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
    const token = this.session.token;
    const get = <T>(path: string, query: Record<string, string | undefined>) => getJson<T>(path, token, query, signal);
    try {
      const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
      const [summary, trend, wards, heatmap, funnel, kiosks] = await Promise.all([
        get<Summary>('/api/v1/stats/summary', { from, to, wardCode }),
        get<{ points: TimeseriesPoint[] }>('/api/v1/stats/timeseries', {
          metric,
          bucket: days <= 2 ? 'hour' : 'day',
          from,
          to,
          wardCode,
        }),
        get<{
          wards: WardCounts[];
          median: { peopleReached: number | null; per10k: { peopleReached: number | null } };
        }>('/api/v1/stats/wards', { from, to }),
        get<{ cells: HeatmapCell[] }>('/api/v1/stats/heatmap', {
          metric,
          from,
          to,
          wardCode,
        }),
        get<{ guides: PublishedFunnel[] }>('/api/v1/stats/funnel', { from, to, wardCode }),
        get<{ kiosks: (PublishedFigures & { label: string; wardCode: string })[] }>('/api/v1/stats/kiosks', {
          from,
          to,
          wardCode,
        }),
      ]);
      if (signal.aborted) return;
      this.showSummary(summary);
      this.showTrend(trend.points, days <= 2 ? 'hour' : 'day');
      this.showWards(wards.wards, wards.median.peopleReached, wardCode);
      this.showHeatmap(heatmap.cells);
      this.funnel = funnel.guides;
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

  private showSummary(summary: Summary): void {
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
    this.ages.setOption({ series: [{ data: AGE_GROUPS.map((group) => ageBar(summary.byAgeGroup[group])) }] });
    this.guides.setOption({ series: [{ data: GUIDES.map((guide) => summary.byGuide[guide]) }] });
    this.agesTable.show(
      [t('Nhóm tuổi'), t('Người dân')],
      AGE_GROUPS.map((group) => [AGE_GROUP_LABELS[group], summary.byAgeGroup[group]]),
    );
    this.guidesTable.show(
      [t('Hướng dẫn'), t('Hoàn thành')],
      GUIDES.map((guide) => [GUIDE_LABELS[guide], summary.byGuide[guide]]),
    );
  }

  /**
   * Bars per hour or per day. A bucket's start is an instant; the hour or day it names is the
   * city's, so each is written in the city's zone (a day starts at 17:00 UTC the day before).
   */
  private showTrend(points: TimeseriesPoint[], bucket: 'hour' | 'day'): void {
    const axisLabels = points.map((point) => (bucket === 'hour' ? formatHour(point.t) : formatShortDate(point.t)));
    const fullLabels = points.map((point) => (bucket === 'hour' ? formatDateTime(point.t) : formatDate(point.t)));
    const metric = byId<HTMLSelectElement>('analysis-metric');
    this.trend.setOption({
      color: [PALETTE[2]],
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: {
        ...tooltip,
        formatter: (params: { dataIndex: number; value: unknown }[]) =>
          `${fullLabels[params[0]?.dataIndex ?? 0] ?? ''}<br/>${formatValue(params[0]?.value)}`,
      },
      xAxis: { type: 'category', data: axisLabels, axisLabel: axisText },
      yAxis: valueAxis(),
      series: [{ type: 'bar', data: points.map((point) => point.value) }],
    });
    this.trendTable.show(
      [t('Thời gian'), metric.selectedOptions[0]?.textContent ?? metric.value],
      points.map((point, index) => [fullLabels[index], point.value]),
    );
  }

  private showWards(wards: WardCounts[], median: number | null, selected: string | undefined): void {
    const highlight = selected ?? this.session.user.wardCode;
    const ranked = [...wards].sort((a, b) => b.peopleReached - a.peopleReached).slice(0, 25);
    const own = wards.find((ward) => ward.wardCode === highlight);
    if (own && !ranked.includes(own)) ranked.push(own);
    this.wardsChart.setOption({
      grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
      tooltip,
      xAxis: {
        type: 'category',
        data: ranked.map((ward) => ward.name.replace(/^(Phường|Xã|Đặc khu) /, '')),
        axisLabel: { ...axisText, fontSize: textSize(11), rotate: 45 },
      },
      yAxis: valueAxis(),
      series: [
        {
          type: 'bar',
          data: ranked.map((ward) => ({
            value: ward.peopleReached,
            itemStyle: { color: ward.wardCode === highlight ? PALETTE[1] : PALETTE[0] },
          })),
          markLine:
            median === null
              ? undefined
              : {
                  symbol: 'none',
                  // Inside the line's start, over the plot: past its end it was cut off by the chart's edge.
                  label: {
                    position: 'insideStartTop',
                    formatter: `${t('Trung vị')}: ${formatNumber(median)}`,
                    color: '#e8eef4',
                    fontSize: textSize(13),
                  },
                  data: [{ yAxis: median }],
                },
        },
      ],
    });
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
              typeof ward.peopleReached60Plus === 'number'
                ? formatNumber(ward.peopleReached60Plus)
                : (ward.peopleReached60Plus ?? '–'),
              ward.population
                ? `${formatNumber(ward.population.total)} (${ward.population.source}, ${formatDate(ward.population.asOf)})`
                : '–',
            ]);
            if (ward.wardCode === highlight) tr.className = 'selected';
            return tr;
          }),
      );
  }

  /** Hours across, weekdays down from Monday as a calendar reads; the legend says what each shade counts. */
  private showHeatmap(cells: HeatmapCell[]): void {
    const max = Math.max(1, ...cells.map((cell) => cell.value));
    this.heatmap.setOption({
      tooltip: {
        position: 'top',
        formatter: (params: { value: [number, number, number] }) =>
          `${WEEKDAY_NAMES[params.value[1]]} ${HOURS[params.value[0]]}<br/>${formatValue(params.value[2])}`,
      },
      grid: { left: 8, right: 16, top: 8, bottom: 64, containLabel: true },
      xAxis: { type: 'category', data: HOURS, axisLabel: axisText },
      // A category axis starts at the bottom: inverse puts Monday at the top.
      yAxis: { type: 'category', data: WEEKDAY_NAMES, inverse: true, axisLabel: axisText },
      visualMap: {
        min: 0,
        max,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        text: [formatNumber(max), formatNumber(0)],
        textStyle: { color: '#e8eef4', fontSize: textSize(13) },
        inRange: { color: ['#17222d', '#56B4E9', '#0072B2'] },
      },
      series: [{ type: 'heatmap', data: cells.map((cell) => [cell.hour, cell.weekday - 1, cell.value]) }],
    });
    const value = new Map(cells.map((cell) => [`${cell.weekday}:${cell.hour}`, cell.value]));
    this.heatmapTable.show(
      [t('Thứ'), ...HOURS],
      WEEKDAY_NAMES.map((day, index) => [
        day,
        ...Array.from({ length: 24 }, (_, hour) => value.get(`${index + 1}:${hour}`) ?? 0),
      ]),
    );
  }

  private showKiosks(kiosks: (PublishedFigures & { label: string; wardCode: string })[], wards: WardCounts[]): void {
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

  /** Each guide's line for everyone, or for the age group chosen (small counts show as "<5"). */
  private showFunnel(): void {
    const group = byId<HTMLSelectElement>('analysis-funnel-age').value as AgeGroup | '';
    const count = (value: number | string) => (typeof value === 'number' ? formatNumber(value) : value);
    byId('analysis-funnel')
      .querySelector('tbody')
      ?.replaceChildren(
        ...this.funnel.map((guide) => {
          const steps: PublishedGuideSteps = group ? guide.byAgeGroup[group] : guide;
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
  private async download(path: string): Promise<void> {
    const { from, to, wardCode, metric } = this.query();
    // The file's headers and labels in the page's language.
    const params = new URLSearchParams({ from, to, format: 'csv', lang: language() });
    if (wardCode && path !== '/api/v1/stats/wards') params.set('wardCode', wardCode);
    if (path.endsWith('heatmap')) params.set('metric', metric);
    // A change of scope or range while the file comes cancels it: the file would not be what the
    // page now shows.
    const signal = this.downloading.next();
    try {
      const response = await fetch(`${path}?${params}`, {
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
