import { CITY_TIME_ZONE, addCityDays, cityDay, type TimeseriesPoint } from '@kiosk-pulse/contract';

/*
 * A time series as a chart draws it, worked out from the API's points without a page or ECharts:
 * every hour or city day of the range has its bucket (none missing, those with nothing counted
 * are 0), none after the present moment (what has not happened is not a zero), and the one under
 * way is marked partial, its figure still growing.
 */

export type Bucket = 'hour' | 'day';

export interface SeriesPoint {
  /** The bucket's start, an ISO-8601 instant. */
  t: string;
  value: number;
  partial: boolean;
}

const HOUR = 3_600_000;

const cityClock = new Intl.DateTimeFormat('en-US', {
  timeZone: CITY_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** How far the city's clock is ahead of UTC at an instant, in ms. */
function cityOffset(instant: number): number {
  const parts = Object.fromEntries(cityClock.formatToParts(instant).map(({ type, value }) => [type, Number(value)]));
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
  return wall - Math.floor(instant / 60_000) * 60_000;
}

/** The instant a city day (YYYY-MM-DD) begins: its midnight in the city, 17:00 UTC the day before. */
export function cityDayStartsAt(day: string): number {
  const [year, month, date] = day.split('-').map(Number);
  const midnightUtc = Date.UTC(year, month - 1, date);
  return midnightUtc - cityOffset(midnightUtc - cityOffset(midnightUtc));
}

const nextStart = (bucket: Bucket, start: number): number =>
  bucket === 'hour' ? start + HOUR : cityDayStartsAt(cityDay(start, 1));

/** The starts of the buckets of the city days [from, to), hour by hour or day by day. */
function bucketStarts(bucket: Bucket, from: string, to: string): number[] {
  const starts: number[] = [];
  if (bucket === 'hour') {
    const end = cityDayStartsAt(to);
    for (let start = cityDayStartsAt(from); start < end; start += HOUR) starts.push(start);
  } else for (let day = from; day < to; day = addCityDays(day, 1)) starts.push(cityDayStartsAt(day));
  return starts;
}

/**
 * The buckets of the city days [from, to) up to `now`, each with the API's value or 0. The
 * bucket holding `now` is partial. The API's own clock wrote the points: one it sent is kept
 * even if this clock places it in the future, and where it marked a point partial, that point
 * is the partial one.
 */
export function fillBuckets(
  points: TimeseriesPoint[],
  bucket: Bucket,
  range: { from: string; to: string },
  now: Date,
): SeriesPoint[] {
  const sent = new Map(points.map((point) => [Date.parse(point.t), point]));
  const starts = new Set(bucketStarts(bucket, range.from, range.to).filter((start) => start <= now.getTime()));
  for (const start of sent.keys()) starts.add(start);
  const ordered = [...starts].sort((a, b) => a - b);
  const flagged = points.some((point) => point.partial);
  return ordered.map((start) => {
    const holdsNow = start <= now.getTime() && now.getTime() < nextStart(bucket, start);
    return {
      t: new Date(start).toISOString(),
      value: sent.get(start)?.value ?? 0,
      partial: flagged ? sent.get(start)?.partial === true : holdsNow,
    };
  });
}
