import type { KioskPairingCode } from '@kiosk-pulse/contract';
import { fill, fillText } from '../dialog';
import { button, element } from '../dom';
import { formatDateTime } from '../format';
import { t } from '../i18n';

/** A pairing code on screen, for the kiosk named `label`, its QR code drawn once. */
export interface ShownPairing extends KioskPairingCode {
  label: string;
  qr: Promise<string>;
}

export const showPairing = (pairing: KioskPairingCode, label: string): ShownPairing => ({
  ...pairing,
  label,
  qr: import('qrcode').then((qrcode) => qrcode.toDataURL(pairing.url, { margin: 2, width: 224 })),
});

/**
 * The code, large enough to read out or type from across a table, the QR code of the kiosk
 * app's pairing link for the tablet's camera, and when the code ends. `onNew` asks for another.
 */
export function pairingPanel(pairing: ShownPairing, actions: { onClose: () => void; onNew: () => void }): HTMLElement {
  const headingId = `pairing-${pairing.kioskId}`;
  const expired = Date.parse(pairing.expiresAt) <= Date.now();
  const qr = element('img', { className: 'qr', alt: t('Mã QR để ghép nối kiosk') });
  qr.width = 224;
  qr.height = 224;
  void pairing.qr.then((source) => (qr.src = source));
  const status = element(
    'p',
    { role: 'status' },
    expired
      ? t('Mã đã hết hạn. Hãy tạo mã mới.')
      : fillText('Hết hạn lúc {at} (10 phút sau khi tạo).', { at: formatDateTime(pairing.expiresAt) }),
  );
  const panel = element(
    'section',
    { className: `key-panel pairing-panel${expired ? ' expired' : ''}`, id: `${headingId}-panel` },
    element(
      'div',
      {},
      element(
        'h3',
        { id: headingId, tabIndex: -1 },
        ...fill('Mã ghép nối của kiosk {label}', { label: pairing.label }),
      ),
      element(
        'p',
        {},
        t('Trên máy tính bảng, mở ứng dụng kiosk rồi quét mã QR, hoặc nhập mã này. Mã chỉ dùng được một lần.'),
      ),
      element('p', { className: 'pairing-code', translate: false, textContent: pairing.code }),
      status,
      element(
        'p',
        { className: 'muted' },
        `${t('Liên kết ghép nối')}: `,
        element('code', { className: 'key', textContent: pairing.url, translate: false }),
      ),
      element(
        'p',
        { className: 'actions' },
        button(t('Tạo mã mới'), actions.onNew),
        button(t('Đóng'), actions.onClose),
      ),
    ),
    qr,
  );
  panel.setAttribute('aria-labelledby', headingId);
  // Left on screen, the code says when it stopped working rather than go on offering itself.
  if (!expired) {
    window.setTimeout(
      () => {
        panel.classList.add('expired');
        status.textContent = t('Mã đã hết hạn. Hãy tạo mã mới.');
      },
      Date.parse(pairing.expiresAt) - Date.now(),
    );
  }
  return panel;
}
