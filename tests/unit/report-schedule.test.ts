import fc from 'fast-check';
import { REPORT_SCHEDULES } from '@kiosk-pulse/contract';
import { deliveryMessage, periodLastDay } from '../../apps/api/src/reports/delivery-message';
import { periodFirstDay, reportPeriods } from '../../apps/api/src/reports/report-period';
import { duePeriod } from '../../apps/api/src/reports/schedule';

/** An instant given as city wall-clock time (UTC+7 all year), whatever TZ the test runs in. */
const city = (wallClock: string) => new Date(`${wallClock}+07:00`);

/* Which period each schedule sends when it fires, in city time while the tests run in UTC. */
describe('scheduled report periods', () => {
  it('sends the week Monday–Sunday just ended on a Monday 06:00, whatever the UTC day', () => {
    // Monday 30 November 2026, 06:00 in the city, is Sunday 23:00 UTC.
    expect(duePeriod('weekly', city('2026-11-30T06:00:00'))).toEqual({ period: 'week', start: '2026-11-23' });
    // A run that comes late, on the Wednesday, still sends that week.
    expect(duePeriod('weekly', city('2026-12-02T14:00:00'))).toEqual({ period: 'week', start: '2026-11-23' });
    // Sunday 23:59 in the city is still the week before's turn.
    expect(duePeriod('weekly', city('2026-11-29T23:59:00'))).toEqual({ period: 'week', start: '2026-11-16' });
  });

  it('sends the month before on the 1st, and the half year before on 1 January and 1 July', () => {
    expect(duePeriod('monthly', city('2026-12-01T06:00:00'))).toEqual({ period: 'month', start: '2026-11-01' });
    expect(duePeriod('monthly', city('2026-01-01T06:00:00'))).toEqual({ period: 'month', start: '2025-12-01' });
    // 1 January 06:00 in the city is still 31 December in UTC.
    expect(duePeriod('half-yearly', city('2027-01-01T06:00:00'))).toEqual({ period: 'half-year', start: '2026-07-01' });
    expect(duePeriod('half-yearly', city('2026-07-01T06:00:00'))).toEqual({ period: 'half-year', start: '2026-01-01' });
  });

  it('always names a whole period that ended before the instant, the latest one, as the report periods count it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...REPORT_SCHEDULES),
        fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }),
        (schedule, now) => {
          const due = duePeriod(schedule, now);
          const { current, previous } = reportPeriods(due.period, due.start);
          // The report's own idea of the period starts on the same day and ends by `now`.
          expect(current.firstDay).toBe(due.start);
          expect(periodFirstDay(due.period, due.start)).toBe(due.start);
          expect(current.lastDay).toBe(periodLastDay(due));
          expect(Date.parse(current.to)).toBeLessThanOrEqual(now.getTime());
          // The next period has not ended yet: this is the latest whole one.
          const next = reportPeriods(due.period, nextDay(current.lastDay));
          expect(Date.parse(next.current.to)).toBeGreaterThan(now.getTime());
          expect(previous.lastDay < due.start).toBe(true);
        },
      ),
    );
  });

  it('says the place and the period in the subscriber’s language', () => {
    const week = { period: 'week' as const, start: '2026-11-23' };
    expect(
      deliveryMessage({
        scope: 'ward',
        wardName: 'Phường Sài Gòn',
        schedule: 'weekly',
        language: 'vi',
        due: week,
        filenames: ['a.pdf'],
      }).subject,
    ).toBe('Báo cáo điểm hỗ trợ chuyển đổi số — Phường Sài Gòn — tuần 23/11/2026 – 29/11/2026');
    const half = deliveryMessage({
      scope: 'city',
      schedule: 'half-yearly',
      language: 'en',
      due: { period: 'half-year', start: '2026-07-01' },
      filenames: ['a.xlsx'],
    });
    expect(half.subject).toBe(
      'Digital-transformation kiosk report — Ho Chi Minh City — second half of 2026 (01/07/2026 – 31/12/2026)',
    );
    expect(half.text).toContain('  - a.xlsx');
  });
});

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
