import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import {
  AGE_GROUPS,
  ACCOUNT_LEVELS,
  EVENT_TYPES,
  GUIDES,
  GUIDE_EVENT_TYPES,
  HELPER_ROLES,
  MAX_DURATION_MS,
  MAX_EVENTS_PER_BATCH,
  OUTCOMES,
  RATINGS,
  type EventRejection,
  type KioskEvent,
} from '../events';

/*
 * Ingest is the hot path, so the kiosk protocol is checked with JSON schemas
 * compiled once by Ajv rather than interpreted per request. The envelope is
 * checked first (a bad envelope fails the whole request); then each event on
 * its own, so one bad event does not cost the kiosk the good ones.
 */

const isoTimestamp = { type: 'string', format: 'date-time', maxLength: 40 } as const;

/*
 * Event ids are UUIDs of version 7 (a time and random bits: what the kiosk client makes) or 4
 * (random bits only), so that an id cannot carry anything about a person. Other versions are
 * refused (version 1 holds a machine address), and so is an id made of decimal digits only, a
 * phone or ID number dressed as a UUID, even when it happens to fit the pattern.
 */
// A version as apps write them (1.4.0, 2026.12.1-beta+3): letters, digits and . - + only.
const APP_VERSION = '^[0-9A-Za-z][0-9A-Za-z.+-]*$';
const UUID_V7_OR_V4 = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[47][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$';
const DIGITS_ONLY = '^[0-9-]*$';

export const envelopeSchema = {
  type: 'object',
  required: ['events'],
  additionalProperties: false,
  properties: {
    sentAt: isoTimestamp,
    events: { type: 'array', minItems: 1, maxItems: MAX_EVENTS_PER_BATCH },
  },
} as const;

const onlyOn = (types: readonly string[], field: string) => ({
  if: { not: { properties: { type: { enum: types } } } },
  then: { properties: { [field]: false } },
});

const requiredOn = (types: readonly string[], field: string) => ({
  if: { required: ['type'], properties: { type: { enum: types } } },
  then: { required: [field] },
});

export const eventSchema = {
  type: 'object',
  required: ['id', 'type', 'occurredAt'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', maxLength: 36, pattern: UUID_V7_OR_V4, not: { pattern: DIGITS_ONLY } },
    type: { enum: EVENT_TYPES },
    occurredAt: isoTimestamp,
    ageGroup: { enum: AGE_GROUPS },
    guide: { enum: GUIDES },
    level: { enum: ACCOUNT_LEVELS },
    helperRole: { enum: HELPER_ROLES },
    durationMs: { type: 'integer', minimum: 0, maximum: MAX_DURATION_MS },
    outcome: { enum: OUTCOMES },
    rating: { enum: RATINGS },
    undoes: { type: 'string', maxLength: 36, pattern: UUID_V7_OR_V4 },
    pending: { type: 'integer', minimum: 0, maximum: 10_000_000 },
    appVersion: { type: 'string', minLength: 1, maxLength: 32, pattern: APP_VERSION },
  },
  allOf: [
    requiredOn(['visit_started'], 'ageGroup'),
    requiredOn(GUIDE_EVENT_TYPES, 'guide'),
    requiredOn(['account_registered'], 'level'),
    onlyOn(['account_registered'], 'level'),
    onlyOn(['guide_completed', 'guide_abandoned'], 'durationMs'),
    requiredOn(['outcome_recorded'], 'outcome'),
    onlyOn(['outcome_recorded'], 'outcome'),
    requiredOn(['entry_undone'], 'undoes'),
    onlyOn(['entry_undone'], 'undoes'),
    requiredOn(['visit_rated'], 'rating'),
    onlyOn(['visit_rated'], 'rating'),
    onlyOn(['heartbeat'], 'pending'),
    onlyOn(['heartbeat'], 'appVersion'),
  ],
} as const;

const ajv = new Ajv({ allErrors: false, strict: true, strictTypes: false, strictRequired: false });
addFormats(ajv, { mode: 'full', formats: ['date-time'] });

const checkEnvelope = ajv.compile(envelopeSchema);
const checkEvent = ajv.compile<KioskEvent>(eventSchema);

export interface Envelope {
  sentAt?: string;
  events: unknown[];
}

/** Returns the problem with a request body's envelope, or null when it is well formed. */
export function envelopeProblem(body: unknown): string | null {
  if (checkEnvelope(body)) return null;
  const error = checkEnvelope.errors?.[0];
  if (!error) return 'invalid request body';
  if (error.instancePath === '') {
    if (error.keyword === 'type') return 'the body must be a JSON object';
    if (error.keyword === 'required') return 'the body must have an "events" array';
    if (error.keyword === 'additionalProperties') {
      return `unknown field "${String(error.params.additionalProperty)}" in the body`;
    }
  }
  if (error.instancePath === '/events') {
    if (error.keyword === 'type') return '"events" must be an array';
    if (error.keyword === 'minItems') return '"events" must hold at least one event';
    if (error.keyword === 'maxItems') return `"events" may hold at most ${MAX_EVENTS_PER_BATCH} events`;
  }
  if (error.instancePath === '/sentAt') return '"sentAt" must be an ISO-8601 timestamp with an offset';
  return `body${error.instancePath} ${error.message ?? 'is invalid'}`;
}

export type EventCheck = { ok: true; event: KioskEvent } | { ok: false; rejection: EventRejection };

/*
 * A time may carry any number of decimal places, but timestamptz keeps microseconds and rounds
 * the rest, while the window and day checks here read milliseconds and drop the rest: at
 * 23:59:59.9999996 the checks saw one day and the database stored the next. Places past the
 * sixth are dropped here, before anything reads the time, so every reading agrees.
 */
const BEYOND_MICROSECONDS = /(\.\d{6})\d+/;

/**
 * Checks one event's shape and fields (not its time window, which depends on the server clock).
 * An accepted event's occurredAt is cut to microseconds, and its id written in lower case, as
 * the database gives it back (the worker matches what it stored against the ids it was sent).
 */
export function checkKioskEvent(value: unknown, index: number): EventCheck {
  if (checkEvent(value)) {
    if (/[A-F]/.test(value.id)) value.id = value.id.toLowerCase();
    if (value.undoes !== undefined && /[A-F]/.test(value.undoes)) value.undoes = value.undoes.toLowerCase();
    if (BEYOND_MICROSECONDS.test(value.occurredAt)) {
      value.occurredAt = value.occurredAt.replace(BEYOND_MICROSECONDS, '$1');
    }
    return { ok: true, event: value };
  }
  const error = checkEvent.errors?.[0];
  return { ok: false, rejection: describe(error, value, index) };
}

/*
 * A client's own text (a field name, a type) quoted back in a message: control characters made
 * visible and the length bounded, since the message is stored with the kiosk and logged (and
 * PostgreSQL cannot store a NUL at all).
 */
const MAX_ECHO = 64;
function echo(text: string): string {
  // eslint-disable-next-line no-control-regex
  const printable = text.replace(/[\u0000-\u001f\u007f]/g, '\uFFFD');
  return printable.length > MAX_ECHO ? `${printable.slice(0, MAX_ECHO)}…` : printable;
}

function describe(error: ErrorObject | undefined, value: unknown, index: number): EventRejection {
  const at = `events[${index}]`;
  if (!error) return { index, code: 'invalid_event', message: `${at} is invalid` };
  const field = error.instancePath.slice(1);
  const given = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  const type = typeof given === 'string' ? echo(given) : given;
  switch (error.keyword) {
    case 'type':
      if (field === '') return { index, code: 'invalid_event', message: `${at} must be a JSON object` };
      break;
    case 'additionalProperties':
      return {
        index,
        code: 'unknown_field',
        message: `${at} has unknown field "${echo(String(error.params.additionalProperty))}"; events carry no other data`,
      };
    case 'required':
      return {
        index,
        code: 'missing_field',
        message:
          field === ''
            ? `${at}.${String(error.params.missingProperty)} is required${typeof type === 'string' ? ` on ${type}` : ''}`
            : `${at}.${field} is missing ${String(error.params.missingProperty)}`,
      };
    case 'false schema':
      return { index, code: 'invalid_field', message: `${at}.${field} is not allowed on ${String(type)}` };
    case 'enum':
      return {
        index,
        code: 'invalid_field',
        message: `${at}.${field} must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`,
      };
    case 'format':
      return { index, code: 'invalid_field', message: `${at}.${field} must be an ISO-8601 timestamp with an offset` };
    case 'pattern':
      return {
        index,
        code: 'invalid_field',
        message:
          field === 'appVersion'
            ? `${at}.appVersion may hold only letters, digits and . - +`
            : `${at}.${field} must be a UUID of version 7 (or 4)`,
      };
    case 'not':
      return {
        index,
        code: 'invalid_field',
        message: `${at}.${field} must not be made of digits only (an id carries no number about a person)`,
      };
    case 'maximum':
      if (field === 'durationMs') {
        return {
          index,
          code: 'invalid_field',
          message: `${at}.durationMs must be at most ${MAX_DURATION_MS} (4 hours)`,
        };
      }
      break;
  }
  return { index, code: 'invalid_field', message: `${at}.${field} ${error.message ?? 'is invalid'}` };
}
