import { AGE_GROUPS, OUTCOMES, type PublicView } from '@kiosk-pulse/contract';
import { wrappedLabelWidth } from '../charts/breakdown.options';
import { mountChart } from '../charts/mount-chart';
import { byId } from '../dom';
import { registerWardMaps, wardFrame } from '../charts/ward-boundaries';
import { AGE_GROUP_LABELS, OUTCOME_LABELS, byName, formatDate, formatShortDate } from '../format';
import { t } from '../i18n';
import { barLength } from './public-counts';
import { SHARE_LOOK, writeCount } from './share-look';
import { agesOptions, daysOptions, outcomesOptions, publicMapOptions } from './share.options';

/** A phone held upright: the map's legend goes above it, off the coast (as on the dashboard's map). */
const narrow = () => window.matchMedia('(max-width: 40rem)').matches;

/** The public page's four charts, each with its table of figures (chart-table.ts). */
export class ShareCharts {
  private readonly days = mountChart('share-days-chart', t('Lượt người được hỗ trợ mỗi ngày, 30 ngày qua'));
  private readonly ages = mountChart('share-ages-chart', t('Lượt người được hỗ trợ theo nhóm tuổi'));
  private readonly outcomes = mountChart('share-outcomes-chart', t('Kết quả theo Kế hoạch 31/KH-UBND, 30 ngày qua'));
  private readonly map = mountChart('share-map-chart', t('Lượt người được hỗ trợ trong 30 ngày, theo phường, xã'));

  show(view: PublicView): void {
    this.days.setOption(
      daysOptions(
        view.days.map((day) => ({ label: formatShortDate(day.day), count: day.peopleReached })),
        writeCount,
        SHARE_LOOK,
      ),
    );
    this.days.table.show(
      [t('Ngày'), t('Lượt người được hỗ trợ')],
      view.days.map((day) => [formatDate(day.day), writeCount(day.peopleReached)]),
    );
    const ages = AGE_GROUPS.map((group) => ({
      label: AGE_GROUP_LABELS[group],
      count: view.ageSplit.byAgeGroup[group],
    }));
    this.ages.setOption(agesOptions(ages, writeCount, SHARE_LOOK));
    this.ages.table.show(
      [t('Nhóm tuổi'), t('Lượt người được hỗ trợ')],
      ages.map((age) => [age.label, writeCount(age.count)]),
    );
    // Counted as the age groups are: a small one is "<10", with no bar (docs/privacy.md).
    const outcomes = OUTCOMES.map((outcome) => ({ label: OUTCOME_LABELS[outcome], count: view.outcomes[outcome] }));
    const labelWidth = wrappedLabelWidth(byId('share-outcomes-chart').clientWidth);
    this.outcomes.setOption(outcomesOptions(outcomes, writeCount, SHARE_LOOK, labelWidth));
    this.outcomes.table.show(
      [t('Kết quả'), t('Số lượt')],
      outcomes.map((outcome) => [outcome.label, writeCount(outcome.count)]),
    );
    const wards = [...view.wards].sort(
      (a, b) => barLength(b.peopleReached) - barLength(a.peopleReached) || byName(a.name, b.name),
    );
    this.map.table.show(
      [t('Phường, xã'), t('Lượt người, 30 ngày')],
      wards.map((ward) => [ward.name, writeCount(ward.peopleReached)]),
    );
    // The boundaries come once; until they have, the map waits for the next answer.
    void registerWardMaps().then(
      () =>
        this.map.setOption(
          publicMapOptions(
            view.wards,
            {
              own: view.wardCode,
              narrow: narrow(),
              metric: t('Lượt người, 30 ngày'),
              frame: view.wardCode ? wardFrame(view.wardCode) : undefined,
            },
            writeCount,
            SHARE_LOOK,
          ),
        ),
      (error: unknown) => console.error(error),
    );
  }
}
