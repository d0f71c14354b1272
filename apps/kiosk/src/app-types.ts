import type { HelperRole, PairedKiosk, Rating } from '@kiosk-pulse/contract';
import type { LastVisit } from './device';
import type { Language } from './i18n';
import type { SelfService } from './self-service';
import type { Visit } from './visit';

export type ScreenName =
  | 'pair'
  | 'repair'
  | 'role'
  | 'start'
  | 'age'
  | 'outcomes'
  | 'settings'
  // Self-service: the first screen, the age group, the guides, a guide's pages, its end.
  | 'self-start'
  | 'self-age'
  | 'guides'
  | 'guide'
  | 'guide-done';

/** What a screen may ask of the app. */
export interface KioskApp {
  readonly paired: PairedKiosk | null;
  /** The resident being helped, between Start and Done. */
  visit: Visit | null;
  /** Start: a new resident, and the last one's "Hài lòng?" is no longer asked. */
  beginVisit(): void;
  show(screen: ScreenName, options?: { message?: string }): void;
  /** Pairs with a code; resolves with the refusal's message, or null once paired. */
  pairWith(code: string): Promise<string | null>;
  /** Records the visit on the device (never waiting for the network); false when the device could not keep it. */
  finishVisit(): Promise<boolean>;
  /** The visit just recorded, while it can be undone; null otherwise. */
  lastVisit(): LastVisit | null;
  /** Takes the last visit back (kept on the device, sent like the rest); false when it could not. */
  undoLastVisit(): Promise<boolean>;
  /** Whether the resident just helped may still answer "Hài lòng?" (once, until the next Start). */
  canRate(): boolean;
  /** Records the resident's answer; false when the device could not keep it. */
  rateLastVisit(rating: Rating): Promise<boolean>;
  /** The device's helper role; self_service makes it a self-service kiosk. */
  role(): HelperRole | null;
  chooseRole(role: HelperRole): void;
  /** The resident at a self-service kiosk. */
  readonly selfService: SelfService;
  chooseLanguage(language: Language): void;
  /** Events kept on the device, not yet taken by the server. */
  pending(): Promise<number>;
}
