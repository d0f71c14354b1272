import { coveredDays, writeAgeCount } from '../../apps/dashboard/src/age-counts';

describe('age counts as the dashboard writes them (docs/privacy.md)', () => {
  // The dashboard's own number style in Vietnamese (format.ts builds the same).
  const words = { number: new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }).format, hidden: 'ẩn' };

  it('writes an exact count as a number, a partly hidden one as "≥ n" and a hidden one as hidden', () => {
    expect(writeAgeCount(1234, words)).toBe('1.234');
    expect(writeAgeCount({ atLeast: 1234 }, words)).toBe('≥ 1.234');
    expect(writeAgeCount({ atLeast: 0 }, words)).toBe('ẩn');
    // Zero people is no small count: it is published, and written as a number.
    expect(writeAgeCount(0, words)).toBe('0');
    expect(writeAgeCount({ atLeast: 3 }, { number: String, hidden: 'hidden' })).toBe('≥ 3');
    expect(writeAgeCount({ atLeast: 0 }, { number: String, hidden: 'hidden' })).toBe('hidden');
  });

  it('names the first and the last day a split covers, its end being the day after', () => {
    expect(coveredDays({ period: 'day', from: '2026-11-28', to: '2026-12-05' })).toEqual({
      first: '2026-11-28',
      last: '2026-12-04',
    });
    expect(coveredDays({ period: 'day', from: '2026-12-04', to: '2026-12-05' })).toEqual({
      first: '2026-12-04',
      last: '2026-12-04',
    });
    // Two weeks, Monday to Sunday, over the turn of the year.
    expect(coveredDays({ period: 'week', from: '2026-12-21', to: '2027-01-04' })).toEqual({
      first: '2026-12-21',
      last: '2027-01-03',
    });
    // Nothing published in the range (today): nothing covered.
    expect(coveredDays({ period: 'day', from: null, to: null })).toBeNull();
  });
});
