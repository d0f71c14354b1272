import { h } from './dom';
import { t } from './i18n';
import { codeFromText } from './pairing';

/** The part of the Barcode Detection API used here; not in TypeScript's DOM types yet. */
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
type BarcodeDetectorClass = new (options: { formats: string[] }) => BarcodeDetectorLike;

const detectorClass = (): BarcodeDetectorClass | undefined =>
  (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;

/** Whether this browser can read a QR code from the camera (Chrome on Android, for one). */
export const canScan = (): boolean =>
  detectorClass() !== undefined && typeof navigator.mediaDevices?.getUserMedia === 'function';

const SCAN_EVERY_MS = 250;

/**
 * Shows the camera over the page until it sees a pairing QR code: resolves with its code, or
 * undefined when cancelled. `onProblem` is told what went wrong (no camera, a foreign QR code).
 */
export async function scanPairingCode(onProblem: (message: string) => void): Promise<string | undefined> {
  const Detector = detectorClass();
  if (!Detector) return undefined;
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  } catch {
    onProblem(t('Không mở được camera. Hãy nhập mã.'));
    return undefined;
  }
  const detector = new Detector({ formats: ['qr_code'] });
  const video = h('video', { playsinline: true, muted: true, autoplay: true, 'aria-hidden': 'true' });
  video.srcObject = stream;
  return new Promise((resolve) => {
    let timer: number | undefined;
    const finish = (code: string | undefined) => {
      window.clearTimeout(timer);
      for (const track of stream.getTracks()) track.stop();
      overlay.remove();
      resolve(code);
    };
    const overlay = h(
      'div',
      { class: 'scanner', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'scanner-title' },
      h('p', { id: 'scanner-title', class: 'scanner-title' }, t('Hướng camera vào mã QR ghép nối')),
      video,
      h('button', { type: 'button', class: 'button secondary', onclick: () => finish(undefined) }, t('Hủy')),
    );
    document.body.append(overlay);
    const look = async () => {
      try {
        for (const found of await detector.detect(video)) {
          const code = codeFromText(found.rawValue);
          if (code) return finish(code);
          onProblem(t('Mã QR này không phải mã ghép nối kiosk.'));
        }
      } catch {
        // The video has no frame yet: look again.
      }
      if (overlay.isConnected) timer = window.setTimeout(() => void look(), SCAN_EVERY_MS);
    };
    void video.play().catch(() => undefined);
    void look();
  });
}
