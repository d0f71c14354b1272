import { GUIDES, type FleetEntry, type KioskFigures, type Ward } from '@kiosk-pulse/contract';
import { ApiError, apiClient } from '../api';
import { refusal } from '../dialog';
import { button, byId, element, row } from '../dom';
import { GUIDE_LABELS, formatDateTime, formatNumber } from '../format';
import { t } from '../i18n';
import type { Session } from '../session';
import { rangeFor } from '../ranges';
import { Latest, isAborted } from '../latest';
import { appVersion, flagBadges, pendingEvents, rejectionReason, statusText } from './fleet';
import { pairingPanel, showPairing } from './pairing-panel';

/**
 * One kiosk's page (`#/kiosks/<id>`): its status, today's counts and the last 7 days by age
 * group and guide. A kiosk outside the user's scope is not in their fleet, so its page says
 * "not found" and shows nothing of it.
 */
export class KioskView {
  /** Going from one kiosk's page to another's: the first one's answer is not drawn over the second. */
  private readonly reading = new Latest();

  constructor(
    private readonly session: Session,
    private readonly wards: Ward[],
    private readonly onError: (error: unknown) => void,
  ) {}

  async show(id: string): Promise<void> {
    byId('kiosk-details').hidden = true;
    byId('kiosk-missing').hidden = true;
    byId('kiosk-error').replaceChildren();
    byId('kiosk-title').textContent = t('Kiosk');
    byId('kiosk-title').translate = true;
    const signal = this.reading.next();
    try {
      const api = apiClient(this.session.token);
      const kiosk = await api.kiosks.get({ params: { id }, signal }).catch((error: unknown) => {
        // Another ward's kiosk is not found either, as if it did not exist.
        if (error instanceof ApiError && (error.status === 404 || error.status === 400)) return undefined;
        throw error;
      });
      if (signal.aborted) return;
      if (!kiosk) {
        byId('kiosk-missing').hidden = false;
        return;
      }
      const { kiosks } = await api.stats.kiosks({
        query: { ...rangeFor('7d', '', ''), wardCode: kiosk.wardCode },
        signal,
      });
      if (signal.aborted) return;
      this.showKiosk(
        kiosk,
        kiosks.find((figures) => figures.kioskId === id),
      );
    } catch (error) {
      if (isAborted(error, signal)) return;
      if (error instanceof ApiError) byId('kiosk-error').replaceChildren(...refusal(error));
      else this.onError(error);
    }
  }

  private showKiosk(kiosk: FleetEntry, week: KioskFigures | undefined): void {
    // A label is the kiosk's own name, never translated.
    byId('kiosk-title').textContent = kiosk.label;
    byId('kiosk-title').translate = false;
    const ward = this.wards.find((candidate) => candidate.code === kiosk.wardCode);
    const wardName = element('span', {
      textContent: ward ? `${ward.name} (${ward.code})` : kiosk.wardCode,
      translate: false,
      lang: 'vi',
    });
    const rejected: (Node | string)[] = [formatNumber(kiosk.eventsRejected)];
    const reason = rejectionReason(kiosk);
    if (reason) rejected.push(' — ', reason);
    const facts: [string, (Node | string)[]][] = [
      [t('Phường, xã'), [wardName]],
      [
        t('Trạng thái'),
        [element('span', { className: `badge ${kiosk.status}`, textContent: statusText(kiosk.status) })],
      ],
      [t('Hoạt động lần cuối'), [kiosk.lastSeenAt ? formatDateTime(kiosk.lastSeenAt) : '–']],
      [t('Sự kiện đã lưu'), [formatNumber(kiosk.eventsStored)]],
      [t('Bị từ chối'), rejected],
      [t('Chờ gửi'), [pendingEvents(kiosk)]],
      [t('Phiên bản ứng dụng'), [appVersion(kiosk)]],
    ];
    const flags = flagBadges(kiosk);
    if (flags.length > 0) facts.push([t('Cảnh báo'), [element('span', { className: 'flags' }, ...flags)]]);
    byId('kiosk-facts').replaceChildren(
      ...facts.flatMap(([name, value]) => [element('dt', { textContent: name }), element('dd', {}, ...value)]),
    );
    byId('kiosk-people').textContent = formatNumber(kiosk.today.peopleReached);
    byId('kiosk-guides').textContent = formatNumber(kiosk.today.guidesCompleted);
    byId('kiosk-accounts').textContent = formatNumber(kiosk.today.accountsRegistered);
    this.pairingButton(kiosk);
    const count = (value: number | undefined) => (value === undefined ? '–' : formatNumber(value));
    byId('kiosk-guide-table')
      .querySelector('tbody')
      ?.replaceChildren(...GUIDES.map((guide) => row([GUIDE_LABELS[guide], count(week?.byGuide[guide])])));
    byId('kiosk-details').hidden = false;
  }

  /** For those who manage the kiosk: a pairing code for a device, shown here in place of the button. */
  private pairingButton(kiosk: FleetEntry): void {
    const place = byId('kiosk-pairing');
    if (this.session.user.role === 'city_official') {
      place.replaceChildren();
      return;
    }
    const ask = button(t('Mã ghép nối'), () => void this.pair(kiosk));
    ask.id = 'kiosk-pair';
    place.replaceChildren(ask);
  }

  private async pair(kiosk: FleetEntry): Promise<void> {
    byId('kiosk-error').replaceChildren();
    try {
      const pairing = showPairing(
        await apiClient(this.session.token).kiosks.pairingCode({ params: { id: kiosk.id } }),
        kiosk.label,
      );
      byId('kiosk-pairing').replaceChildren(
        pairingPanel(pairing, {
          onNew: () => void this.pair(kiosk),
          onClose: () => {
            this.pairingButton(kiosk);
            byId('kiosk-pair').focus();
          },
        }),
      );
      document.getElementById(`pairing-${kiosk.id}`)?.focus();
    } catch (error) {
      if (error instanceof ApiError) byId('kiosk-error').replaceChildren(...refusal(error));
      else this.onError(error);
    }
  }
}
