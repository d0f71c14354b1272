import fc from 'fast-check';
import { cityDayStart, cityMonthStart, cityWeekStart } from '@kiosk-pulse/contract/time';
import { calendarSpans, cityDaysTouched, type Span } from '../../apps/api/src/stats/calendar-spans';

const DAY = 86_400_000;
// City midnight (UTC+7) as an instant.
const cityDay = (isoDate: string) => new Date(`${isoDate}T00:00:00+07:00`);
const iso = (span: Span) => [span.from.toISOString(), span.to.toISOString()];

describe('calendarSpans', () => {
  it('reads a 90-day range as whole months, the whole weeks at its edges and the days left', () => {
    const spans = calendarSpans(cityDay('2026-09-05'), cityDay('2026-12-04'), {
      monthsBefore: cityDay('2026-12-01'),
      weeksBefore: cityDay('2026-11-30'),
    });
    expect(iso(spans.months[0])).toEqual(iso({ from: cityDay('2026-10-01'), to: cityDay('2026-12-01') }));
    // 2026-09-07 and 2026-09-28 are Mondays; after December 1st there is no whole week.
    expect(spans.weeks.map(iso)).toEqual([
      iso({ from: cityDay('2026-09-07'), to: cityDay('2026-09-28') }),
      iso({ from: cityDay('2026-12-01'), to: cityDay('2026-12-01') }),
    ]);
    expect(spans.days.map(iso)).toEqual([
      iso({ from: cityDay('2026-09-05'), to: cityDay('2026-09-07') }),
      iso({ from: cityDay('2026-09-28'), to: cityDay('2026-10-01') }),
      iso({ from: cityDay('2026-12-01'), to: cityDay('2026-12-04') }),
      iso({ from: cityDay('2026-12-04'), to: cityDay('2026-12-04') }),
    ]);
  });

  it('reads nothing from a tier beyond what it has materialized', () => {
    const start = cityDay('2026-09-05');
    const end = cityDay('2026-12-04');
    const none = calendarSpans(start, end, { monthsBefore: null, weeksBefore: null });
    expect(none.months[0].from).toEqual(none.months[0].to);
    expect(none.weeks.every((week) => week.from.getTime() === week.to.getTime())).toBe(true);
    expect(iso(none.days[0])).toEqual(iso({ from: start, to: end }));
    // November not yet materialized: October only, and November's whole weeks.
    const october = calendarSpans(start, end, {
      monthsBefore: cityDay('2026-11-01'),
      weeksBefore: cityDay('2026-11-30'),
    });
    expect(iso(october.months[0])).toEqual(iso({ from: cityDay('2026-10-01'), to: cityDay('2026-11-01') }));
    expect(iso(october.weeks[1])).toEqual(iso({ from: cityDay('2026-11-02'), to: cityDay('2026-11-30') }));
  });

  it('always covers the range exactly once, with each span on its calendar boundaries', () => {
    const firstDay = cityDay('2025-01-01').getTime();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 700 }),
        fc.integer({ min: 1, max: 400 }),
        fc.option(fc.integer({ min: 0, max: 1_100 })),
        fc.option(fc.integer({ min: 0, max: 1_100 })),
        (startDay, days, monthsDay, weeksDay) => {
          const start = cityDayStart(firstDay + startDay * DAY);
          const end = cityDayStart(start.getTime() + days * DAY + 12 * 3_600_000);
          const monthsBefore = monthsDay === null ? null : cityMonthStart(firstDay + monthsDay * DAY);
          const weeksBefore = weeksDay === null ? null : cityWeekStart(firstDay + weeksDay * DAY);
          const spans = calendarSpans(start, end, { monthsBefore, weeksBefore });
          const all = [...spans.months, ...spans.weeks, ...spans.days].filter((span) => span.from < span.to);
          all.sort((a, b) => a.from.getTime() - b.from.getTime());
          // Contiguous from start to end: nothing missed, nothing twice.
          expect(all[0].from).toEqual(start);
          expect(all[all.length - 1].to).toEqual(end);
          for (let i = 1; i < all.length; i++) expect(all[i].from).toEqual(all[i - 1].to);
          for (const month of spans.months.filter((span) => span.from < span.to)) {
            expect(cityMonthStart(month.from)).toEqual(month.from);
            expect(cityMonthStart(month.to)).toEqual(month.to);
            expect(month.to <= (monthsBefore as Date)).toBe(true);
          }
          for (const week of spans.weeks.filter((span) => span.from < span.to)) {
            expect(cityWeekStart(week.from)).toEqual(week.from);
            expect(cityWeekStart(week.to)).toEqual(week.to);
            expect(week.to <= (weeksBefore as Date)).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('cityDaysTouched', () => {
  it('names each city day a pending change touches once, split at the city midnight (17:00 UTC)', () => {
    const at = (text: string) => new Date(text);
    expect(
      cityDaysTouched([
        // 16:59 and 17:00 UTC: the last minute of 3 December and the first of 4 December in the city.
        { low: at('2026-12-03T16:59:00Z'), high: at('2026-12-03T17:00:00Z') },
        { low: at('2026-12-03T17:30:00Z'), high: at('2026-12-03T17:30:00Z') },
        { low: at('2026-11-30T17:00:00Z'), high: at('2026-11-30T17:00:00Z') },
      ]).map((day) => day.toISOString()),
    ).toEqual([cityDay('2026-12-01'), cityDay('2026-12-03'), cityDay('2026-12-04')].map((day) => day.toISOString()));
    expect(cityDaysTouched([])).toEqual([]);
  });
});
