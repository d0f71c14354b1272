import { createHmac } from 'node:crypto';
import type { AgeCount, PublicCount } from '@kiosk-pulse/contract';

/** Public breakdowns are rounded to this base (docs/privacy.md, "The public view"). */
export const PUBLIC_ROUNDING_BASE = 5;

/**
 * Random rounding to a multiple of 5, as Statistics Canada does: a count n = 5k + r goes up with
 * probability r/5 and down otherwise, so that sums stay unbiased. The "coin" is a keyed digest
 * of what the figure is (`key`), not a fresh draw: asking again gives the same figure, so
 * averaging many answers cannot undo the rounding.
 */
export function randomRound(count: number, key: string, secret: Buffer): number {
  const remainder = count % PUBLIC_ROUNDING_BASE;
  if (remainder === 0) return count;
  const digest = createHmac('sha256', secret).update(key).digest();
  const coin = digest.readUInt32BE(0) / 2 ** 32;
  const down = count - remainder;
  return coin < remainder / PUBLIC_ROUNDING_BASE ? down + PUBLIC_ROUNDING_BASE : down;
}

/** A count in a public breakdown: 0, below the threshold, or randomly rounded. */
export function publicCount(count: number, threshold: number, key: string, secret: Buffer): PublicCount {
  if (count === 0) return 0;
  if (count < threshold) return { below: threshold };
  return randomRound(count, key, secret);
}

/** A published age count made public: exact ones rounded; a lower bound stays one, rounded down. */
export function publicAgeCount(count: AgeCount, threshold: number, key: string, secret: Buffer): PublicCount {
  if (typeof count === 'number') return publicCount(count, threshold, key, secret);
  return { atLeast: count.atLeast - (count.atLeast % PUBLIC_ROUNDING_BASE) };
}
