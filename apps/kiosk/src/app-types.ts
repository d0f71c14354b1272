import type { PairedKiosk } from '@kiosk-pulse/contract';
import type { AssistingRole } from './device';
import type { Language } from './i18n';
import type { Visit } from './visit';

export type ScreenName = 'pair' | 'repair' | 'role' | 'start' | 'age' | 'outcomes' | 'settings';

/** What a screen may ask of the app. */
export interface KioskApp {
  readonly paired: PairedKiosk | null;
  /** The resident being helped, between Start and Done. */
  visit: Visit | null;
  show(screen: ScreenName, options?: { message?: string }): void;
  /** Pairs with a code; resolves with the refusal's message, or null once paired. */
  pairWith(code: string): Promise<string | null>;
  /** Records the visit on the device (never waiting for the network); false when the device could not keep it. */
  finishVisit(): Promise<boolean>;
  role(): AssistingRole | null;
  chooseRole(role: AssistingRole): void;
  chooseLanguage(language: Language): void;
  /** Events kept on the device, not yet taken by the server. */
  pending(): Promise<number>;
}
