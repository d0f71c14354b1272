import type { EventRejection } from '@kiosk-pulse/contract';

export interface EventWindow {
  /** How far ahead of the server clock an event may be. */
  maxFutureMs: number;
  /** How old an event may be. */
  maxAgeMs: number;
}

/**
 * Rejects an event whose time (`occurredAt`, read once by the caller as ms) is too far in the
 * future or too old to be counted, or could not be read.
 */
export function checkEventTime(
  occurredAt: number,
  index: number,
  now: number,
  window: EventWindow,
): EventRejection | undefined {
  if (Number.isNaN(occurredAt)) {
    return { index, code: 'invalid_field', message: `events[${index}].occurredAt is not a time this server can read` };
  }
  if (occurredAt > now + window.maxFutureMs) {
    return {
      index,
      code: 'occurred_in_future',
      message: `events[${index}].occurredAt is more than ${Math.round(window.maxFutureMs / 1000)} s ahead of the server clock`,
    };
  }
  if (occurredAt < now - window.maxAgeMs) {
    return {
      index,
      code: 'occurred_too_old',
      message: `events[${index}].occurredAt is more than ${Math.round(window.maxAgeMs / 86_400_000)} days old`,
    };
  }
  return undefined;
}
