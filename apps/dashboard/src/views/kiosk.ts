import type { PublishedFigures, Ward } from '@kiosk-pulse/contract/counts';
import { AGE_GROUPS, GUIDES } from '@kiosk-pulse/contract/events';
import { ApiError, getJson } from '../api';
import { byId, element, row } from '../dom';
import { AGE_GROUP_LABELS, GUIDE_LABELS, formatNumber } from '../format';
import { t } from '../i18n';
import type { Session } from '../session';
import { rangeFor } from '../ranges';
import { KIOSK_STATUS, seenFormat, type FleetKiosk } from './fleet';

type KioskFigures = PublishedFigures & { kioskId: string };

/**
 * One kiosk's page (`#/kiosks/<id>`): its status, today's counts and the last 7 days by age
 * group and guide. A kiosk outside the user's scope is not in their fleet, so its page says
 * "not found" and shows nothing of it.
 */
export class KioskView {
  constructor(
    private readonly session: Session,
    private readonly wards: Ward[],
    private readonly onError: (error: unknown) => void,
  ) {}

  async show(id: string): Promise<void> {
    byId('kiosk-details').hidden = true;
    byId('kiosk-missing').hidden = true;
    byId('kiosk-error').textContent = '';
    byId('kiosk-title').textContent = t('Kiosk');
    try {
      const kiosk = await getJson<FleetKiosk>(`/api/v1/kiosks/${encodeURIComponent(id)}`, this.session.token).catch(
        (error: unknown) => {
          // Another ward's kiosk is not found either, as if it did not exist.
          if (error instanceof ApiError && (error.status === 404 || error.status === 400)) return undefined;
          throw error;
        },
      );
      if (!kiosk) {
        byId('kiosk-missing').hidden = false;
        return;
      }
      const { kiosks } = await getJson<{ kiosks: KioskFigures[] }>('/api/v1/stats/kiosks', this.session.token, {
        ...rangeFor('7d', '', ''),
        wardCode: kiosk.wardCode,
      });
      this.showKiosk(
        kiosk,
        kiosks.find((figures) => figures.kioskId === id),
      );
    } catch (error) {
      if (error instanceof ApiError) byId('kiosk-error').textContent = error.message;
      else this.onError(error);
    }
  }

  private showKiosk(kiosk: FleetKiosk, week: KioskFigures | undefined): void {
    byId('kiosk-title').textContent = kiosk.label;
    const ward = this.wards.find((candidate) => candidate.code === kiosk.wardCode);
    const facts: [string, string][] = [
      [t('Phường, xã'), ward ? `${ward.name} (${ward.code})` : kiosk.wardCode],
      [t('Trạng thái'), KIOSK_STATUS[kiosk.status]],
      [t('Lần cuối'), kiosk.lastSeenAt ? seenFormat.format(new Date(kiosk.lastSeenAt)) : '–'],
      [t('Sự kiện đã lưu'), formatNumber(kiosk.eventsStored)],
      [t('Bị từ chối'), formatNumber(kiosk.eventsRejected)],
    ];
    byId('kiosk-facts').replaceChildren(
      ...facts.flatMap(([name, value]) => [
        element('dt', { textContent: name }),
        element('dd', { textContent: value }),
      ]),
    );
    byId('kiosk-people').textContent = formatNumber(kiosk.today.peopleReached);
    byId('kiosk-guides').textContent = formatNumber(kiosk.today.guidesCompleted);
    byId('kiosk-accounts').textContent = formatNumber(kiosk.today.accountsRegistered);
    const count = (value: number | string | undefined) =>
      typeof value === 'number' ? formatNumber(value) : (value ?? '–');
    byId('kiosk-ages')
      .querySelector('tbody')
      ?.replaceChildren(...AGE_GROUPS.map((group) => row([AGE_GROUP_LABELS[group], count(week?.byAgeGroup[group])])));
    byId('kiosk-guide-table')
      .querySelector('tbody')
      ?.replaceChildren(...GUIDES.map((guide) => row([GUIDE_LABELS[guide], count(week?.byGuide[guide])])));
    byId('kiosk-details').hidden = false;
  }
}
