import { PALETTE, TEXT, axisText, escapeHtml, type ChartLook } from './chart-style';
import type { ChartOption } from './echarts';

/** One ward's bar: its name, its percent of its target (in percent), whether it is the user's own. */
export interface TargetBar {
  name: string;
  percent: number;
  own: boolean;
}

/** The wards a ranking's chart shows: the first `limit` by percent, and the user's own wherever it stands. */
export function chartedWards(bars: TargetBar[], limit = 15): TargetBar[] {
  const ranked = [...bars].sort((a, b) => b.percent - a.percent);
  return ranked.filter((bar, index) => index < limit || bar.own);
}

/**
 * Wards' percent of their targets as bars across, highest at the top, the user's own ward in its
 * own colour, with lines at the city median and at 100% (met). `percent` writes a percent (25.3,
 * in percent) as the page does; `medianLabel` names the median line.
 */
export function targetRankingOptions(
  bars: TargetBar[],
  median: { value: number; label: string } | null,
  look: ChartLook & { percent: (value: number) => string },
): ChartOption {
  const lines = [
    ...(median
      ? [{ xAxis: median.value, label: { formatter: `${median.label}: ${look.percent(median.value)}` } }]
      : []),
    // 100% (met): the axis names it already.
    { xAxis: 100, label: { show: false }, lineStyle: { color: PALETTE[2], type: 'solid' as const } },
  ];
  return {
    grid: { left: 8, right: 40, top: 28, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (params) => {
        const item = [params].flat()[0];
        return `${escapeHtml(item?.name ?? '')}: ${look.percent(Number(item?.value))}`;
      },
    },
    xAxis: {
      type: 'value',
      min: 0,
      max: (extent: { max: number }) => Math.max(100, Math.ceil(extent.max / 10) * 10),
      axisLabel: { ...axisText(look), hideOverlap: true, formatter: (value: number) => look.percent(value) },
      splitLine: { lineStyle: { color: '#2c3a47' } },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      // "Phường", "Xã" or "Đặc khu" before every name: the axis has no room to repeat it.
      data: bars.map((bar) => bar.name.replace(/^(Phường|Xã|Đặc khu) /, '')),
      axisLabel: { ...axisText(look), fontSize: look.textSize(12) },
    },
    series: [
      {
        type: 'bar',
        data: bars.map((bar) => ({
          value: bar.percent,
          itemStyle: { color: bar.own ? PALETTE[1] : PALETTE[0] },
        })),
        label: {
          show: true,
          position: 'right',
          color: TEXT,
          fontSize: look.textSize(12),
          formatter: (params: { value: unknown }) => look.percent(Number(params.value)),
        },
        markLine: {
          symbol: 'none',
          // Above the bars: the category axis runs downwards, so a line's start is its top.
          label: { position: 'start', color: TEXT, fontSize: look.textSize(12) },
          lineStyle: { color: PALETTE[1], type: 'dashed' },
          data: lines,
        },
      },
    ],
  };
}
