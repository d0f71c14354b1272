/*
 * The one door to ECharts (eslint.config.mjs refuses `echarts` anywhere else in the dashboard):
 * what the app draws is registered here, once, so tree-shaking keeps only that, and the option
 * builders (charts/*.options.ts) type their output with ChartOption without loading ECharts.
 */
import {
  BarChart,
  HeatmapChart,
  LineChart,
  MapChart,
  type BarSeriesOption,
  type HeatmapSeriesOption,
  type LineSeriesOption,
  type MapSeriesOption,
} from 'echarts/charts';
import {
  GeoComponent,
  GraphicComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
  type GraphicComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type MarkAreaComponentOption,
  type MarkLineComponentOption,
  type TooltipComponentOption,
  type VisualMapComponentOption,
} from 'echarts/components';
import { init, registerMap, use, type ComposeOption, type ECharts, type SetOptionOpts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { TooltipComponentFormatterCallbackParams } from 'echarts';

use([
  BarChart,
  LineChart,
  HeatmapChart,
  MapChart,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
  GeoComponent,
  GraphicComponent,
  CanvasRenderer,
]);

/** The options of every chart the dashboard draws, and of nothing it does not register. */
export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | HeatmapSeriesOption
  | MapSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | MarkAreaComponentOption
  | MarkLineComponentOption
  | TooltipComponentOption
  | VisualMapComponentOption
  | GraphicComponentOption
>;

/** What a tooltip's formatter is handed: one item, or each series' item under an axis pointer. */
export type TooltipParams = TooltipComponentFormatterCallbackParams;

export { init, registerMap, type ECharts, type MarkAreaComponentOption, type SetOptionOpts };
