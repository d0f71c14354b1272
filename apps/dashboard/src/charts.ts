import { BarChart, HeatmapChart, LineChart, MapChart } from 'echarts/charts';
import {
  GeoComponent,
  GraphicComponent,
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
import { AGE_GROUP_LABELS, GUIDE_LABELS, formatHour, formatNumber } from './format';

echarts.use([
  BarChart,
  LineChart,
  HeatmapChart,
  MapChart,
  GeoComponent,
  GraphicComponent,
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

export const axisText = { color: TEXT, fontSize: 14 };
export const tooltip = { trigger: 'axis' as const, valueFormatter: (value: unknown) => formatNumber(Number(value)) };

export function chart(id: string): echarts.ECharts {
  const element = document.getElementById(id);
  if (!element) throw new Error(`no #${id}`);
  const instance = echarts.init(element, undefined, { renderer: 'canvas' });
  // Also when a hidden view is shown: a chart drawn at zero size stays blank until resized.
  new ResizeObserver(() => instance.resize()).observe(element);
  return instance;
}

export function barOptions(labels: string[], color: string) {
  return {
    color: [color],
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip,
    xAxis: { type: 'category' as const, data: labels, axisLabel: { ...axisText, fontSize: 12, interval: 0 } },
    yAxis: {
      type: 'value' as const,
      minInterval: 1,
      axisLabel: axisText,
      splitLine: { lineStyle: { color: GRID_LINE } },
    },
    series: [
      { type: 'bar' as const, data: [] as number[], label: { show: true, position: 'top' as const, color: TEXT } },
    ],
  };
}

export class Charts {
  private readonly age = chart('chart-age');
  private readonly guide = chart('chart-guide');
  private readonly hourly = chart('chart-hourly');

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
    this.hourly.setOption({
      color: [PALETTE[0], PALETTE[2], PALETTE[1]],
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      tooltip,
      legend: { textStyle: { color: TEXT, fontSize: 14 }, top: 0 },
      xAxis: { type: 'category', data: [], axisLabel: axisText },
      yAxis: { type: 'value', minInterval: 1, axisLabel: axisText, splitLine: { lineStyle: { color: GRID_LINE } } },
      series: [],
    });
  }

  showBreakdowns(figures: PublishedFigures): void {
    // A hidden small count ("<5") gets no bar, only its label.
    const ages = AGE_GROUPS.map((group) => {
      const count = figures.byAgeGroup[group];
      return typeof count === 'number' ? count : { value: 0, label: { show: true, position: 'top', formatter: count } };
    });
    this.age.setOption({ series: [{ data: ages }] });
    this.guide.setOption({ series: [{ data: GUIDES.map((guide) => figures.byGuide[guide]) }] });
  }

  showHourly(series: { name: string; points: TimeseriesPoint[] }[]): void {
    this.hourly.setOption({
      xAxis: { data: series[0]?.points.map((point) => formatHour(point.t)) ?? [] },
      series: series.map(({ name, points }) => ({
        name,
        type: 'line',
        symbolSize: 6,
        lineStyle: { width: 3 },
        data: points.map((point) => point.value),
      })),
    });
  }
}
