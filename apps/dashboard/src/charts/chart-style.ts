/*
 * What every chart shares: colours, axes, labels. No ECharts and no page in here: the option
 * builders and their unit tests use it as plain data, and what depends on the page (the size of
 * type on a wall screen, how numbers are written) comes in as a ChartLook.
 */

// Okabe–Ito: told apart with every common colour-vision deficiency.
export const PALETTE = ['#56B4E9', '#E69F00', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7'];
export const TEXT = '#e8eef4';
export const GRID_LINE = '#2c3a47';

/** How much lighter the bucket under way is drawn: its figure is still growing. */
export const PARTIAL_OPACITY = 0.55;

/** What a chart takes from the page it is drawn on (page-look.ts gives the page's own). */
export interface ChartLook {
  /** A size of type in pixels, grown on a wall screen (ECharts sizes are in pixels, not rem). */
  textSize: (px: number) => number;
  /**
   * A figure as the page writes numbers: ECharts writes them its own way ("2,500" on an axis,
   * "1108" on a bar), so every figure a chart shows goes through this instead.
   */
  formatValue: (value: unknown) => string;
}

/** ECharts puts a tooltip's text in as HTML: a name is text. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export const axisText = (look: ChartLook) => ({ color: TEXT, fontSize: look.textSize(14) });

export const axisTooltip = (look: ChartLook) => ({ trigger: 'axis' as const, valueFormatter: look.formatValue });

/** A value axis whose ticks read as every other number on the page. */
export const valueAxis = (look: ChartLook, extra: object = {}) => ({
  type: 'value' as const,
  minInterval: 1,
  axisLabel: { ...axisText(look), formatter: look.formatValue },
  splitLine: { lineStyle: { color: GRID_LINE } },
  ...extra,
});

/** A bar's own figure above it, written as the page writes numbers. */
export const barLabel = (look: ChartLook) => ({
  show: true,
  position: 'top' as const,
  color: TEXT,
  fontSize: look.textSize(12),
  formatter: (params: { value: unknown }) => look.formatValue(params.value),
});

/** Lines told apart by shape and dash as well as by colour, so no reader depends on colour alone. */
export const LINE_STYLES = [
  { symbol: 'circle', lineStyle: { type: 'solid' as const } },
  { symbol: 'triangle', lineStyle: { type: 'dashed' as const } },
  { symbol: 'rect', lineStyle: { type: 'dotted' as const } },
];
