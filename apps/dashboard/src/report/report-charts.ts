import { AGE_GROUPS, AGE_GROUP_LABELS, labelsIn, type AgeCount } from '@kiosk-pulse/contract';
import type { ReportData } from '@kiosk-pulse/contract';
import { init, type ChartOption, type ECharts } from '../charts/echarts';
import type { ChartSlots, Writers } from './report-view';

/** Ink on paper: the dashboard's palette is for a dark screen. */
const INK = '#1d2b36';
const GRID = '#d5dde3';
const BAR = '#0072B2';
/** 60+ stands out in the colour-blind-safe palette's orange. */
const SIXTY = '#D55E00';

/** What a bar shows of an age count: the exact count, or what was shown of it (a hidden one has no bar). */
const shownOf = (count: AgeCount) => (typeof count === 'number' ? count : count.atLeast);

function daysOption(data: ReportData, write: Writers): ChartOption {
  return {
    animation: false,
    grid: { left: 48, right: 12, top: 12, bottom: 36 },
    xAxis: {
      type: 'category',
      data: data.days.map((day) => write.day(day.day).slice(0, 5)),
      axisLabel: { color: INK, fontSize: 10 },
      axisLine: { lineStyle: { color: INK } },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: INK, fontSize: 10, formatter: (value: number) => write.number(value) },
      splitLine: { lineStyle: { color: GRID } },
    },
    series: [{ type: 'bar', data: data.days.map((day) => day.peopleReached), itemStyle: { color: BAR } }],
  };
}

function agesOption(data: ReportData, write: Writers): ChartOption {
  const labels = labelsIn(AGE_GROUP_LABELS, data.language);
  return {
    animation: false,
    grid: { left: 64, right: 40, top: 8, bottom: 24 },
    yAxis: {
      type: 'category',
      inverse: true,
      data: AGE_GROUPS.map((group) => labels[group]),
      axisLabel: { color: INK, fontSize: 10 },
      axisLine: { lineStyle: { color: INK } },
    },
    xAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: INK, fontSize: 9, formatter: (value: number) => write.number(value) },
      splitLine: { lineStyle: { color: GRID } },
    },
    series: [
      {
        type: 'bar',
        data: AGE_GROUPS.map((group) => ({
          value: shownOf(data.ageSplit.byAgeGroup[group]),
          itemStyle: { color: data.sixtyPlusGroups.includes(group) ? SIXTY : BAR },
          label: {
            show: true,
            position: 'right',
            color: INK,
            fontSize: 9,
            formatter: () => write.age(data.ageSplit.byAgeGroup[group]),
          },
        })),
      },
    ],
  };
}

/** Draws both charts and resolves once ECharts has finished drawing each of them. */
export async function drawCharts(slots: ChartSlots, data: ReportData, write: Writers): Promise<void> {
  const draw = (element: HTMLElement, option: ChartOption) =>
    new Promise<ECharts>((resolve) => {
      // Twice the pixels: the canvas is printed onto paper.
      const chart = init(element, undefined, { renderer: 'canvas', devicePixelRatio: 2 });
      chart.on('finished', () => resolve(chart));
      chart.setOption(option);
    });
  await Promise.all([draw(slots.days, daysOption(data, write)), draw(slots.ages, agesOption(data, write))]);
}
