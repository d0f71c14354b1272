import type { PublicCount } from '@kiosk-pulse/contract';
import { writeAgeCount, type AgeCountWords } from '../age-counts';

/*
 * The public view's counts (docs/privacy.md, "The public view") written for a reader and sized
 * for a bar. No i18n and no page in here (as age-counts.ts): the page gives the words, and the
 * unit tests call these as they are.
 */

/** How the page writes a public count: as it writes an age count (its numbers, its word for hidden). */
export type PublicCountWords = AgeCountWords;

/**
 * A rounded count as a number; 1 to 9 people (`{ below: 10 }`) as "<10"; and an age count some
 * day hid part of, or all of, as the dashboard writes it ("≥ n", hidden).
 */
export const writePublicCount = (count: PublicCount, words: PublicCountWords): string =>
  typeof count === 'object' && 'below' in count ? `<${words.number(count.below)}` : writeAgeCount(count, words);

/** How long a count's bar is drawn: a figure's own; a lower bound's; none for a count too small to show. */
export const barLength = (count: PublicCount): number =>
  typeof count === 'number' ? count : 'below' in count ? 0 : count.atLeast;
