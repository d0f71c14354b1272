import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import {
  AGE_GROUPS,
  ACCOUNT_LEVELS,
  EVENT_TYPES,
  GUIDES,
  GUIDE_EVENT_TYPES,
  HELPER_ROLES,
  MAX_EVENTS_PER_BATCH,
  type EventRejection,
  type KioskEvent,
} from './events';

/*
 * Ingest is the hot path, so the kiosk protocol is checked with JSON schemas
 * compiled once by Ajv rather than interpreted per request. The envelope is
 * checked first (a bad envelope fails the whole request); then each event on
 * its own, so one bad event does not cost the kiosk the good ones.
 */

const isoTimestamp = { type: 'string', format: 'date-time', maxLength: 40 } as const;

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
    id: { type: 'string', format: 'uuid', maxLength: 36 },
    type: { enum: EVENT_TYPES },
    occurredAt: isoTimestamp,
    ageGroup: { enum: AGE_GROUPS },
    guide: { enum: GUIDES },
    level: { enum: ACCOUNT_LEVELS },
    helperRole: { enum: HELPER_ROLES },
    durationMs: { type: 'integer', minimum: 0, maximum: 2_147_483_647 },
  },
  allOf: [
    requiredOn(['visit_started'], 'ageGroup'),
    requiredOn(GUIDE_EVENT_TYPES, 'guide'),
    requiredOn(['account_registered'], 'level'),
    onlyOn(['account_registered'], 'level'),
    onlyOn(['guide_completed', 'guide_abandoned'], 'durationMs'),
  ],
} as const;

const ajv = new Ajv({ allErrors: false, strict: true, strictTypes: false, strictRequired: false });
addFormats(ajv, { mode: 'full', formats: ['date-time', 'uuid'] });

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

/** Checks one event's shape and fields (not its time window, which depends on the server clock). */
export function checkKioskEvent(value: unknown, index: number): EventCheck {
  if (checkEvent(value)) return { ok: true, event: value };
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
      return {
        index,
        code: 'invalid_field',
        message:
          error.params.format === 'uuid'
            ? `${at}.${field} must be a UUID`
            : `${at}.${field} must be an ISO-8601 timestamp with an offset`,
      };
  }
  return { index, code: 'invalid_field', message: `${at}.${field} ${error.message ?? 'is invalid'}` };
}
