import type { GuideContent } from '@kiosk-pulse/contract';
import { language } from './i18n';

/*
 * The guides' text is most of the app's weight and only self-service mode reads it: it is a chunk
 * of its own, loaded when a self-service kiosk starts, so a volunteer's first screen comes sooner.
 */
let loaded: readonly GuideContent[] | undefined;

export async function loadGuides(): Promise<readonly GuideContent[]> {
  loaded ??= (await import('./guide-files')).GUIDE_CONTENTS;
  return loaded;
}

/** The guides once loadGuides has resolved (the age screen waits for it before the list). */
export const loadedGuides = (): readonly GuideContent[] => loaded ?? [];

/** A guide's words in the chosen language. */
export const say = (words: { vi: string; en: string }): string => words[language()];
