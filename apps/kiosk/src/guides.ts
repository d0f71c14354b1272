import { GUIDES } from '@kiosk-pulse/contract';
import { language } from './i18n';
import type { GuideContent } from '@kiosk-pulse/contract';

/*
 * The self-service guides, from apps/kiosk/guides/*.json, built into the app (in self-service
 * mode's chunk, which the service worker keeps) so that it has them with no network. The files are checked against their schema by tests/unit/guide-content.test.ts,
 * not here: the schema's library would weigh more than the guides.
 */
const files = import.meta.glob<GuideContent>('../guides/*.json', { eager: true, import: 'default' });

/** Every guide, in the order of the contract's GUIDES (the Digital Citizen app, counted as other, last). */
export const GUIDE_CONTENTS: readonly GuideContent[] = Object.values(files).sort(
  (a, b) => GUIDES.indexOf(a.guide) - GUIDES.indexOf(b.guide) || a.id.localeCompare(b.id),
);

/** A guide's words in the chosen language. */
export const say = (words: { vi: string; en: string }): string => words[language()];
