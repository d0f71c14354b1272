import type { AgeGroup, Rating } from '@kiosk-pulse/contract';
import type { GuideContent } from '@kiosk-pulse/contract';
import type { TrackInput } from '@kiosk-pulse/kiosk-client';
import { language, setLanguage, type Language } from './i18n';
import { stopReading } from './speech';

/** After this long without a touch the resident has walked away: the guide is abandoned, the screen reset. */
export const INACTIVE_MS = 3 * 60_000;

/** The guide a resident is going through. */
export interface GuideInProgress {
  content: GuideContent;
  /** The screen shown: a step, then the quiz's questions. */
  page: number;
  /** The choice tapped on the quiz question shown, once tapped. */
  chosen?: number;
  startedAt: number;
}

export interface SelfServiceDevice {
  /** Keeps the events on the device for the kiosk client to send; rejects when it cannot. */
  track(events: TrackInput[]): Promise<unknown>;
  /** Shows the first screen, for the next resident. */
  showStart(): void;
}

/** The pages of a guide: its steps, then its quiz's questions. */
export const pagesOf = (content: GuideContent): number => content.steps.length + (content.quiz?.length ?? 0);

/*
 * One resident at a self-service kiosk, alone: from the age group they give (or skip) to the end,
 * or to three minutes without a touch. Every event is dated when it happens and carries the
 * helper role self_service; nothing else about the resident is kept, and a reset leaves nothing
 * of them on the screen.
 */
export class SelfService {
  ageGroup: AgeGroup | null = null;
  /** From Start to the end: a resident is at the kiosk. */
  active = false;
  guide: GuideInProgress | null = null;
  /** The guide just completed, while its end screen shows; it may be rated once. */
  completed: { content: GuideContent; rateable: boolean } | null = null;
  private lastTouchAt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  // The resident may switch the language; the next one finds the device's own again.
  private deviceLanguage: Language = language();

  constructor(private readonly device: SelfServiceDevice) {}

  /** A touch anywhere: the resident is still there. */
  touch(): void {
    if (!this.active) return;
    this.lastTouchAt = Date.now();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.timeOut(), INACTIVE_MS);
  }

  /** A resident tapped Start. */
  welcome(): void {
    this.deviceLanguage = language();
    this.active = true;
    this.touch();
  }

  /** The resident gave an age group (or skipped it, unknown): a visit begins. */
  async begin(ageGroup: AgeGroup): Promise<boolean> {
    if (!(await this.keep([{ type: 'visit_started', ageGroup, ...this.about() }]))) return false;
    this.ageGroup = ageGroup;
    this.touch();
    return true;
  }

  async startGuide(content: GuideContent): Promise<boolean> {
    const ageGroup = this.ageGroup;
    if (ageGroup === null) return false;
    const startedAt = Date.now();
    const started: TrackInput = { type: 'guide_started', guide: content.guide, ageGroup, ...this.about(startedAt) };
    if (!(await this.keep([started]))) return false;
    this.guide = { content, page: 0, startedAt };
    this.completed = null;
    return true;
  }

  async finishGuide(): Promise<boolean> {
    const guide = this.guide;
    if (!guide || !(await this.end(guide, 'guide_completed', Date.now()))) return false;
    this.guide = null;
    this.completed = { content: guide.content, rateable: true };
    return true;
  }

  /** The resident left the guide on purpose (Exit): abandoned now. */
  async leaveGuide(): Promise<boolean> {
    const guide = this.guide;
    if (!guide || !(await this.end(guide, 'guide_abandoned', Date.now()))) return false;
    this.guide = null;
    return true;
  }

  async rate(rating: Rating): Promise<boolean> {
    if (!this.completed?.rateable) return false;
    if (!(await this.keep([{ type: 'visit_rated', rating, ...this.about() }]))) return false;
    this.completed.rateable = false;
    return true;
  }

  /** The resident is done: the next one starts from the first screen. */
  finish(): void {
    this.reset();
    this.device.showStart();
  }

  /*
   * Abandoned at the last touch, not now: the three minutes of waiting are no part of the guide,
   * and the duration says how long the resident spent on it.
   */
  private async timeOut(): Promise<void> {
    const guide = this.guide;
    if (guide) await this.end(guide, 'guide_abandoned', Math.max(this.lastTouchAt, guide.startedAt));
    this.finish();
  }

  private end(guide: GuideInProgress, type: 'guide_completed' | 'guide_abandoned', at: number): Promise<boolean> {
    return this.keep([
      {
        type,
        guide: guide.content.guide,
        ageGroup: this.ageGroup ?? 'unknown',
        durationMs: at - guide.startedAt,
        ...this.about(at),
      },
    ]);
  }

  private about(at = Date.now()) {
    return { helperRole: 'self_service' as const, occurredAt: new Date(at) };
  }

  private async keep(events: TrackInput[]): Promise<boolean> {
    try {
      await this.device.track(events);
      return true;
    } catch {
      return false;
    }
  }

  private reset(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.active = false;
    this.ageGroup = null;
    this.guide = null;
    this.completed = null;
    stopReading();
    if (language() !== this.deviceLanguage) setLanguage(this.deviceLanguage);
  }
}
