import { checkEventTime } from '../../apps/api/src/ingest/event-window';

const now = Date.parse('2026-11-24T03:00:00Z');
const window = { maxFutureMs: 5 * 60_000, maxAgeMs: 30 * 86_400_000 };
const at = (occurredAt: string): number => Date.parse(occurredAt);

describe('checkEventTime', () => {
  it('accepts times inside the window, whatever their offset', () => {
    expect(checkEventTime(at('2026-11-24T10:05:00+07:00'), 0, now, window)).toBeUndefined();
    expect(checkEventTime(at('2026-10-25T03:00:00Z'), 0, now, window)).toBeUndefined();
  });

  it('rejects an event more than five minutes ahead of the server', () => {
    expect(checkEventTime(at('2026-11-24T10:05:00.001+07:00'), 2, now, window)).toEqual({
      index: 2,
      code: 'occurred_in_future',
      message: 'events[2].occurredAt is more than 300 s ahead of the server clock',
    });
  });

  it('rejects an event older than the age limit', () => {
    expect(checkEventTime(at('2026-10-25T02:59:59.999Z'), 1, now, window)).toEqual({
      index: 1,
      code: 'occurred_too_old',
      message: 'events[1].occurredAt is more than 30 days old',
    });
  });
});
