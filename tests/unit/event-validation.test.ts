import { checkKioskEvent, envelopeProblem } from '@kiosk-pulse/contract';

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
      'events[3].type must be one of visit_started, guide_started, guide_completed, guide_abandoned, account_registered, heartbeat',
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
    ['a bad uuid', { id: 'abc', type: 'heartbeat', occurredAt }, 'invalid_field', 'events[3].id must be a UUID'],
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
  ])('rejects %s', (_, event, code, message) => {
    expect(checkKioskEvent(event, 3)).toEqual({ ok: false, rejection: { index: 3, code, message } });
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
