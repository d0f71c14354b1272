import { checkKioskEvent, envelopeProblem } from '@kiosk-pulse/contract/validation';
import { OUTCOMES } from '@kiosk-pulse/contract';

const id = '0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f70';
const occurredAt = '2026-11-24T09:15:00+07:00';

describe('envelopeProblem', () => {
  it('accepts a batch with events and an optional sentAt', () => {
    expect(envelopeProblem({ events: [{}] })).toBeNull();
    expect(envelopeProblem({ sentAt: '2026-11-24T09:15:00.123+07:00', events: [{}] })).toBeNull();
  });

  it.each([
    [null, 'the body must be a JSON object'],
    [[], 'the body must be a JSON object'],
    ['text', 'the body must be a JSON object'],
    [{}, 'the body must have an "events" array'],
    [{ events: {} }, '"events" must be an array'],
    [{ events: [] }, '"events" must hold at least one event'],
    [{ events: new Array(501).fill({}) }, '"events" may hold at most 500 events'],
    [{ events: [{}], kioskId: 'x' }, 'unknown field "kioskId" in the body'],
    [{ events: [{}], sentAt: 'yesterday' }, '"sentAt" must be an ISO-8601 timestamp with an offset'],
    [{ events: [{}], sentAt: '2026-11-24T09:15:00' }, '"sentAt" must be an ISO-8601 timestamp with an offset'],
  ])('rejects %j', (body, message) => {
    expect(envelopeProblem(body)).toBe(message);
  });
});

describe('checkKioskEvent', () => {
  it.each([
    { id, type: 'visit_started', occurredAt, ageGroup: '60_64' },
    { id, type: 'visit_started', occurredAt, ageGroup: 'unknown', helperRole: 'police' },
    { id, type: 'guide_started', occurredAt, guide: 'vneid' },
    { id, type: 'guide_completed', occurredAt, guide: 'scam_awareness', durationMs: 0, ageGroup: '75_plus' },
    { id, type: 'guide_abandoned', occurredAt: '2026-11-24T02:15:00Z', guide: 'other', durationMs: 120000 },
    { id, type: 'account_registered', occurredAt, level: 2 },
    { id, type: 'heartbeat', occurredAt },
  ])('accepts %j', (event) => {
    expect(checkKioskEvent(event, 0)).toEqual({ ok: true, event });
  });

  it.each([
    ['not an object', 'x', 'invalid_event', 'events[3] must be a JSON object'],
    ['an array', [], 'invalid_event', 'events[3] must be a JSON object'],
    [
      'a personal field',
      { id, type: 'heartbeat', occurredAt, phone: '0901234567' },
      'unknown_field',
      'events[3] has unknown field "phone"; events carry no other data',
    ],
    ['no id', { type: 'heartbeat', occurredAt }, 'missing_field', 'events[3].id is required on heartbeat'],
    ['no type', { id, occurredAt }, 'missing_field', 'events[3].type is required'],
    ['only an id', { id: 'x' }, 'missing_field', 'events[3].type is required'],
    [
      'no age group on a visit',
      { id, type: 'visit_started', occurredAt },
      'missing_field',
      'events[3].ageGroup is required on visit_started',
    ],
    [
      'no guide on a guide event',
      { id, type: 'guide_completed', occurredAt },
      'missing_field',
      'events[3].guide is required on guide_completed',
    ],
    [
      'no level on an account',
      { id, type: 'account_registered', occurredAt },
      'missing_field',
      'events[3].level is required on account_registered',
    ],
    [
      'a level elsewhere',
      { id, type: 'heartbeat', occurredAt, level: 1 },
      'invalid_field',
      'events[3].level is not allowed on heartbeat',
    ],
    [
      'a duration on a visit',
      { id, type: 'visit_started', occurredAt, ageGroup: '16_30', durationMs: 5 },
      'invalid_field',
      'events[3].durationMs is not allowed on visit_started',
    ],
    [
      'an unknown type',
      { id, type: 'login', occurredAt },
      'invalid_field',
      'events[3].type must be one of visit_started, guide_started, guide_completed, guide_abandoned, account_registered, heartbeat, outcome_recorded, entry_undone, visit_rated',
    ],
    [
      'a bad age group',
      { id, type: 'visit_started', occurredAt, ageGroup: '60+' },
      'invalid_field',
      'events[3].ageGroup must be one of under_14, 14_15, 16_30, 31_44, 45_59, 60_64, 65_74, 75_plus, unknown',
    ],
    [
      'level 3',
      { id, type: 'account_registered', occurredAt, level: 3 },
      'invalid_field',
      'events[3].level must be one of 1, 2',
    ],
    [
      'a bad uuid',
      { id: 'abc', type: 'heartbeat', occurredAt },
      'invalid_field',
      'events[3].id must be a UUID of version 7 (or 4)',
    ],
    [
      'a version 1 uuid (it holds a machine address)',
      { id: '6ba7b810-9dad-11d1-80b4-00c04fd430c8', type: 'heartbeat', occurredAt },
      'invalid_field',
      'events[3].id must be a UUID of version 7 (or 4)',
    ],
    [
      'a version 5 uuid',
      { id: '886313e1-3b8a-5372-9b90-0c9aee199e5d', type: 'heartbeat', occurredAt },
      'invalid_field',
      'events[3].id must be a UUID of version 7 (or 4)',
    ],
    [
      'an id of digits only, shaped as a version 4 uuid (a personal number could hide in it)',
      { id: '09012345-6789-4012-8345-079123456789', type: 'heartbeat', occurredAt },
      'invalid_field',
      'events[3].id must not be made of digits only (an id carries no number about a person)',
    ],
    [
      'an id of digits only, shaped as a version 7 uuid',
      { id: '01934567-8901-7234-9567-890123456789', type: 'heartbeat', occurredAt },
      'invalid_field',
      'events[3].id must not be made of digits only (an id carries no number about a person)',
    ],
    [
      'a 9-digit duration (not a duration a kiosk can see)',
      { id, type: 'guide_completed', occurredAt, guide: 'vneid', durationMs: 123_456_789 },
      'invalid_field',
      'events[3].durationMs must be at most 14400000 (4 hours)',
    ],
    [
      'a duration just over 4 hours',
      { id, type: 'guide_abandoned', occurredAt, guide: 'other', durationMs: 14_400_001 },
      'invalid_field',
      'events[3].durationMs must be at most 14400000 (4 hours)',
    ],
    [
      'a time without offset',
      { id, type: 'heartbeat', occurredAt: '2026-11-24T09:15:00' },
      'invalid_field',
      'events[3].occurredAt must be an ISO-8601 timestamp with an offset',
    ],
    [
      'an impossible date',
      { id, type: 'heartbeat', occurredAt: '2026-02-30T09:15:00Z' },
      'invalid_field',
      'events[3].occurredAt must be an ISO-8601 timestamp with an offset',
    ],
    [
      'a negative duration',
      { id, type: 'guide_completed', occurredAt, guide: 'vneid', durationMs: -1 },
      'invalid_field',
      'events[3].durationMs must be >= 0',
    ],
    [
      'a fractional duration',
      { id, type: 'guide_completed', occurredAt, guide: 'vneid', durationMs: 1.5 },
      'invalid_field',
      'events[3].durationMs must be integer',
    ],
    [
      'an outcome without its outcome',
      { id, type: 'outcome_recorded', occurredAt, ageGroup: '60_64' },
      'missing_field',
      'events[3].outcome is required on outcome_recorded',
    ],
    [
      'an outcome the city does not count',
      { id, type: 'outcome_recorded', occurredAt, outcome: 'facebook_account_created' },
      'invalid_field',
      `events[3].outcome must be one of ${OUTCOMES.join(', ')}`,
    ],
    [
      'an outcome on another type',
      { id, type: 'visit_started', occurredAt, ageGroup: '60_64', outcome: 'bdhvs_certified' },
      'invalid_field',
      'events[3].outcome is not allowed on visit_started',
    ],
  ])('rejects %s', (_, event, code, message) => {
    expect(checkKioskEvent(event, 3)).toEqual({ ok: false, rejection: { index: 3, code, message } });
  });

  it('takes each of the city’s outcomes, with an age group and a helper role or without', () => {
    for (const outcome of OUTCOMES) {
      expect(checkKioskEvent({ id, type: 'outcome_recorded', occurredAt, outcome }, 0)).toMatchObject({ ok: true });
    }
    const full = {
      id,
      type: 'outcome_recorded',
      occurredAt,
      outcome: 'vneid_level2_activated',
      ageGroup: '75_plus',
      helperRole: 'police',
    };
    expect(checkKioskEvent(full, 0)).toEqual({ ok: true, event: full });
  });

  it('takes a visit helped by a community digital technology team (Tổ công nghệ số cộng đồng)', () => {
    const helped = {
      id,
      type: 'visit_started',
      occurredAt,
      ageGroup: '65_74',
      helperRole: 'community_digital_team',
    };
    expect(checkKioskEvent(helped, 0)).toEqual({ ok: true, event: helped });
    expect(checkKioskEvent({ ...helped, helperRole: 'community_team' }, 0)).toMatchObject({ ok: false });
  });

  it('takes UUIDs of versions 7 and 4, in either case, and gives them back in lower case', () => {
    const v4 = '3f2b8c1e-9d4a-4e6b-8c2d-1a2b3c4d5e6f';
    expect(checkKioskEvent({ id: v4, type: 'heartbeat', occurredAt }, 0)).toMatchObject({
      ok: true,
      event: { id: v4 },
    });
    expect(checkKioskEvent({ id: id.toUpperCase(), type: 'heartbeat', occurredAt }, 0)).toMatchObject({
      ok: true,
      event: { id },
    });
  });

  it('takes a duration of up to 4 hours', () => {
    const event = { id, type: 'guide_completed', occurredAt, guide: 'vneid', durationMs: 14_400_000 };
    expect(checkKioskEvent(event, 0)).toEqual({ ok: true, event });
  });

  it('cuts a time to microseconds, as the database keeps it, rather than let it round into the next day', () => {
    const check = checkKioskEvent(
      { id, type: 'visit_started', occurredAt: '2026-11-24T23:59:59.9999996+07:00', ageGroup: '60_64' },
      0,
    );
    expect(check).toMatchObject({ ok: true, event: { occurredAt: '2026-11-24T23:59:59.999999+07:00' } });
    const six = { id, type: 'heartbeat', occurredAt: '2026-11-24T23:59:59.123456Z' };
    expect(checkKioskEvent(six, 0)).toEqual({ ok: true, event: six });
  });

  it("quotes a client's own text back without control characters, and briefly", () => {
    // PostgreSQL cannot store a NUL: this message is kept with the kiosk (found by the fuzz test).
    expect(checkKioskEvent({ type: '\u0000' }, 0)).toEqual({
      ok: false,
      rejection: { index: 0, code: 'missing_field', message: 'events[0].id is required on \uFFFD' },
    });
    const check = checkKioskEvent({ id, type: 'heartbeat', occurredAt, [`x\n${'y'.repeat(200)}`]: 1 }, 0);
    const message = check.ok ? '' : check.rejection.message;
    expect(message).toBe(`events[0] has unknown field "x\uFFFD${'y'.repeat(62)}…"; events carry no other data`);
  });
});
