import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { AGE_GROUPS, GUIDES } from '@kiosk-pulse/contract/events';
import type { PublishedFigures, TimeseriesPoint } from '@kiosk-pulse/contract/counts';
import { ChartTable, type Cell } from './chart-table';
import { AGE_GROUP_LABELS, GUIDE_LABELS, formatHour, formatValue } from './format';
import { t } from './i18n';
import { textSize } from './wall';

echarts.use([
  BarChart,
  LineChart,
  HeatmapChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export { echarts };

// Okabe–Ito: told apart with every common colour-vision deficiency.
export const PALETTE = ['#56B4E9', '#E69F00', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7'];
export const TEXT = '#e8eef4';
export const GRID_LINE = '#2c3a47';

export const axisText = { color: TEXT, fontSize: textSize(14) };
// ECharts writes numbers its own way ("2,500" on an axis, "1108" on a bar): every figure a chart
// shows goes through the page's formatter instead.
export const tooltip = { trigger: 'axis' as const, valueFormatter: formatValue };

/** A value axis whose ticks read as every other number on the page. */
export const valueAxis = (extra: object = {}) => ({
  type: 'value' as const,
  minInterval: 1,
  axisLabel: { ...axisText, formatter: formatValue },
  splitLine: { lineStyle: { color: GRID_LINE } },
  ...extra,
});

/** A bar's own figure above it, written as the page writes numbers. */
export const barLabel = {
  show: true,
  position: 'top' as const,
  color: TEXT,
  fontSize: textSize(12),
  formatter: (params: { value: unknown }) => formatValue(params.value),
};

/**
 * Lines told apart by shape and dash as well as by colour, so no reader depends on colour alone.
 */
export const LINE_STYLES = [
  { symbol: 'circle', lineStyle: { type: 'solid' as const } },
  { symbol: 'triangle', lineStyle: { type: 'dashed' as const } },
  { symbol: 'rect', lineStyle: { type: 'dotted' as const } },
];

/** An age-group count for a bar: a hidden small count ("<5") gets no bar, only its label. */
export const ageBar = (count: number | string) =>
  typeof count === 'number' ? count : { value: 0, label: { show: true, position: 'right', formatter: count } };

export function chart(id: string): echarts.ECharts {
  const element = document.getElementById(id);
  if (!element) throw new Error(`no #${id}`);
  const instance = echarts.init(element, undefined, { renderer: 'canvas' });
  // Also when a hidden view is shown: a chart drawn at zero size stays blank until resized.
  // A view being hidden shrinks its charts to nothing: ECharts cannot lay a map out in no space
  // (a TypeError), and there is nothing to see, so that resize waits until the view is back.
  const observer = new ResizeObserver(([entry]) => {
    if (instance.isDisposed()) return observer.disconnect();
    if (entry.contentRect.width === 0 || entry.contentRect.height === 0) return;
    instance.resize();
  });
  observer.observe(element);
  return instance;
}

/**
 * Bars across, one category a line: names such as "Nhận diện lừa đảo" never run into each other,
 * however narrow the chart (a phone) or large the type (a wall screen).
 */
export function barOptions(labels: string[], color: string) {
  return {
    color: [color],
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    tooltip,
    yAxis: {
      type: 'category' as const,
      data: labels,
      // The first category at the top, as it is read.
      inverse: true,
      axisLabel: { ...axisText, fontSize: textSize(12), interval: 0 },
    },
    // Few ticks: the bars carry their own figures, and a narrow chart has room for few.
    xAxis: valueAxis({ splitNumber: 3 }),
    series: [{ type: 'bar' as const, data: [] as number[], label: { ...barLabel, position: 'right' as const } }],
  };
}

export class Charts {
  private readonly age = chart('chart-age');
  private readonly guide = chart('chart-guide');
  private readonly hourly = chart('chart-hourly');
  private readonly ageTable = new ChartTable('chart-age', t('Người dân được hỗ trợ theo nhóm tuổi'));
  private readonly guideTable = new ChartTable('chart-guide', t('Hướng dẫn hoàn thành theo nội dung'));
  private readonly hourlyTable = new ChartTable('chart-hourly', t('Theo giờ trong ngày'));

  constructor() {
    this.age.setOption(
      barOptions(
        AGE_GROUPS.map((group) => AGE_GROUP_LABELS[group]),
        PALETTE[0],
      ),
    );
    this.guide.setOption(
      barOptions(
        GUIDES.map((guide) => GUIDE_LABELS[guide]),
        PALETTE[1],
      ),
    );
    // People and the guides and accounts they made are different units: each has its own axis.
    this.hourly.setOption({
      color: [PALETTE[0], PALETTE[2], PALETTE[1]],
      grid: { left: 8, right: 8, top: 56, bottom: 8, containLabel: true },
      tooltip,
      legend: { textStyle: { color: TEXT, fontSize: textSize(14) }, top: 0 },
      xAxis: { type: 'category', data: [], axisLabel: axisText },
      yAxis: [
        // Each axis's name stands over its own side, inside the chart.
        valueAxis({ name: t('Người dân'), nameTextStyle: { ...axisText, align: 'left' } }),
        valueAxis({
          name: t('Lượt hướng dẫn, tài khoản'),
          nameTextStyle: { ...axisText, align: 'right' },
          splitLine: { show: false },
        }),
      ],
      series: [],
    });
  }

  /** The scope changed: the old scope's figures go, and the charts say they are loading. */
  loading(): void {
    this.clear();
    for (const instance of [this.age, this.guide, this.hourly])
      instance.showLoading('default', {
        text: t('Đang tải…'),
        color: PALETTE[0],
        textColor: TEXT,
        maskColor: 'rgba(23, 34, 45, 0.8)',
      });
  }

  /** Nothing to show (the scope was refused). */
  clear(): void {
    for (const instance of [this.age, this.guide]) instance.setOption({ series: [{ data: [] }] });
    this.hourly.setOption({ xAxis: { data: [] }, series: [] }, { replaceMerge: ['series'] });
    for (const table of [this.ageTable, this.guideTable, this.hourlyTable]) table.show([], []);
    for (const instance of [this.age, this.guide, this.hourly]) instance.hideLoading();
  }

  showBreakdowns(figures: PublishedFigures): void {
    this.age.hideLoading();
    this.guide.hideLoading();
    this.age.setOption({ series: [{ data: AGE_GROUPS.map((group) => ageBar(figures.byAgeGroup[group])) }] });
    this.guide.setOption({ series: [{ data: GUIDES.map((guide) => figures.byGuide[guide]) }] });
    this.ageTable.show(
      [t('Nhóm tuổi'), t('Người dân')],
      AGE_GROUPS.map((group) => [AGE_GROUP_LABELS[group], figures.byAgeGroup[group]]),
    );
    this.guideTable.show(
      [t('Hướng dẫn'), t('Hoàn thành')],
      GUIDES.map((guide) => [GUIDE_LABELS[guide], figures.byGuide[guide]]),
    );
  }

  /**
   * Today hour by hour, up to the hour under way (the API leaves out hours still to come; the
   * hour under way is marked partial and drawn lighter).
   */
  showHourly(series: { name: string; points: TimeseriesPoint[] }[]): void {
    this.hourly.hideLoading();
    const hours = series[0]?.points.map((point) => formatHour(point.t)) ?? [];
    this.hourly.setOption(
      {
        xAxis: { data: hours },
        series: series.map(({ name, points }, index) => ({
          name,
          yAxisIndex: index === 0 ? 0 : 1,
          type: index === 0 ? 'bar' : 'line',
          symbol: LINE_STYLES[index % LINE_STYLES.length].symbol,
          symbolSize: 8,
          lineStyle: { width: 3, ...LINE_STYLES[index % LINE_STYLES.length].lineStyle },
          data: points.map((point) =>
            point.partial ? { value: point.value, itemStyle: { opacity: 0.55 } } : point.value,
          ),
        })),
      },
      { replaceMerge: ['series'] },
    );
    this.hourlyTable.show(
      [t('Giờ'), ...series.map(({ name }) => name)],
      hours.map((hour, index): Cell[] => [hour, ...series.map(({ points }) => points[index]?.value ?? 0)]),
    );
  }
}
