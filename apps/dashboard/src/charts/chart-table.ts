import { element } from '../dom';
import { formatNumber } from '../format';
import { t } from '../i18n';

export type Cell = string | number | Node;

const text = (cell: Cell): string | Node => (typeof cell === 'number' ? formatNumber(cell) : cell);

/**
 * A chart's figures as a table, in a disclosure right after the chart: a canvas says nothing to
 * a screen reader, and anyone may want the exact numbers. The code that draws a chart hands the
 * same rows to its table, so the two cannot drift apart. The chart names its table in
 * `data-table`.
 */
export class ChartTable {
  private readonly head = element('thead');
  private readonly body = element('tbody');

  constructor(chartId: string, caption: string) {
    const chart = document.getElementById(chartId);
    if (!chart) throw new Error(`no #${chartId}`);
    const id = `${chartId}-table`;
    chart.dataset.table = id;
    const table = element(
      'table',
      { id, className: 'data' },
      element('caption', { className: 'visually-hidden', textContent: caption }),
      this.head,
      this.body,
    );
    chart.after(
      element(
        'details',
        { className: 'chart-table' },
        element('summary', { textContent: t('Bảng số liệu') }),
        element('div', { className: 'table-scroll', tabIndex: 0 }, table),
      ),
    );
  }

  /** The first cell of each row names it (a row header); the rest are its figures. */
  show(columns: string[], rows: Cell[][]): void {
    this.head.replaceChildren(
      element('tr', {}, ...columns.map((column) => element('th', { scope: 'col', textContent: column }))),
    );
    this.body.replaceChildren(
      ...rows.map(([name, ...figures]) =>
        element(
          'tr',
          {},
          element('th', { scope: 'row' }, text(name)),
          ...figures.map((figure) => element('td', {}, text(figure))),
        ),
      ),
    );
  }
}
