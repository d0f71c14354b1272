import type { SeriesPoint } from './chart-series';
import {
  LINE_STYLES,
  PALETTE,
  PARTIAL_OPACITY,
  TEXT,
  axisText,
  axisTooltip,
  valueAxis,
  type ChartLook,
} from './chart-style';
import type { ChartOption } from './echarts';
import { campaignMarkArea, type CampaignBand } from './campaign-marks';

/**
 * Today hour by hour, without its figures: people and the guides and accounts they made are
 * different units, so each has its own axis, named by `axisNames`.
 */
export function hourlyFrame(axisNames: [string, string], look: ChartLook): ChartOption {
  return {
    color: [PALETTE[0], PALETTE[2], PALETTE[1]],
    grid: { left: 8, right: 8, top: 56, bottom: 8, containLabel: true },
    tooltip: axisTooltip(look),
    legend: { textStyle: { color: TEXT, fontSize: look.textSize(14) }, top: 0 },
    xAxis: { type: 'category', data: [], axisLabel: axisText(look) },
    yAxis: [
      // Each axis's name stands over its own side, inside the chart.
      valueAxis(look, { name: axisNames[0], nameTextStyle: { ...axisText(look), align: 'left' } }),
      valueAxis(look, {
        name: axisNames[1],
        nameTextStyle: { ...axisText(look), align: 'right' },
        splitLine: { show: false },
      }),
    ],
    series: [],
  };
}

/**
 * The hours on hourlyFrame's axis and a series for each metric: the first (people) as bars on
 * the left axis, the others as lines on the right. The hour under way is drawn lighter; hours
 * to come are not on the axis at all. Campaigns in those hours are bands over the bars. Set with
 * replaceMerge: ['series'].
 */
export function hourlyData(
  hours: string[],
  series: { name: string; points: SeriesPoint[] }[],
  campaigns: readonly CampaignBand[] = [],
  look?: ChartLook,
): ChartOption {
  return {
    xAxis: { data: hours },
    series: series.map(({ name, points }, index) => {
      const style = LINE_STYLES[index % LINE_STYLES.length];
      const data = points.map((point) =>
        point.partial ? { value: point.value, itemStyle: { opacity: PARTIAL_OPACITY } } : point.value,
      );
      const common = { name, symbol: style.symbol, symbolSize: 8, lineStyle: { width: 3, ...style.lineStyle }, data };
      if (index > 0) return { ...common, type: 'line', yAxisIndex: 1 };
      const markArea = look ? campaignMarkArea(campaigns, look) : undefined;
      return { ...common, type: 'bar', yAxisIndex: 0, ...(markArea ? { markArea } : {}) };
    }),
  };
}

/** No figures: today's hours emptied (a refused scope, a new one). Set with replaceMerge: ['series']. */
export const emptyHourly: ChartOption = { xAxis: { data: [] }, series: [] };
