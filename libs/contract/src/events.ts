/**
 * The kiosk protocol: what a kiosk may send to POST /api/v1/events.
 * These names are public API; kiosks in the field depend on them.
 */
export const EVENT_TYPES = [
  'visit_started',
  'guide_started',
  'guide_completed',
  'guide_abandoned',
  'account_registered',
  'heartbeat',
  'outcome_recorded',
  'entry_undone',
  'visit_rated',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

// Bands roll up to Vietnam's thresholds: VNeID at 14, youth 16-30, elderly 60+, census 65+.
export const AGE_GROUPS = [
  'under_14',
  '14_15',
  '16_30',
  '31_44',
  '45_59',
  '60_64',
  '65_74',
  '75_plus',
  'unknown',
] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

export const GUIDES = ['vneid', 'public_services', 'procedure_lookup', 'scam_awareness', 'other'] as const;
export type Guide = (typeof GUIDES)[number];

export const HELPER_ROLES = [
  'youth_volunteer',
  'police',
  'ward_staff',
  'self_service',
  'community_digital_team',
] as const;
export type HelperRole = (typeof HELPER_ROLES)[number];

/**
 * What a visit achieved, as HCMC counts it (Kế hoạch 31/KH-UBND of 2026, "Phát triển công dân
 * số", and the "Bình dân học vụ số" movement): one `outcome_recorded` event each. A VNeID account
 * counts once activated at level 2 and logged in; `account_registered` stays as it was.
 */
export const OUTCOMES = [
  'vneid_level2_activated',
  'smart_device_set_up',
  'portal_account_created',
  'portal_application_submitted',
  'epayment_account_opened',
  'social_security_linked',
  'digital_citizen_app_installed',
  'bdhvs_certified',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** A resident's one-tap answer to "Hài lòng?" at the end of a visit: 1 not satisfied, 2 so-so, 3 satisfied. */
export const RATINGS = [1, 2, 3] as const;
export type Rating = (typeof RATINGS)[number];

export const ACCOUNT_LEVELS = [1, 2] as const;
export type AccountLevel = (typeof ACCOUNT_LEVELS)[number];

export const GUIDE_EVENT_TYPES = ['guide_started', 'guide_completed', 'guide_abandoned'] as const;

export interface KioskEvent {
  id: string;
  type: EventType;
  occurredAt: string;
  ageGroup?: AgeGroup;
  guide?: Guide;
  level?: AccountLevel;
  helperRole?: HelperRole;
  durationMs?: number;
  outcome?: Outcome;
  /** On entry_undone: the id of an event this kiosk sent, to be taken back. */
  undoes?: string;
  /** On visit_rated: the resident's answer, anonymous like the rest. */
  rating?: Rating;
  /** On heartbeat: the events the kiosk holds, not yet sent (this batch's included). */
  pending?: number;
  /** On heartbeat: the kiosk app's version, e.g. 1.4.0. */
  appVersion?: string;
}

/**
 * How long after an event its kiosk may take it back (an entry_undone event dated at most this
 * long after it): a volunteer's mistaken tap, noticed at once. A later undo takes nothing back.
 */
export const UNDO_WINDOW_MS = 2 * 60_000;

export interface EventBatch {
  sentAt?: string;
  events: unknown[];
}

export const MAX_EVENTS_PER_BATCH = 500;
export const MAX_BATCH_BYTES = 512 * 1024;

/**
 * The longest guide a kiosk may report (4 hours). A guide at a kiosk takes minutes; a longer
 * figure is a mistake, or a number that is not a duration at all (a phone or ID number).
 */
export const MAX_DURATION_MS = 4 * 3_600_000;

/** Why a single event in an otherwise valid batch was not accepted. */
export const REJECTION_CODES = [
  'invalid_event',
  'unknown_field',
  'missing_field',
  'invalid_field',
  'occurred_in_future',
  'occurred_too_old',
  // Past the kiosk's plausibility bounds on usage events (KIOSK_USAGE_EVENTS_PER_MINUTE, _PER_DAY).
  'kiosk_rate_exceeded',
  'kiosk_daily_limit_exceeded',
  // An id another kiosk sent first. Found by the worker after the 202, so it is never in a POST's
  // answer: it shows on the kiosk's fleet row (lastErrorCode) instead.
  'duplicate_id',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

export interface EventRejection {
  index: number;
  code: RejectionCode;
  message: string;
}

export interface IngestResponse {
  accepted: number;
  rejected: EventRejection[];
}
