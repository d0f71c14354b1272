/// <reference lib="dom" />
// The init script runs in the page, where the DOM is.
import type { BrowserContext, Page } from 'playwright-core';

/** One text a chart drew on its canvas, where it landed (device pixels) and in which chart. */
export interface DrawnText {
  text: string;
  /** The id of the chart's element (#analysis-heatmap, say). */
  chart: string;
  left: number;
  right: number;
  y: number;
  canvasWidth: number;
}

/**
 * Records every text drawn on a canvas: ECharts draws axis ticks, bar labels and legends there,
 * out of reach of the DOM, and this is how a test reads what a person sees on a chart.
 */
export async function recordCanvasText(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const drawn: unknown[] = [];
    (window as unknown as { __drawnText: unknown[] }).__drawnText = drawn;
    const fillText = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (text: string, x: number, y: number, maxWidth?: number) {
      const m = this.getTransform();
      // The text's box in the element's own coordinates, then on the canvas (a label may be
      // turned by its transform, a line's label by half a turn).
      const width = this.measureText(String(text)).width;
      const align = this.textAlign;
      const start = align === 'center' ? x - width / 2 : align === 'right' || align === 'end' ? x - width : x;
      const ends = [start, start + width].map((lx) => m.a * lx + m.c * y + m.e);
      const left = Math.min(...ends);
      drawn.push({
        text: String(text),
        chart: this.canvas.parentElement?.closest('[id]')?.id ?? '',
        left,
        right: Math.max(...ends),
        y: m.b * x + m.d * y + m.f,
        canvasWidth: this.canvas.width,
      });
      return maxWidth === undefined ? fillText.call(this, text, x, y) : fillText.call(this, text, x, y, maxWidth);
    };
  });
}

/** What the charts drew since the last call (the record is emptied). */
export const takeCanvasText = (page: Page, chart?: string): Promise<DrawnText[]> =>
  page.evaluate((id) => {
    const all = (window as unknown as { __drawnText: DrawnText[] }).__drawnText;
    const taken = all.filter((item) => id === undefined || item.chart === id);
    if (id === undefined) all.length = 0;
    return taken;
  }, chart);

/** Waits until a chart has drawn a text that passes `test`; returns everything that chart drew. */
export async function waitForCanvasText(
  page: Page,
  chart: string,
  test: (text: string) => boolean,
  timeoutMs = 15_000,
): Promise<DrawnText[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const drawn = await takeCanvasText(page, chart);
    if (drawn.some((item) => test(item.text))) return drawn;
    if (Date.now() > deadline) {
      const texts = [...new Set(drawn.map((item) => item.text))].slice(-60);
      throw new Error(`#${chart} drew no matching text; it drew: ${JSON.stringify(texts)}`);
    }
    await page.waitForTimeout(100);
  }
}
