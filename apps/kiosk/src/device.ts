import { HELPER_ROLES, type AgeGroup, type HelperRole, type PairedKiosk } from '@kiosk-pulse/contract';

/*
 * What this device remembers between starts, in localStorage: the kiosk it is paired with (its
 * key is the device's credential), the helper role chosen for it, and a few figures for the
 * volunteer. The events themselves wait in IndexedDB (the kiosk client's store), not here.
 */
const PAIRED_KEY = 'kioskPulse.kiosk.paired';
const ROLE_KEY = 'kioskPulse.kiosk.helperRole';
const LAST_SENT_KEY = 'kioskPulse.kiosk.lastSentAt';
const TODAY_KEY = 'kioskPulse.kiosk.today';
const LAST_VISIT_KEY = 'kioskPulse.kiosk.lastVisit';

/**
 * The helper roles a volunteer picks from: self_service is the resident alone, a mode of its own.
 * Read from the contract, so a role added there is offered here without a change.
 */
export type AssistingRole = Exclude<HelperRole, 'self_service'>;
export const ASSISTING_ROLES: readonly AssistingRole[] = HELPER_ROLES.filter(
  (role): role is AssistingRole => role !== 'self_service',
);
/** The choices for a device: a volunteer's role, or none, the resident alone (self-service mode). */
export const DEVICE_ROLES: readonly HelperRole[] = [...ASSISTING_ROLES, 'self_service'];

function read<T>(key: string): T | null {
  try {
    const text = localStorage.getItem(key);
    return text === null ? null : (JSON.parse(text) as T);
  } catch {
    return null;
  }
}

export function pairedKiosk(): PairedKiosk | null {
  const paired = read<PairedKiosk>(PAIRED_KEY);
  return paired && typeof paired.key === 'string' && paired.key !== '' ? paired : null;
}

export function keepPairedKiosk(paired: PairedKiosk): void {
  localStorage.setItem(PAIRED_KEY, JSON.stringify(paired));
}

/** Who helps at this device: a volunteer's role, or self_service for a resident alone. */
export function helperRole(): HelperRole | null {
  const role = read<string>(ROLE_KEY);
  return HELPER_ROLES.find((known) => known === role) ?? null;
}

export function keepHelperRole(role: HelperRole): void {
  localStorage.setItem(ROLE_KEY, JSON.stringify(role));
}

export function lastSentAt(): number | null {
  return read<number>(LAST_SENT_KEY);
}

export function keepLastSentAt(at: number): void {
  localStorage.setItem(LAST_SENT_KEY, JSON.stringify(at));
}

/** The device's own day (YYYY-MM-DD), for its count of today's visits. */
const deviceDay = (now = new Date()): string =>
  `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;

/** Visits this device recorded today. */
export function visitsToday(): number {
  const today = read<{ day: string; count: number }>(TODAY_KEY);
  return today && today.day === deviceDay() ? today.count : 0;
}

export function countVisit(): number {
  const count = visitsToday() + 1;
  localStorage.setItem(TODAY_KEY, JSON.stringify({ day: deviceDay(), count }));
  return count;
}

/** A visit taken back: it no longer counts among today's. */
export function uncountVisit(): number {
  const count = Math.max(0, visitsToday() - 1);
  localStorage.setItem(TODAY_KEY, JSON.stringify({ day: deviceDay(), count }));
  return count;
}

/** The visit recorded last, while the volunteer may still take it back. */
export interface LastVisit {
  ageGroup: AgeGroup;
  /** The ids of its events, as sent: an undo names each. */
  ids: string[];
  /** Date.now() past which the server would no longer take it back. */
  undoUntil: number;
}

/*
 * The visit recorded last, while it may be undone: kept across a reload or a restart of the
 * tablet, so that a mistake noticed after one can still be taken back. Its event ids are random
 * and tell nothing of the resident.
 */
export function keptLastVisit(): LastVisit | null {
  const last = read<LastVisit>(LAST_VISIT_KEY);
  return last && Array.isArray(last.ids) && typeof last.undoUntil === 'number' && Date.now() <= last.undoUntil
    ? last
    : null;
}

export function keepLastVisit(last: LastVisit | null): void {
  if (last) localStorage.setItem(LAST_VISIT_KEY, JSON.stringify(last));
  else localStorage.removeItem(LAST_VISIT_KEY);
}
