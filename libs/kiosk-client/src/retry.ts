/** How long to wait before the next attempt after `failures` failures in a row. */
export interface Backoff {
  /** The first wait, before jitter. */
  baseMs: number;
  /** No wait is longer than this. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 1_000, maxMs: 5 * 60_000 };

/**
 * Exponential back-off with full jitter: a random wait up to base × 2^(failures - 1), capped.
 * The randomness keeps a ward's kiosks from all retrying at the same instant after an outage.
 */
export function backoffDelay(failures: number, backoff: Backoff, random: () => number = Math.random): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(random() * ceiling);
}

/** A Retry-After header (seconds, or an HTTP date) in milliseconds from now; undefined if absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1_000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
