import { addCityDays, type PublicView } from '@kiosk-pulse/contract';
import { byId } from '../dom';
import { formatClock, formatDate, formatLongDate, formatNumber } from '../format';
import { t } from '../i18n';
import type { ShareCharts } from './share-charts';
import { writeCount } from './share-look';
import { showTargets } from './share-targets';

/** Which days the age groups cover, and why the days still open are not in them. */
function agesNote(split: PublicView['ageSplit']): string {
  const rule =
    split.period === 'week'
      ? t('Số liệu theo nhóm tuổi của mỗi tuần được công bố sau khi tuần đó kết thúc; nhóm ít người được ẩn.')
      : t('Số liệu theo nhóm tuổi của mỗi ngày được công bố sau khi ngày đó kết thúc; nhóm ít người được ẩn.');
  if (split.from === null || split.to === null) return rule;
  const last = addCityDays(split.to, -1);
  const days = split.from === last ? formatDate(last) : `${formatDate(split.from)} – ${formatDate(last)}`;
  return `${t('Gồm các ngày {days}.').replace('{days}', days)} ${rule} ${t('“≥ n”: ít nhất n, một phần bị ẩn.')}`;
}

/**
 * The public page: a share link's label, its ward (or the city), today's totals and the charts of
 * the last 30 days. Each answer is drawn whole; between answers the last one stays on screen.
 */
export class SharePage {
  // The charts (ECharts is most of the page's weight) come after the first figures are on screen.
  private charts: Promise<ShareCharts> | undefined;

  show(view: PublicView): void {
    byId('share-loading').hidden = true;
    byId('share').hidden = false;
    const label = byId('share-label');
    label.textContent = view.label;
    // Its maker's words, for the public: never machine-translated.
    label.translate = false;
    document.title = `${view.label} — Kiosk Pulse`;
    const place = byId('share-scope');
    place.translate = view.wardName === null;
    place.textContent = view.wardName ? `${view.wardName} · ${t('TP. Hồ Chí Minh')}` : t('TP. Hồ Chí Minh');
    byId('share-today').textContent = `${t('Hôm nay')}, ${formatLongDate(view.today.day)}`;
    byId('share-people').textContent = formatNumber(view.today.peopleReached);
    byId('share-guides').textContent = formatNumber(view.today.guidesCompleted);
    byId('share-accounts').textContent = formatNumber(view.today.accountsRegistered);
    const asOf = byId('share-as-of');
    asOf.textContent = formatClock(view.asOf);
    asOf.setAttribute('datetime', view.asOf);
    byId('share-offline').textContent = '';
    byId('share-ages-note').textContent = agesNote(view.ageSplit);
    const own = view.scope === 'ward' ? view.wards[0] : undefined;
    byId('share-map-caption').textContent = own
      ? t('{ward} trên bản đồ thành phố: {count} lượt người trong 30 ngày')
          .replace('{ward}', own.name)
          .replace('{count}', writeCount(own.peopleReached))
      : t('Lượt người được hỗ trợ trong 30 ngày, theo phường, xã');
    showTargets(view.targets);
    this.charts ??= import('./share-charts').then(({ ShareCharts }) => new ShareCharts());
    void this.charts.then((charts) => charts.show(view));
  }

  /** A read failed: the last figures stay, with a quiet note (or the note alone, before any figures). */
  offline(): void {
    const note = t('Mất kết nối, đang thử lại…');
    byId('share-offline').textContent = note;
    if (byId('share').hidden) byId('share-loading').textContent = note;
  }

  /** The link is unknown or was revoked: nothing of its page stays. */
  gone(): void {
    byId('share-loading').hidden = true;
    byId('share').remove();
    byId('share-gone').hidden = false;
    document.title = t('Liên kết này không còn hiệu lực');
  }
}
