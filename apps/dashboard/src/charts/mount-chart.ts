import { ChartTable } from './chart-table';
import { PALETTE, TEXT } from './chart-style';
import { init, type ChartOption, type ECharts, type SetOptionOpts } from './echarts';

export interface MountedChart {
  /** The chart's figures as a table for screen readers; absent where the page shows them elsewhere. */
  readonly table: ChartTable | undefined;
  setOption(option: ChartOption, options?: SetOptionOpts): void;
  /** A click on a data item: `data` is the item as it was given to the series. */
  onClick(handler: (data: unknown) => void): void;
  /** Waiting for figures: a spinner and "loading" over the chart, its area dimmed by `mask` (0-1). */
  showLoading(text: string, mask: number): void;
  hideLoading(): void;
  /** Drops every option: the next setOption draws from scratch. */
  clear(): void;
  dispose(): void;
}

/**
 * A chart in the element `#id`, and with `caption` its table (chart-table.ts): the one place
 * that starts ECharts, keeps it sized to its element and ends it.
 */
export function mountChart(id: string, caption: string): MountedChart & { readonly table: ChartTable };
export function mountChart(id: string): MountedChart;
export function mountChart(id: string, caption?: string): MountedChart {
  const element = document.getElementById(id);
  if (!element) throw new Error(`no #${id}`);
  const instance: ECharts = init(element, undefined, { renderer: 'canvas' });
  // Also when a hidden view is shown: a chart drawn at zero size stays blank until resized.
  // A view being hidden shrinks its charts to nothing: ECharts cannot lay a map out in no space
  // (a TypeError), and there is nothing to see, so that resize waits until the view is back.
  const observer = new ResizeObserver(([entry]) => {
    if (instance.isDisposed()) return observer.disconnect();
    if (entry.contentRect.width === 0 || entry.contentRect.height === 0) return;
    instance.resize();
  });
  observer.observe(element);
  const table = caption === undefined ? undefined : new ChartTable(id, caption);
  return {
    table,
    setOption: (option, options) => instance.setOption(option, options),
    onClick: (handler) => instance.on('click', (event) => handler(event.data)),
    showLoading: (text, mask) =>
      instance.showLoading('default', {
        text,
        color: PALETTE[0],
        textColor: TEXT,
        maskColor: `rgba(23, 34, 45, ${mask})`,
      }),
    hideLoading: () => instance.hideLoading(),
    clear: () => instance.clear(),
    dispose: () => {
      observer.disconnect();
      instance.dispose();
    },
  };
}
