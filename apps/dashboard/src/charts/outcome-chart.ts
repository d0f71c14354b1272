import { OUTCOMES, type Outcome } from '@kiosk-pulse/contract';
import { breakdownData, breakdownOptions } from './breakdown.options';
import { PALETTE } from './chart-style';
import { mountChart } from './mount-chart';
import { PAGE_LOOK } from './page-look';
import { OUTCOME_LABELS } from '../format';
import { t } from '../i18n';

/** The city's outcomes of a range as bars, one per outcome, in the contract's order; totals, exact. */
export class OutcomeChart {
  private readonly chart;

  constructor(id: string, caption: string) {
    this.chart = mountChart(id, caption);
    this.chart.setOption(
      breakdownOptions(
        OUTCOMES.map((outcome) => OUTCOME_LABELS[outcome]),
        PALETTE[2],
        PAGE_LOOK,
      ),
    );
  }

  show(byOutcome: Record<Outcome, number>): void {
    this.chart.hideLoading();
    this.chart.setOption(breakdownData(OUTCOMES.map((outcome) => byOutcome[outcome])));
    this.chart.table.show(
      [t('Kết quả'), t('Số lượt')],
      OUTCOMES.map((outcome) => [OUTCOME_LABELS[outcome], byOutcome[outcome]]),
    );
  }
}
