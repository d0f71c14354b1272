import {
  cityDayStart,
  cityMonthStart,
  cityWeekStart,
  nextCityDayStart,
  nextCityMonthStart,
  nextCityWeekStart,
} from '@kiosk-pulse/contract/time';

/** [from, to); empty when from = to. */
export interface Span {
  from: Date;
  to: Date;
}

/**
 * How a range of whole city days is read from tiers of growing width: whole months from a
 * monthly tier, whole weeks at its edges from a weekly one, and the days left from the daily
 * one. Always one month span, two week spans and four day spans (empty ones where there is
 * nothing), so the SQL reading them is the same text every time.
 */
export interface CalendarSpans {
  months: [Span];
  weeks: [Span, Span];
  days: [Span, Span, Span, Span];
}

/** Where the materialized-only coarse tiers end: what lies after is read from the daily tier. */
export interface Materialized {
  monthsBefore: Date | null;
  weeksBefore: Date | null;
}

const earlier = (a: Date, b: Date | null): Date => (b !== null && b < a ? b : a);

/** The whole periods inside [from, to), as one span (empty at `from` when there are none). */
function wholePeriods(from: Date, to: Date, start: (instant: Date) => Date, next: (instant: Date) => Date): Span {
  const first = start(from).getTime() === from.getTime() ? from : next(from);
  const last = start(to);
  return first < last ? { from: first, to: last } : { from, to: from };
}

/** Splits [start, end) (whole city days) into months, weeks and days, as far as each tier is materialized. */
export function calendarSpans(start: Date, end: Date, materialized: Materialized): CalendarSpans {
  const none = (at: Date): Span => ({ from: at, to: at });
  const month = wholePeriods(
    start,
    earlier(end, materialized.monthsBefore ?? start),
    cityMonthStart,
    nextCityMonthStart,
  );
  const hasMonths = month.from < month.to;
  // Without whole months the range is one edge; with them, one on either side.
  const edges: [Span, Span] = hasMonths
    ? [
        { from: start, to: month.from },
        { from: month.to, to: end },
      ]
    : [{ from: start, to: end }, none(end)];
  const weeks = edges.map((edge) =>
    wholePeriods(edge.from, earlier(edge.to, materialized.weeksBefore ?? edge.from), cityWeekStart, nextCityWeekStart),
  ) as [Span, Span];
  const days = edges.flatMap((edge, index) => {
    const week = weeks[index];
    return week.from < week.to
      ? [
          { from: edge.from, to: week.from },
          { from: week.to, to: edge.to },
        ]
      : [edge, none(edge.to)];
  }) as [Span, Span, Span, Span];
  return { months: [month], weeks, days };
}

/** `(bucket >= $n AND bucket < $n+1) OR ...` for `count` spans whose bounds start at parameter `first`. */
export function inSpans(first: number, count: number): string {
  return Array.from(
    { length: count },
    (_, index) => `(bucket >= $${first + 2 * index} AND bucket < $${first + 2 * index + 1})`,
  ).join(' OR ');
}

/** The bounds of the spans in order, as query parameters for inSpans. */
export function spanBounds(spans: CalendarSpans): Date[] {
  return [...spans.months, ...spans.weeks, ...spans.days].flatMap((span) => [span.from, span.to]);
}

/** The starts of the city days that the closed intervals [low, high] touch, in order, each once. */
export function cityDaysTouched(intervals: { low: Date; high: Date }[]): Date[] {
  const days = new Map<number, Date>();
  for (const { low, high } of intervals) {
    for (let day = cityDayStart(low); day <= high; day = nextCityDayStart(day)) days.set(day.getTime(), day);
  }
  return [...days.values()].sort((a, b) => a.getTime() - b.getTime());
}
