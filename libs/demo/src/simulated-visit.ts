import { randomUUID } from 'node:crypto';
import { TZDate } from '@date-fns/tz';
import {
  CITY_TIME_ZONE,
  type AgeGroup,
  type Guide,
  type HelperRole,
  type KioskEvent,
  type Outcome,
} from '@kiosk-pulse/contract';

type Weighted<T> = [T, number][];

// Who comes to a ward kiosk: mostly older residents, brought by the VNeID and scam campaigns.
const AGE_GROUPS: Weighted<AgeGroup> = [
  ['under_14', 1],
  ['14_15', 2],
  ['16_30', 8],
  ['31_44', 12],
  ['45_59', 20],
  ['60_64', 18],
  ['65_74', 22],
  ['75_plus', 12],
  ['unknown', 5],
];
const GUIDES: Weighted<Guide> = [
  ['vneid', 40],
  ['public_services', 25],
  ['procedure_lookup', 15],
  ['scam_awareness', 15],
  ['other', 5],
];
const HELPERS: Weighted<HelperRole> = [
  ['youth_volunteer', 55],
  ['police', 20],
  ['ward_staff', 20],
  ['self_service', 5],
];

// How often a visit ends with each of the city's outcomes not tied to a guide.
const OTHER_OUTCOMES: [Outcome, number][] = [
  ['digital_citizen_app_installed', 0.25],
  ['smart_device_set_up', 0.1],
  ['epayment_account_opened', 0.1],
  ['social_security_linked', 0.1],
  ['bdhvs_certified', 0.08],
];

function pick<T>(choices: Weighted<T>): T {
  let roll = Math.random() * choices.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [choice, weight] of choices) {
    roll -= weight;
    if (roll < 0) return choice;
  }
  return choices[choices.length - 1][0];
}

/** A kiosk's clock reading, as kiosks in the city write it (with the +07:00 offset). */
export const kioskClock = (time = Date.now()): string => new TZDate(time, CITY_TIME_ZONE).toISOString();

/**
 * The events of one resident's visit starting now: the visit, one or two guides (most
 * completed) over the next minutes, for a completed VNeID guide usually an account
 * registered or activated, and some of the city's outcomes. Each event is dated when it will
 * happen.
 */
export function simulatedVisit(now = Date.now()): KioskEvent[] {
  const helperRole = pick(HELPERS);
  // Every event of the visit carries the visitor's age group, so guides can be read by age.
  const ageGroup = pick(AGE_GROUPS);
  let time = now;
  const events: KioskEvent[] = [
    { id: randomUUID(), type: 'visit_started', occurredAt: kioskClock(time), ageGroup, helperRole },
  ];
  // An outcome is dated when the step that achieved it ends.
  const outcome = (what: Outcome) =>
    events.push({
      id: randomUUID(),
      type: 'outcome_recorded',
      occurredAt: kioskClock(time),
      outcome: what,
      ageGroup,
      helperRole,
    });
  const guides = Math.random() < 0.3 ? 2 : 1;
  for (let i = 0; i < guides; i++) {
    const guide = pick(GUIDES);
    time += 10_000;
    events.push({ id: randomUUID(), type: 'guide_started', occurredAt: kioskClock(time), guide, ageGroup, helperRole });
    const durationMs = Math.round(60_000 + Math.random() * 540_000);
    time += durationMs;
    const completed = Math.random() < 0.8;
    events.push({
      id: randomUUID(),
      type: completed ? 'guide_completed' : 'guide_abandoned',
      occurredAt: kioskClock(time),
      guide,
      ageGroup,
      helperRole,
      durationMs,
    });
    if (completed && guide === 'vneid' && Math.random() < 0.85) {
      const level = Math.random() < 0.65 ? 1 : 2;
      events.push({
        id: randomUUID(),
        type: 'account_registered',
        occurredAt: kioskClock(time),
        level,
        ageGroup,
        helperRole,
      });
      if (level === 2) outcome('vneid_level2_activated');
    }
    if (completed && guide === 'public_services') {
      if (Math.random() < 0.4) outcome('portal_account_created');
      if (Math.random() < 0.3) outcome('portal_application_submitted');
    }
  }
  for (const [what, chance] of OTHER_OUTCOMES) if (Math.random() < chance) outcome(what);
  return events;
}
