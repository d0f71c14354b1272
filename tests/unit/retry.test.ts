import { backoffDelay, retryAfterMs } from '@kiosk-pulse/kiosk-client';

describe('kiosk client retry timing', () => {
  const backoff = { baseMs: 1_000, maxMs: 60_000 };

  it('doubles the ceiling with each failure, up to the cap, and draws the wait below it', () => {
    expect([1, 2, 3, 4].map((failures) => backoffDelay(failures, backoff, () => 1))).toEqual([
      1_000, 2_000, 4_000, 8_000,
    ]);
    expect(backoffDelay(30, backoff, () => 1)).toBe(60_000);
    expect(backoffDelay(5, backoff, () => 0)).toBe(0);
    expect(backoffDelay(3, backoff, () => 0.5)).toBe(2_000);
  });

  it('reads Retry-After as seconds or as an HTTP date, and ignores what it cannot read', () => {
    const now = Date.parse('2026-11-25T10:00:00Z');
    expect(retryAfterMs('5', now)).toBe(5_000);
    expect(retryAfterMs('Wed, 25 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Wed, 25 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });
});
