import type { AgeSplit, Campaign, Guide, Outcome, TimeseriesPoint } from '@kiosk-pulse/contract';
import { describeCampaign } from '../campaign-marks';
import { campaignBands } from './campaign-marks';
import { fillBuckets } from './chart-series';
import type { Cell } from './chart-table';
import { mountChart } from './mount-chart';
import { BreakdownCharts } from './breakdown-charts';
import { OutcomeChart } from './outcome-chart';
import { emptyHourly, hourlyData, hourlyFrame } from './overview.options';
import { PAGE_LOOK } from './page-look';
import { formatHour } from '../format';
import { t } from '../i18n';

/**
 * The overview's charts: who came (age groups), what they were guided through, what the city
 * counts of it (outcomes), and today by the hour.
 */
export class Charts {
  private readonly breakdowns = new BreakdownCharts(
    { age: 'chart-age', guide: 'chart-guide' },
    { age: t('Lượt người được hỗ trợ theo nhóm tuổi'), guide: t('Hướng dẫn hoàn thành theo nội dung') },
  );
  private readonly outcomes = new OutcomeChart('chart-outcome', t('Kết quả theo Kế hoạch 31/KH-UBND'));
  private readonly hourly = mountChart('chart-hourly', t('Theo giờ trong ngày'));

  constructor() {
    this.hourly.setOption(hourlyFrame([t('Lượt người'), t('Lượt hướng dẫn, tài khoản')], PAGE_LOOK));
  }

  /** The scope changed: the old scope's figures go, and the charts say they are loading. */
  loading(): void {
    this.clear();
    const { age, guide } = this.breakdowns;
    for (const chart of [age, guide, this.outcomes.chart, this.hourly]) chart.showLoading(t('Đang tải…'), 0.8);
  }

  /** Nothing to show (the scope was refused). */
  clear(): void {
    this.breakdowns.clear();
    this.outcomes.clear();
    this.hourly.setOption(emptyHourly, { replaceMerge: ['series'] });
    this.hourly.table.show([], []);
    this.hourly.hideLoading();
  }

  /** Today's guides, live. */
  showGuides(byGuide: Record<Guide, number>): void {
    this.breakdowns.showGuides(byGuide);
  }

  /** Today's outcomes, live (the socket's counts carry them, exact like the other totals). */
  showOutcomes(byOutcome: Record<Outcome, number>): void {
    this.outcomes.show(byOutcome);
  }

  /** Today's age split: none until the day (or week) is over, and the chart says so (docs/privacy.md). */
  showAges(split: AgeSplit): void {
    this.breakdowns.showAges(split);
  }

  /**
   * The city days `range` hour by hour, up to the hour under way (marked partial, drawn lighter);
   * hours still to come are left out. The campaigns in those hours are marked over them.
   */
  showHourly(
    series: { name: string; points: TimeseriesPoint[] }[],
    range: { from: string; to: string },
    campaigns: readonly Campaign[] = [],
  ): void {
    this.hourly.hideLoading();
    const now = new Date();
    const filled = series.map(({ name, points }) => ({ name, points: fillBuckets(points, 'hour', range, now) }));
    const hours = filled[0]?.points.map((point) => formatHour(point.t)) ?? [];
    const starts = filled[0]?.points.map((point) => Date.parse(point.t)) ?? [];
    const bands = campaignBands(campaigns, starts, (start) => start + 3_600_000, describeCampaign);
    this.hourly.setOption(hourlyData(hours, filled, bands, PAGE_LOOK), { replaceMerge: ['series'] });
    this.hourly.table.show(
      [t('Giờ'), ...filled.map(({ name }) => name)],
      hours.map((hour, index): Cell[] => [hour, ...filled.map(({ points }) => points[index]?.value ?? 0)]),
    );
  }
}
