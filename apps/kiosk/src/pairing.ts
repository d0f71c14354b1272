import { API, type PairedKiosk, type PairKioskRequest } from '@kiosk-pulse/contract';
import { t } from './i18n';

export type PairingResult = { ok: true; kiosk: PairedKiosk } | { ok: false; message: string };

/**
 * A typed or scanned code as the server takes it: no spaces, no dashes (phones' keyboards put in
 * several kinds), capitals. Undefined when it cannot be a code (8 letters and digits).
 */
export function normaliseCode(typed: string): string | undefined {
  const code = typed.replace(/[\s\-\u2010-\u2015]/g, '').toUpperCase();
  return /^[A-Z0-9]{8}$/.test(code) ? code : undefined;
}

/** The code in a pairing link (`…/kiosk/#pair=K7MQ-9TXA`), or a bare code, as a QR code holds it. */
export function codeFromText(text: string): string | undefined {
  const linked = /[#&]pair=([^&\s]+)/.exec(text);
  return normaliseCode(linked ? decodeURIComponent(linked[1]) : text);
}

/** Exchanges a pairing code for the kiosk's key; the message of a refusal is the volunteer's to read. */
export async function pair(code: string): Promise<PairingResult> {
  const body: PairKioskRequest = { code };
  let response: Response;
  try {
    response = await fetch(new URL(API.kiosks.pair.path, location.origin), {
      method: API.kiosks.pair.method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    return { ok: false, message: t('Không kết nối được máy chủ. Ghép nối cần mạng: hãy kiểm tra Wi-Fi rồi thử lại.') };
  }
  if (response.ok) return { ok: true, kiosk: (await response.json()) as PairedKiosk };
  switch (response.status) {
    case 404:
      return {
        ok: false,
        message: t(
          'Mã này không dùng được: có thể đã hết hạn (10 phút) hoặc đã được dùng. Hãy nhờ cán bộ phường cấp mã mới.',
        ),
      };
    case 400:
      return { ok: false, message: t('Đây không phải mã ghép nối: mã gồm 8 chữ và số, không có 0, 1, I, L hay O.') };
    case 429:
      return { ok: false, message: t('Thử quá nhiều lần. Hãy chờ một phút rồi thử lại.') };
    default:
      return { ok: false, message: t('Máy chủ đang bận. Hãy thử lại sau ít phút.') };
  }
}
