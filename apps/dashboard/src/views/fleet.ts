import type { Ward } from '@kiosk-pulse/contract/counts';
import { ApiError, request } from '../api';
import { button, byId, element, row } from '../dom';
import { formatNumber } from '../format';
import type { Session } from '../session';

export interface FleetKiosk {
  id: string;
  wardCode: string;
  label: string;
  lastSeenAt: string | null;
  status: 'online' | 'stale' | 'offline' | 'revoked' | 'never_seen';
  today: { peopleReached: number; guidesCompleted: number; accountsRegistered: number };
  eventsStored: number;
  eventsRejected: number;
  lastError: string | null;
}

// Text and a shape, so the status never rests on colour alone.
export const KIOSK_STATUS: Record<FleetKiosk['status'], string> = {
  online: '● Trực tuyến',
  stale: '◐ Chậm',
  offline: '○ Mất kết nối',
  revoked: '✕ Đã thu hồi',
  never_seen: '– Chưa hoạt động',
};

export const seenFormat = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  hour: '2-digit',
  minute: '2-digit',
  day: '2-digit',
  month: '2-digit',
});

/** The kiosk fleet in the user's scope; admins and ward staff manage it, officials read it. */
export class FleetView {
  private timer: number | undefined;
  private readonly manages: boolean;

  constructor(
    private readonly session: Session,
    private readonly wards: Ward[],
    private readonly onUnauthorized: (error: unknown) => void,
  ) {
    this.manages = session.user.role !== 'city_official';
    byId('kiosk-create-form').hidden = !this.manages;
    const select = byId<HTMLSelectElement>('kiosk-ward');
    const own =
      session.user.role === 'ward_staff' ? wards.filter((ward) => ward.code === session.user.wardCode) : wards;
    select.replaceChildren(...own.map((ward) => new Option(`${ward.name} (${ward.code})`, ward.code)));
    byId('kiosk-create-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const label = byId<HTMLInputElement>('kiosk-label');
      void this.act(async () => {
        const created = await request<{ key: string; label: string }>('POST', '/api/v1/kiosks', session.token, {
          body: { wardCode: select.value, label: label.value },
        });
        label.value = '';
        this.showKey(created.label, created.key);
      });
    });
  }

  show(): void {
    void this.refresh();
    this.timer ??= window.setInterval(() => void this.refresh(), 15_000);
  }

  hide(): void {
    window.clearInterval(this.timer);
    this.timer = undefined;
  }

  private wardName(code: string): string {
    return this.wards.find((ward) => ward.code === code)?.name ?? code;
  }

  private async refresh(): Promise<void> {
    try {
      const kiosks = await request<FleetKiosk[]>('GET', '/api/v1/kiosks', this.session.token);
      byId('kiosk-table')
        .querySelector('tbody')
        ?.replaceChildren(...kiosks.map((kiosk) => this.kioskRow(kiosk)));
      byId('fleet-error').textContent = '';
    } catch (error) {
      this.fail(error);
    }
  }

  private kioskRow(kiosk: FleetKiosk): HTMLTableRowElement {
    const actions = element('span', { className: 'actions' });
    if (this.manages && kiosk.status !== 'revoked') {
      actions.append(
        button('Đổi tên', () => {
          const label = prompt('Tên mới của kiosk', kiosk.label);
          if (label)
            void this.act(() =>
              request('PATCH', `/api/v1/kiosks/${kiosk.id}`, this.session.token, { body: { label } }),
            );
        }),
        button('Cấp khóa mới', () => {
          void this.act(async () => {
            const rotated = await request<{ key: string }>(
              'POST',
              `/api/v1/kiosks/${kiosk.id}/rotate`,
              this.session.token,
            );
            this.showKey(kiosk.label, rotated.key);
          });
        }),
        button(
          'Thu hồi',
          () => {
            if (confirm(`Thu hồi khóa của "${kiosk.label}"? Kiosk sẽ ngừng gửi được dữ liệu.`)) {
              void this.act(() => request('POST', `/api/v1/kiosks/${kiosk.id}/revoke`, this.session.token));
            }
          },
          'danger',
        ),
      );
      if (this.session.user.role === 'admin') {
        actions.append(
          button('Chuyển phường', () => {
            const wardCode = prompt('Mã phường, xã mới (5 chữ số)', kiosk.wardCode);
            if (wardCode)
              void this.act(() =>
                request('PATCH', `/api/v1/kiosks/${kiosk.id}`, this.session.token, { body: { wardCode } }),
              );
          }),
        );
      }
    }
    return row([
      element('a', { href: `#/kiosks/${kiosk.id}`, textContent: kiosk.label }),
      this.wardName(kiosk.wardCode),
      element('span', { className: `badge ${kiosk.status}`, textContent: KIOSK_STATUS[kiosk.status] }),
      kiosk.lastSeenAt ? seenFormat.format(new Date(kiosk.lastSeenAt)) : '–',
      formatNumber(kiosk.today.peopleReached),
      formatNumber(kiosk.today.guidesCompleted),
      formatNumber(kiosk.today.accountsRegistered),
      formatNumber(kiosk.eventsStored),
      kiosk.eventsRejected > 0 ? `${formatNumber(kiosk.eventsRejected)} — ${kiosk.lastError ?? ''}` : '0',
      actions,
    ]);
  }

  private showKey(label: string, key: string): void {
    const box = byId('kiosk-key');
    const code = element('code', { textContent: key });
    box.replaceChildren(
      element('strong', { textContent: `Khóa của "${label}" — Khóa chỉ hiển thị một lần. ` }),
      code,
      button('Sao chép', () => void navigator.clipboard?.writeText(key)),
    );
    box.hidden = false;
  }

  private async act(action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
      await this.refresh();
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    if (error instanceof ApiError) byId('fleet-error').textContent = error.message;
    else this.onUnauthorized(error);
  }
}
