import type { KioskClientStatus } from '@kiosk-pulse/kiosk-client';
import { h } from './dom';
import { locale, t } from './i18n';

/** How the device is doing, always in view: connection, events waiting, last sent, version. */
export function statusStrip(): HTMLElement {
  return h(
    'footer',
    { id: 'status', class: 'status' },
    h('span', { id: 'status-connection', class: 'connection' }),
    h('span', { id: 'status-pending' }),
    h('span', { id: 'status-last-sent' }),
    h('span', { id: 'status-version' }),
  );
}

function sentTime(at: number): string {
  const sent = new Date(at);
  const sameDay = sent.toDateString() === new Date().toDateString();
  return new Intl.DateTimeFormat(locale(), {
    hour: '2-digit',
    minute: '2-digit',
    ...(sameDay ? {} : { day: 'numeric', month: 'numeric' }),
  }).format(sent);
}

export function showStatus(status: KioskClientStatus | null, lastSentAt: number | null): void {
  const set = (id: string, text: string) => {
    const element = document.getElementById(id);
    if (element && element.textContent !== text) element.textContent = text;
  };
  const connection = document.getElementById('status-connection');
  // The browser's word first (no network at all), then the client's (the server did not answer).
  const state = !navigator.onLine
    ? 'offline'
    : status?.keyRefused
      ? 'refused'
      : status && status.failures > 0
        ? 'unreachable'
        : 'online';
  connection?.setAttribute('data-state', state);
  set(
    'status-connection',
    {
      offline: t('Ngoại tuyến'),
      refused: t('Khóa kiosk bị từ chối'),
      unreachable: t('Không tới được máy chủ'),
      online: t('Trực tuyến'),
    }[state],
  );
  set('status-pending', t('Chờ gửi: {n}', { n: status?.pending ?? 0 }));
  set(
    'status-last-sent',
    lastSentAt === null ? t('Chưa gửi lần nào') : t('Gửi lần cuối: {time}', { time: sentTime(lastSentAt) }),
  );
  set('status-version', t('Phiên bản {version}', { version: __APP_VERSION__ }));
}
