import type { HeatmapCell, WardCounts } from '@kiosk-pulse/contract';
import type { SeriesPoint } from './chart-series';
import { PALETTE, PARTIAL_OPACITY, TEXT, axisText, axisTooltip, valueAxis, type ChartLook } from './chart-style';
import type { ChartOption, TooltipParams } from './echarts';
import { campaignMarkArea, type CampaignBand } from './campaign-marks';

/** The hours of a day as the heatmap's axis names them: 00:00 to 23:00. */
export const HOURS = Array.from({ length: 24 }, (_, hour) => `${String(hour).padStart(2, '0')}:00`);

/**
 * Bars per hour or per day, one a bucket of `points`. The axis names each by `axisLabels`
 * (09:00, 04/12), the tooltip by `fullLabels` (with the date). The bucket under way is drawn
 * lighter, as on the overview: at full strength, today's growing figure read as a drop. The
 * campaigns in the range are bands over the bars.
 */
export function trendOptions(
  points: SeriesPoint[],
  labels: { axisLabels: string[]; fullLabels: string[] },
  look: ChartLook,
  campaigns: readonly CampaignBand[] = [],
): ChartOption {
  const markArea = campaignMarkArea(campaigns, look);
  return {
    color: [PALETTE[2]],
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip: {
      ...axisTooltip(look),
      formatter: (params: TooltipParams) => {
        const [first] = [params].flat();
        return `${labels.fullLabels[first?.dataIndex ?? 0] ?? ''}<br/>${look.formatValue(first?.value)}`;
      },
    },
    xAxis: { type: 'category', data: labels.axisLabels, axisLabel: axisText(look) },
    yAxis: valueAxis(look),
    series: [
      {
        type: 'bar',
        data: points.map((point) =>
          point.partial ? { value: point.value, itemStyle: { opacity: PARTIAL_OPACITY } } : point.value,
        ),
        ...(markArea ? { markArea } : {}),
      },
    ],
  };
}

/**
 * The wards the chart shows: the 25 that reached the most people, and the highlighted one (the
 * chosen ward, or the user's own) wherever it stands.
 */
export function rankedWards(wards: WardCounts[], highlight: string | null | undefined): WardCounts[] {
  const ranked = [...wards].sort((a, b) => b.peopleReached - a.peopleReached).slice(0, 25);
  const own = wards.find((ward) => ward.wardCode === highlight);
  if (own && !ranked.includes(own)) ranked.push(own);
  return ranked;
}

/**
 * People reached by ward, the highlighted ward in its own colour, and with `median` a line at
 * the city's median, named by `medianLabel`.
 */
export function wardsOptions(
  wards: WardCounts[],
  highlight: string | null | undefined,
  median: { value: number; label: string } | null,
  look: ChartLook,
): ChartOption {
  const ranked = rankedWards(wards, highlight);
  return {
    grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
    tooltip: axisTooltip(look),
    xAxis: {
      type: 'category',
      // "Phường", "Xã" or "Đặc khu" before every name: the axis has no room to repeat it.
      data: ranked.map((ward) => ward.name.replace(/^(Phường|Xã|Đặc khu) /, '')),
      axisLabel: { ...axisText(look), fontSize: look.textSize(11), rotate: 45 },
    },
    yAxis: valueAxis(look),
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
                  formatter: `${median.label}: ${look.formatValue(median.value)}`,
                  color: TEXT,
                  fontSize: look.textSize(13),
                },
                data: [{ yAxis: median.value }],
              },
      },
    ],
  };
}

/**
 * Hours across, weekdays down from Monday as a calendar reads (`weekdays` names them, Monday
 * first); the legend says what each shade counts.
 */
export function heatmapOptions(cells: HeatmapCell[], weekdays: string[], look: ChartLook): ChartOption {
  const max = Math.max(1, ...cells.map((cell) => cell.value));
  return {
    tooltip: {
      position: 'top',
      formatter: (params: TooltipParams) => {
        const [hour, day, value] = [params].flat()[0]?.value as [number, number, number];
        return `${weekdays[day]} ${HOURS[hour]}<br/>${look.formatValue(value)}`;
      },
    },
    grid: { left: 8, right: 16, top: 8, bottom: 64, containLabel: true },
    xAxis: { type: 'category', data: HOURS, axisLabel: axisText(look) },
    // A category axis starts at the bottom: inverse puts Monday at the top.
    yAxis: { type: 'category', data: weekdays, inverse: true, axisLabel: axisText(look) },
    visualMap: {
      min: 0,
      max,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      text: [look.formatValue(max), look.formatValue(0)],
      textStyle: { color: TEXT, fontSize: look.textSize(13) },
      inRange: { color: ['#17222d', '#56B4E9', '#0072B2'] },
    },
    series: [{ type: 'heatmap', data: cells.map((cell) => [cell.hour, cell.weekday - 1, cell.value]) }],
  };
}
