import type { AgeCount } from '@kiosk-pulse/contract';
import { axisText, axisTooltip, barLabel, escapeHtml, valueAxis, type ChartLook } from './chart-style';
import type { ChartOption, TooltipParams } from './echarts';

/** How the page writes an age count ("12", "≥ 7", "ẩn"), and why one is not exact (nothing for an exact one). */
export interface AgeCountText {
  write: (count: AgeCount) => string;
  note: (count: AgeCount) => string | undefined;
}

/** A bar of an age count that some period hid part of: what it says on the chart and in its tooltip. */
interface PartlyHiddenBar {
  value: number;
  written: string;
  note: string | undefined;
}

/** How a bar whose count is partly hidden is drawn: lighter and hatched (not by colour alone). */
export const PARTLY_HIDDEN_BAR = {
  opacity: 0.45,
  decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 3], rotation: -Math.PI / 4, color: '#0f1720' },
};

/**
 * An age count's bar. An exact count is a plain bar. One that some period hid part of
 * (`{ atLeast: n }`) is drawn to n, lighter and hatched (not by colour alone), labelled "≥ n";
 * a hidden one (`{ atLeast: 0 }`) has no bar, only its label. Its tooltip says why.
 */
export const ageBar = (count: AgeCount, text: AgeCountText) => {
  if (typeof count === 'number') return count;
  const written = text.write(count);
  return {
    value: count.atLeast,
    written,
    note: text.note(count),
    itemStyle: PARTLY_HIDDEN_BAR,
    // The bar is lighter, its label is not: "ẩn" and "≥ n" are read as well as any figure.
    label: { show: true, position: 'right' as const, formatter: written, opacity: 1 },
  };
};

/**
 * Bars across, one category a line: names such as "Nhận diện lừa đảo" never run into each other,
 * however narrow the chart (a phone) or large the type (a wall screen). No figures yet: those
 * come with breakdownData.
 */
export function breakdownOptions(labels: string[], color: string, look: ChartLook): ChartOption {
  return {
    color: [color],
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      ...axisTooltip(look),
      // A partly hidden bar's length is its lower bound: the tooltip gives its label and why.
      formatter: (params: TooltipParams) => {
        const [bar] = [params].flat();
        if (!bar) return '';
        const partly = typeof bar.data === 'object' && bar.data !== null ? (bar.data as PartlyHiddenBar) : undefined;
        const figure = partly ? partly.written : look.formatValue(bar.value);
        const note = partly?.note ? `<br/>${escapeHtml(partly.note)}` : '';
        return `${bar.marker ?? ''}${escapeHtml(bar.name)}: ${escapeHtml(figure)}${note}`;
      },
    },
    yAxis: {
      type: 'category',
      data: labels,
      // The first category at the top, as it is read.
      inverse: true,
      axisLabel: { ...axisText(look), fontSize: look.textSize(12), interval: 0 },
    },
    // Few ticks: the bars carry their own figures, and a narrow chart has room for few.
    xAxis: valueAxis(look, { splitNumber: 3 }),
    series: [{ type: 'bar', data: [], label: { ...barLabel(look), position: 'right' } }],
  };
}

/** The figures of breakdownOptions' bars, in its labels' order. */
export const breakdownData = (counts: number[]): ChartOption => ({ series: [{ data: counts }] });

/** Age counts as breakdownOptions' bars, in its labels' order (ageBar). */
export const ageBreakdownData = (counts: AgeCount[], text: AgeCountText): ChartOption => ({
  series: [{ data: counts.map((count) => ageBar(count, text)) }],
});

/** No figures: the bars emptied (a refused scope, or a new one loading). */
export const emptyBreakdown: ChartOption = { series: [{ data: [] }] };

/**
 * How wide an outcome's name may be drawn beside its bar before it wraps, in a chart `chartWidth`
 * pixels wide: the names are long, and on a narrow chart (a phone) they would leave the bars no
 * room. Undefined: a wide chart, where each name fits on one line.
 */
export const wrappedLabelWidth = (chartWidth: number): number | undefined =>
  chartWidth > 0 && chartWidth < 420 ? Math.max(96, Math.round(chartWidth * 0.45)) : undefined;
