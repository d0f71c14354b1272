import { addCityDays, type AgeCount, type AgeSplitPeriods } from '@kiosk-pulse/contract';

/*
 * Age figures as docs/privacy.md publishes them, written for a reader. No i18n and no page in
 * here: format.ts gives the words, and the unit tests call these as they are.
 */

/** How the page writes an age count: its numbers, and its word for a hidden one. */
export interface AgeCountWords {
  number: (value: number) => string;
  /** A count nothing of which is shown ("ẩn"). */
  hidden: string;
}

/**
 * An exact count as a number; a count some period hid part of as "≥ n", n being what the other
 * periods showed (a true lower bound); and `{ atLeast: 0 }`, where nothing was shown, as hidden.
 */
export const writeAgeCount = (count: AgeCount, words: AgeCountWords): string =>
  typeof count === 'number'
    ? words.number(count)
    : count.atLeast === 0
      ? words.hidden
      : `≥ ${words.number(count.atLeast)}`;

/** The first and the last city day (YYYY-MM-DD) a split covers, or null when it covers none (today, say). */
export function coveredDays(split: AgeSplitPeriods): { first: string; last: string } | null {
  if (split.from === null || split.to === null) return null;
  // `to` is the day after the last one covered.
  return { first: split.from, last: addCityDays(split.to, -1) };
}
