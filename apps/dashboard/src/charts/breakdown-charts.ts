import { AGE_GROUPS, GUIDES, type AgeSplit, type Guide } from '@kiosk-pulse/contract';
import { ageBreakdownData, breakdownData, breakdownOptions, emptyBreakdown } from './breakdown.options';
import { PALETTE } from './chart-style';
import { mountChart, type MountedChart } from './mount-chart';
import type { ChartTable } from './chart-table';
import { PAGE_LOOK } from './page-look';
import { AGE_GROUP_LABELS, GUIDE_LABELS, ageCountNote, formatAgeCount, formatSplitCoverage } from '../format';
import { byId } from '../dom';
import { t } from '../i18n';

/**
 * The pair of bar charts the overview and the analysis both show: people by age group (over the
 * published periods of docs/privacy.md, said in a line above the chart), guides completed by guide.
 */
export class BreakdownCharts {
  readonly age: MountedChart & { readonly table: ChartTable };
  readonly guide: MountedChart & { readonly table: ChartTable };
  /** What the age chart covers, or, in its place, why there is nothing to show yet. */
  private readonly coverage: HTMLParagraphElement;
  private readonly ageElement: HTMLElement;

  constructor(ids: { age: string; guide: string }, captions: { age: string; guide: string }) {
    this.age = mountChart(ids.age, captions.age);
    this.guide = mountChart(ids.guide, captions.guide);
    this.ageElement = byId(ids.age);
    this.coverage = document.createElement('p');
    this.coverage.className = 'chart-note';
    this.coverage.id = `${ids.age}-coverage`;
    // Above the chart, so that its table's disclosure stays right after it (chart-table.ts).
    this.ageElement.before(this.coverage);
    this.age.setOption(
      breakdownOptions(
        AGE_GROUPS.map((group) => AGE_GROUP_LABELS[group]),
        PALETTE[0],
        PAGE_LOOK,
      ),
    );
    this.guide.setOption(
      breakdownOptions(
        GUIDES.map((guide) => GUIDE_LABELS[guide]),
        PALETTE[1],
        PAGE_LOOK,
      ),
    );
  }

  showAges(split: AgeSplit): void {
    this.age.hideLoading();
    this.coverage.textContent = formatSplitCoverage(split);
    // No published period (today): the line says when ages come, instead of an empty chart.
    const unpublished = split.from === null;
    this.ageElement.classList.toggle('unpublished', unpublished);
    this.coverage.classList.toggle('empty-state', unpublished);
    if (unpublished) {
      this.age.setOption(emptyBreakdown);
      this.age.table.show([], []);
      return;
    }
    const counts = AGE_GROUPS.map((group) => split.byAgeGroup[group]);
    this.age.setOption(ageBreakdownData(counts, { write: formatAgeCount, note: ageCountNote }));
    this.age.table.show(
      [t('Nhóm tuổi'), t('Lượt người')],
      AGE_GROUPS.map((group, index) => [AGE_GROUP_LABELS[group], formatAgeCount(counts[index])]),
    );
  }

  showGuides(byGuide: Record<Guide, number>): void {
    this.guide.hideLoading();
    this.guide.setOption(breakdownData(GUIDES.map((guide) => byGuide[guide])));
    this.guide.table.show(
      [t('Hướng dẫn'), t('Hoàn thành')],
      GUIDES.map((guide) => [GUIDE_LABELS[guide], byGuide[guide]]),
    );
  }

  clear(): void {
    this.coverage.textContent = '';
    this.ageElement.classList.remove('unpublished');
    this.coverage.classList.remove('empty-state');
    for (const chart of [this.age, this.guide]) {
      chart.setOption(emptyBreakdown);
      chart.table.show([], []);
      chart.hideLoading();
    }
  }
}
