import type { KioskStatus } from '@kiosk-pulse/contract';

/** How recently a kiosk was heard from, against the configured thresholds. */
export function kioskStatus(
  kiosk: { revokedAt: string | null; lastSeenAt: string | null },
  now: number,
  thresholds: { kioskStaleAfterMs: number; kioskOfflineAfterMs: number },
): KioskStatus {
  if (kiosk.revokedAt) return 'revoked';
  if (!kiosk.lastSeenAt) return 'never_seen';
  const silence = now - Date.parse(kiosk.lastSeenAt);
  if (silence <= thresholds.kioskStaleAfterMs) return 'online';
  if (silence <= thresholds.kioskOfflineAfterMs) return 'stale';
  return 'offline';
}
