import { OUTCOMES, type Outcome } from '@kiosk-pulse/contract';
import { breakdownData, breakdownOptions, emptyBreakdown, wrappedLabelWidth } from './breakdown.options';
import { PALETTE } from './chart-style';
import { mountChart } from './mount-chart';
import { PAGE_LOOK } from './page-look';
import { byId } from '../dom';
import { OUTCOME_LABELS } from '../format';
import { t } from '../i18n';

/**
 * The city's outcomes of a range as bars, one per outcome, in the contract's order; totals,
 * exact. The analysis shows a range's; the overview today's, live from the socket's counts.
 */
export class OutcomeChart {
  readonly chart;
  private readonly element: HTMLElement;

  constructor(id: string, caption: string) {
    this.chart = mountChart(id, caption);
    this.element = byId(id);
    this.chart.setOption(
      breakdownOptions(
        OUTCOMES.map((outcome) => OUTCOME_LABELS[outcome]),
        PALETTE[2],
        PAGE_LOOK,
      ),
    );
  }

  /** No figures (a refused scope, or a new one loading). */
  clear(): void {
    this.chart.setOption(emptyBreakdown);
    this.chart.table.show([], []);
    this.chart.hideLoading();
  }

  show(byOutcome: Record<Outcome, number>): void {
    this.chart.hideLoading();
    // The outcomes' names are long: on a narrow chart (a phone) they wrap, and leave the bars room.
    const width = wrappedLabelWidth(this.element.clientWidth);
    this.chart.setOption({
      yAxis: {
        axisLabel:
          width === undefined ? { overflow: 'none' } : { width, overflow: 'break', lineHeight: PAGE_LOOK.textSize(15) },
      },
    });
    this.chart.setOption(breakdownData(OUTCOMES.map((outcome) => byOutcome[outcome])));
    this.chart.table.show(
      [t('Kết quả'), t('Số lượt')],
      OUTCOMES.map((outcome) => [OUTCOME_LABELS[outcome], byOutcome[outcome]]),
    );
  }
}
