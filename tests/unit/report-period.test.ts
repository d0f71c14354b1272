import { periodFirstDay, reportPeriods } from '../../apps/api/src/reports/report-period';

// Run with TZ=UTC: every bound below is city time (UTC+7), so a wrong zone shows as 7 hours off.
describe('report periods in city time', () => {
  it('a week runs from Monday 00:00 to the next Monday 00:00 in Asia/Ho_Chi_Minh', () => {
    // Sunday 8 November 2026, 23:30 city time is 16:30 UTC: still the week of Monday 2 November.
    const { current, previous } = reportPeriods('week', '2026-11-08');
    expect(current).toMatchObject({
      firstDay: '2026-11-02',
      lastDay: '2026-11-08',
      from: '2026-11-01T17:00:00.000Z',
      to: '2026-11-08T17:00:00.000Z',
      label: 'Tuần 02/11/2026 – 08/11/2026',
    });
    expect(previous).toMatchObject({ firstDay: '2026-10-26', lastDay: '2026-11-01', to: current.from });
    // The Monday itself starts the next week.
    expect(reportPeriods('week', '2026-11-09').current.firstDay).toBe('2026-11-09');
  });

  it('a week across a year end, and the week of any of its days', () => {
    for (const day of ['2026-12-28', '2026-12-31', '2027-01-03'])
      expect(reportPeriods('week', day).current).toMatchObject({ firstDay: '2026-12-28', lastDay: '2027-01-03' });
  });

  it('a month, with the previous month of its own length', () => {
    const { current, previous } = reportPeriods('month', '2026-03-15', 'en');
    expect(current).toMatchObject({
      firstDay: '2026-03-01',
      lastDay: '2026-03-31',
      from: '2026-02-28T17:00:00.000Z',
      to: '2026-03-31T17:00:00.000Z',
      label: 'Month 03/2026',
    });
    expect(previous).toMatchObject({ firstDay: '2026-02-01', lastDay: '2026-02-28' });
    expect(reportPeriods('month', '2026-01-31').previous).toMatchObject({
      firstDay: '2025-12-01',
      lastDay: '2025-12-31',
    });
  });

  it('half years: January–June and July–December', () => {
    const h1 = reportPeriods('half-year', '2026-06-30');
    expect(h1.current).toMatchObject({ firstDay: '2026-01-01', lastDay: '2026-06-30', label: '6 tháng đầu năm 2026' });
    expect(h1.previous).toMatchObject({ firstDay: '2025-07-01', lastDay: '2025-12-31' });
    const h2 = reportPeriods('half-year', '2026-07-01', 'en');
    expect(h2.current).toMatchObject({
      firstDay: '2026-07-01',
      lastDay: '2026-12-31',
      from: '2026-06-30T17:00:00.000Z',
      to: '2026-12-31T17:00:00.000Z',
    });
    expect(h2.current.label).toContain('Second half of 2026');
    expect(h2.previous.firstDay).toBe('2026-01-01');
  });

  it('the first day of a period is its own first day', () => {
    for (const kind of ['week', 'month', 'half-year'] as const) {
      const first = periodFirstDay(kind, '2026-08-19');
      expect(periodFirstDay(kind, first)).toBe(first);
    }
  });
});
