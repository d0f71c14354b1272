import { targetIndicatorName, type PublicTarget, type TargetStatus } from '@kiosk-pulse/contract';
import { byId, element } from '../dom';
import { formatDate, formatNumber, formatPercent } from '../format';
import { language, t } from '../i18n';
import { writeCount } from './share-look';

const STATUS_LABELS: Record<TargetStatus, string> = {
  met: 'Đã đạt',
  on_track: 'Đúng tiến độ',
  behind: 'Chậm tiến độ',
  not_started: 'Chưa bắt đầu',
  missed: 'Không đạt',
};

/** What a target counts, as the Chỉ tiêu page names it: an outcome, or visits of some age groups. */
const indicatorOf = (target: PublicTarget): string =>
  targetIndicatorName(target.indicator, target.ageGroups, language());

/**
 * The share's scope's targets under the public rule: the count rounded or hidden as the page's
 * other breakdowns, the percent of that shown count, and a status only where the API tells one
 * (an age group's target under way has none: its pace would need days not yet published).
 */
export function showTargets(targets: PublicTarget[]): void {
  byId('share-targets').hidden = targets.length === 0;
  byId('share-targets-table')
    .querySelector('tbody')
    ?.replaceChildren(
      ...targets.map((target) =>
        element(
          'tr',
          { dataset: { indicator: target.indicator, deadline: target.deadline } },
          element(
            'th',
            { scope: 'row' },
            element('span', { className: 'target-name', textContent: indicatorOf(target) }),
            ' ',
            element('span', {
              className: 'muted',
              textContent: `${formatDate(target.startDay)} – ${formatDate(target.deadline)}`,
            }),
          ),
          element('td', {
            className: 'number',
            dataset: { cell: 'percent', label: t('% chỉ tiêu') },
            textContent: target.percent === null ? '–' : formatPercent(target.percent / 100),
          }),
          element('td', {
            className: 'number',
            dataset: { cell: 'count', label: t('Số đã đạt (lượt)') },
            textContent: writeCount(target.count),
          }),
          element('td', {
            className: 'number',
            dataset: { cell: 'target', label: t('Chỉ tiêu (lượt)') },
            textContent: formatNumber(target.target),
          }),
          element('td', {
            dataset: { cell: 'status', label: t('Tình trạng') },
            textContent: target.status === null ? t('chưa công bố') : t(STATUS_LABELS[target.status]),
          }),
        ),
      ),
    );
}
