import type { KioskApp } from './app-types';
import { guideDoneScreen, guideScreen, guidesScreen, selfAgeScreen, selfStartScreen } from './screens/self-service';

/*
 * Self-service mode as one chunk, guides included: a volunteer's device never loads it, so its
 * first screen comes sooner; the service worker keeps it for a self-service device's offline start.
 */
export { SelfService } from './self-service';

export const screens: Record<
  'self-start' | 'self-age' | 'guides' | 'guide' | 'guide-done',
  (app: KioskApp) => HTMLElement
> = {
  'self-start': selfStartScreen,
  'self-age': selfAgeScreen,
  guides: guidesScreen,
  guide: guideScreen,
  'guide-done': guideDoneScreen,
};
