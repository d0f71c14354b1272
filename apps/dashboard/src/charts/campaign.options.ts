import { PALETTE, axisText, barLabel, valueAxis, type ChartLook } from './chart-style';
import type { ChartOption } from './echarts';

/** One side of a campaign's comparison as its chart draws it: its name and visits per hour open. */
export interface ComparedSide {
  name: string;
  visitsPerHour: number | null;
}

/**
 * Visits per hour open, a bar each: the campaign's hours, the same kiosks' ordinary days and
 * the ward's other kiosks over the campaign's hours. A side with no hour open has no bar (not
 * a zero: nothing was open to count).
 */
export function comparisonOptions(sides: ComparedSide[], look: ChartLook): ChartOption {
  return {
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: look.formatValue },
    xAxis: { type: 'category', data: sides.map((side) => side.name), axisLabel: { ...axisText(look), interval: 0 } },
    yAxis: valueAxis(look, { minInterval: 0 }),
    series: [
      {
        type: 'bar',
        barMaxWidth: 96,
        label: barLabel(look),
        data: sides.map((side, index) => ({
          value: side.visitsPerHour ?? '-',
          // The campaign's own bar in the colour the trend charts mark campaigns with.
          itemStyle: { color: index === 0 ? PALETTE[1] : PALETTE[0] },
        })),
      },
    ],
  };
}
